"""In Chromium on a phone-sized screen: a judge scores two projects (one saved as a draft and
finished later), declares a conflict on a third, and watches the progress update."""

import re

import pytest

from judging.assignments.tables import JudgeProfile
from judging.demo import DEMO_PASSWORD, demo_email
from judging.submissions.tables import Submission
from tests.reviews.judging_world import CRITERIA, build_world, judge

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
