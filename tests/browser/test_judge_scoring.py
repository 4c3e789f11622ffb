"""In Chromium on a phone-sized screen: a judge scores two projects (one saved as a draft and
finished later), declares a conflict on a third, and watches the progress update."""

import re

import pytest

from judging.assignments.tables import JudgeProfile
from judging.demo import DEMO_PASSWORD, demo_email
from judging.submissions.tables import Submission
from tests.reviews.judging_world import CRITERIA, attach_deck, build_world, cards, judge

pytestmark = pytest.mark.browser

LABELS = {
    "innovation": "Innovation",
    "market": "Market potential",
    "team": "Team",
    "business": "Business model",
    "feasibility": "Technical feasibility",
}


async def _judge_pool(competition_id: int) -> None:
    """Every demo judge in the pool, so a declared conflict can be reassigned."""
    for handle in ("judge1", "judge2", "judge3", "judge4", "judge5", "judge6"):
        account = await judge(handle)
        await JudgeProfile(
            competition=competition_id,
            email=account.email,
            account=account.id,
            display_name=account.display_name,
            organization=account.organization,
        ).save()


async def _fits_the_screen(page) -> bool:
    """Nothing wider than the phone: no sideways scrolling."""
    return await page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


async def _fill(page, values: dict[str, str]) -> None:
    for key, value in values.items():
        await page.get_by_label(LABELS[key], exact=True).fill(value)


async def test_a_judge_scores_on_a_phone_and_sees_progress(live_server, browser, demo):
    world = await build_world(demo.id)
    # judge1 (and judge2) have the three projects; the rest of the pool can take over.
    await _judge_pool(demo.id)
    titles = [
        (await Submission.objects().get(Submission.id == project)).title
        for project in world.projects
    ]

    context = await browser.new_context(
        locale="en-US",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = await context.new_page()
    await page.goto(f"{live_server}/login")
    await page.get_by_label("Email").fill(demo_email("judge1"))
    await page.locator("#password").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").tap()
    await page.wait_for_url(f"{live_server}/judge")
    progress = page.locator(f"#round-{world.round_id} .judge-progress-count strong")
    assert await progress.inner_text() == "0 / 3"
    assert await _fits_the_screen(page)

    # Project 1: every score typed, the total follows live, then saved as a draft.
    await page.get_by_role("link", name=titles[0]).tap()
    total = page.locator("#live-total")
    assert await total.inner_text() == "—"
    assert await _fits_the_screen(page)
    await _fill(page, dict.fromkeys(CRITERIA, "7"))
    assert await total.inner_text() == "70"
    await _fill(page, {"innovation": "8"})
    assert await total.inner_text() == "72.5"
    await page.get_by_label("Comment to the entrant").fill("Strong pilot data.")
    await page.get_by_role("button", name="Save draft").tap()
    await page.locator("#scorecard-notice").wait_for()
    assert "Draft saved" in await page.locator("#scorecard-notice").inner_text()

    await page.goto(f"{live_server}/judge")
    assert await progress.inner_text() == "0 / 3"

    # Project 2: scored and submitted at once.
    await page.get_by_role("link", name=titles[1]).tap()
    await _fill(page, {"innovation": "6", "market": "5.5", "team": "9", "business": "4"})
    assert await total.inner_text() == "—"
    await _fill(page, {"feasibility": "8"})
    assert await total.inner_text() == "64.75"
    await page.get_by_role("button", name="Submit scores").tap()
    await page.locator("#scorecard-notice").wait_for()
    assert "Scores submitted" in await page.locator("#scorecard-notice").inner_text()

    # Back to project 1: the draft is there; it is submitted now.
    await page.goto(f"{live_server}/judge")
    assert await progress.inner_text() == "1 / 3"
    await page.get_by_role("link", name=titles[0]).tap()
    assert await page.get_by_label("Innovation", exact=True).input_value() == "8"
    assert await total.inner_text() == "72.5"
    await page.get_by_role("button", name="Submit scores").tap()
    await page.locator("#scorecard-notice").wait_for()
    assert "Scores submitted" in await page.locator("#scorecard-notice").inner_text()
    await page.goto(f"{live_server}/judge")
    assert await progress.inner_text() == "2 / 3"

    # Project 3: a conflict instead of scores; the project leaves the queue.
    await page.get_by_role("link", name=titles[2]).tap()
    await page.get_by_text("Declare a conflict of interest instead").tap()
    await page.get_by_label("Reason").fill("I advised this team last year.")
    await page.get_by_role("button", name="Declare a conflict").tap()
    await page.wait_for_url(f"{live_server}/judge*")
    assert await progress.inner_text() == "2 / 2"
    assert await page.get_by_role("link", name=titles[2]).count() == 0
    await context.close()


async def test_a_judge_reopens_submitted_scores_only_after_confirming(live_server, browser, demo):
    world = await build_world(demo.id)
    title = (await Submission.objects().get(Submission.id == world.projects[0])).title
    context = await browser.new_context(
        locale="en-US", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = await context.new_page()
    await page.goto(f"{live_server}/login")
    await page.get_by_label("Email").fill(demo_email("judge1"))
    await page.locator("#password").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").tap()
    await page.wait_for_url(f"{live_server}/judge")
    await page.get_by_role("link", name=title).tap()
    await _fill(page, dict.fromkeys(CRITERIA, "6"))
    await page.get_by_role("button", name="Submit scores").tap()
    await page.locator("#scorecard-notice").wait_for()
    assert "Scores submitted" in await page.locator("#scorecard-notice").inner_text()

    # A submitted card has no "Save draft" to withdraw it by accident.
    assert await page.get_by_role("button", name="Save draft").count() == 0
    assert await _fits_the_screen(page)
    await page.get_by_role("link", name="Reopen as a draft…").tap()
    await page.wait_for_url("**/reopen")
    assert "no longer count" in await page.locator("#reopen-explained").inner_text()
    assert await _fits_the_screen(page)
    # Changing one's mind changes nothing.
    await page.get_by_role("link", name="Keep them submitted").tap()
    assert "Submitted" in await page.locator("#scorecard-status").inner_text()

    await page.get_by_role("link", name="Reopen as a draft…").tap()
    await page.get_by_role("button", name="Reopen as a draft").tap()
    await page.wait_for_url(re.compile(r"/projects/\d+$"))
    await page.locator("#scorecard-notice").wait_for()
    assert "do not count" in await page.locator("#scorecard-notice").inner_text()
    assert "Reopened" in await page.locator("#scorecard-status").inner_text()
    assert await page.get_by_label("Innovation", exact=True).input_value() == "6"
    assert await page.get_by_role("button", name="Save draft").count() == 1

    await page.goto(f"{live_server}/judge")
    item = page.locator(".judge-queue-item", has_text=title)
    assert "Reopened" in await item.inner_text()
    assert await _fits_the_screen(page)
    await context.close()


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


async def _signed_in_judge(live_server, browser, viewport, locale="en-US"):
    """A page of judge1, signed in, in a window of ``viewport`` (a phone below 500 px)."""
    phone = viewport["width"] < 500
    context = await browser.new_context(
        locale=locale, viewport=viewport, is_mobile=phone, has_touch=phone
    )
    page = await context.new_page()
    await page.goto(f"{live_server}/login")
    await page.locator("#email").fill(demo_email("judge1"))
    await page.locator("#password").fill(DEMO_PASSWORD)
    await page.locator("#password").press("Enter")
    await page.wait_for_url(f"{live_server}/judge")
    return page


async def _titles_in_queue_order(projects: list[int]) -> list[tuple[int, str]]:
    """(id, title) of untouched projects in the order the judge's queue lists them."""
    rows = [await Submission.objects().get(Submission.id == project) for project in projects]
    return sorted(((row.id, row.title) for row in rows), key=lambda pair: pair[1].casefold())


async def _top(page, selector: str) -> float:
    """Where the element starts, in CSS px from the top of the page (not of the window)."""
    return await page.evaluate(
        "(selector) => document.querySelector(selector).getBoundingClientRect().top + scrollY",
        selector,
    )


async def test_on_a_phone_the_scores_are_one_tap_away_and_the_deck_is_folded(
    live_server, browser, demo, tmp_path
):
    world = await build_world(demo.id)
    project = world.projects[0]
    await attach_deck(project, str(tmp_path))
    page = await _signed_in_judge(live_server, browser, PHONE)
    await page.goto(f"{live_server}/judge/rounds/{world.round_id}/projects/{project}")

    jump = page.get_by_role("link", name="Score this project")
    box = await jump.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the jump to the scores is below the fold"
    assert box["height"] >= 44
    # The deck viewer waits folded; its links stay, and it unfolds on demand.
    deck = page.locator("#deck-details")
    assert await deck.evaluate("(details) => details.open") is False
    assert await page.locator(".deck-viewer").is_visible() is False
    assert await page.get_by_role("link", name="Open the pitch deck").is_visible()
    folded_form_top = await _top(page, "#scoring")
    await page.get_by_text("Show the deck on this page").tap()
    assert await page.locator(".deck-viewer").is_visible()
    assert await _top(page, "#scoring") > folded_form_top
    await page.get_by_text("Show the deck on this page").tap()

    await jump.tap()
    await page.wait_for_url("**#scoring")
    heading = await page.locator("#scoring-heading").bounding_box()
    assert 0 <= heading["y"] < PHONE["height"] / 2
    assert await page.get_by_label("Innovation", exact=True).is_visible()
    assert await _fits_the_screen(page)
    await page.context.close()


async def test_on_a_desktop_the_deck_is_open_beside_the_scores(
    live_server, browser, demo, tmp_path
):
    world = await build_world(demo.id)
    project = world.projects[0]
    await attach_deck(project, str(tmp_path))
    page = await _signed_in_judge(live_server, browser, DESKTOP)
    await page.goto(f"{live_server}/judge/rounds/{world.round_id}/projects/{project}")
    await page.wait_for_load_state("load")
    assert await page.locator("#deck-details").evaluate("(details) => details.open") is True
    assert await page.locator(".deck-viewer").is_visible()
    # The scores stand beside the project, in the first screen: no jump link needed.
    assert await page.locator("#jump-to-scoring").is_visible() is False
    assert await _top(page, "#scoring") < DESKTOP["height"] / 2
    await page.context.close()


async def test_an_incomplete_card_focuses_the_error_summary_which_leads_to_each_field(
    live_server, browser, demo
):
    world = await build_world(demo.id)
    page = await _signed_in_judge(live_server, browser, PHONE)
    await page.goto(f"{live_server}/judge/rounds/{world.round_id}/projects/{world.projects[0]}")
    await _fill(page, {"innovation": "8", "market": "6"})
    await page.get_by_role("button", name="Submit scores").tap()
    summary = page.locator("#form-errors")
    await summary.wait_for()
    assert await page.evaluate("document.activeElement.id") == "form-errors"
    links = summary.get_by_role("link")
    assert await links.all_inner_texts() == [
        "Team: Score this criterion before submitting.",
        "Business model: Score this criterion before submitting.",
        "Technical feasibility: Score this criterion before submitting.",
    ]
    await summary.get_by_role("link", name="Business model: Score this criterion").tap()
    assert await page.evaluate("document.activeElement.id") == "score-business"
    business = page.get_by_label("Business model", exact=True)
    assert await business.get_attribute("aria-invalid") == "true"
    # Its own message beside it is what a screen reader reads with it.
    described = await business.get_attribute("aria-describedby")
    assert described.split() == ["score-business-hint", "score-business-error"]
    assert await page.locator("#score-business-error").inner_text() == (
        "Score this criterion before submitting."
    )
    # The scores typed are kept.
    assert await page.get_by_label("Market potential", exact=True).input_value() == "6"
    await page.context.close()


async def test_the_live_total_and_the_server_say_the_same_about_a_score_in_chinese(
    live_server, browser, demo
):
    world = await build_world(demo.id)
    page = await _signed_in_judge(live_server, browser, PHONE, locale="zh-CN")
    await page.goto(f"{live_server}/judge/rounds/{world.round_id}/projects/{world.projects[0]}")
    total = page.locator("#live-total")
    innovation, market = page.locator("#score-innovation"), page.locator("#score-market")
    for key in CRITERIA:
        await page.locator(f"#score-{key}").fill("7")
    assert await total.inner_text() == "70"

    expected = {
        "11": "请输入 0 到 10 之间的分数。",
        "7.55": "最多保留一位小数，例如 7.5。",
        "7,55": "最多保留一位小数，例如 7.5。",
        "7,5,5": "请输入数字。",
    }
    for typed, message in expected.items():
        await innovation.fill(typed)
        assert await total.inner_text() == "—", typed
        assert await page.locator("#score-innovation-error").inner_text() == message, typed
        assert "score-innovation-error" in await innovation.get_attribute("aria-describedby")

    # A decimal comma is a decimal: 7.5 x 25 % + 7 x 75 % = 71.25, and the message goes.
    await innovation.fill("7,5")
    assert await total.inner_text() == "71.25"
    assert await page.locator("#score-innovation-error").count() == 0
    assert await innovation.get_attribute("aria-invalid") is None
    assert await innovation.get_attribute("aria-describedby") == "score-innovation-hint"

    # No browser bubble stops the form: the server answers, with the same words.
    await market.fill("11")
    live_message = await page.locator("#score-market-error").inner_text()
    await page.get_by_role("button", name="提交评分").tap()
    await page.locator("#form-errors").wait_for()
    assert await page.locator("#score-market-error").inner_text() == live_message
    assert (
        "市场潜力：请输入 0 到 10 之间的分数。" in await page.locator("#form-errors").inner_text()
    )
    assert await innovation.input_value() == "7,5"

    await market.fill("８")
    await page.get_by_role("button", name="提交评分").tap()
    await page.locator("#scorecard-notice").wait_for()
    [card] = await cards(world.round_id)
    assert card["scores"]["innovation"] == 7.5
    assert card["scores"]["market"] == 8
    await page.context.close()


async def _focus_is_visible(page) -> bool:
    """The focused control shows where it is: a focus ring of 2 px or more."""
    return await page.evaluate(
        """() => {
          const element = document.activeElement;
          const style = getComputedStyle(element);
          return element.matches(":focus-visible") && style.outlineStyle !== "none"
            && parseFloat(style.outlineWidth) >= 2;
        }"""
    )


async def _tab_to(page, description: str, matches: str, limit: int = 40) -> None:
    """Press Tab until the focused element passes the ``matches`` test, each stop visibly."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        assert await _focus_is_visible(page), await page.evaluate(
            "document.activeElement.outerHTML.slice(0, 120)"
        )
        if await page.evaluate(f"(element => {matches})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {description}")


async def test_a_judge_scores_and_submits_with_the_keyboard_alone(live_server, browser, demo):
    world = await build_world(demo.id)
    (first, first_title), (second, second_title), _ = await _titles_in_queue_order(world.projects)
    page = await _signed_in_judge(live_server, browser, PHONE)

    await _tab_to(page, "the first project", f"element.textContent.includes({first_title!r})")
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"**/projects/{first}")
    await _tab_to(page, "the jump to the scores", "element.id === 'jump-to-scoring'")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**#scoring")
    await _tab_to(page, "the first score", "element.id === 'score-innovation'", limit=3)
    for index, key in enumerate(CRITERIA):
        if index:
            await page.keyboard.press("Tab")
            assert await page.evaluate("document.activeElement.id") == f"score-{key}"
            assert await _focus_is_visible(page)
        await page.keyboard.type("8")
    assert await page.locator("#live-total").inner_text() == "80"
    await page.keyboard.press("Tab")
    await page.keyboard.type("Clear plan, credible team.")
    await _tab_to(page, "submit and next", "element.id === 'submit-and-next'")
    await page.keyboard.press("Enter")

    await page.wait_for_url(f"**/projects/{second}")
    assert second_title in await page.locator("h1").inner_text()
    notices = await page.locator(".alert-success").all_inner_texts()
    assert any("Scores submitted" in notice for notice in notices)
    assert any("next project left for you to score" in notice for notice in notices)
    [card] = await cards(world.round_id)
    assert (card["submission"], card["status"]) == (first, "submitted")
    assert card["comment_to_entrant"] == "Clear plan, credible team."
    await page.context.close()
