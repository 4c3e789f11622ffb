"""In Chromium: an organizer adds a required choice question to the application form and
previews it; an entrant's project is refused while the question is unanswered, the refusal
leads to the question, and once answered the project is submitted."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from judging.demo import DEMO_PASSWORD, demo_email
from judging.submissions.tables import Submission
from tests.submissions.entrant_world import DEMO_ANSWERS, project_json, small_pdf

pytestmark = pytest.mark.browser


async def _sign_in(browser, base: str, handle: str, width: int = 1280):
    context = await browser.new_context(locale="en-US", viewport={"width": width, "height": 900})
    page = await context.new_page()
    await page.goto(f"{base}/login")
    await page.get_by_label("Email").fill(demo_email(handle))
    await page.locator("#password").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(lambda url: "/login" not in url)
    return context, page


async def test_an_organizer_adds_a_required_question_and_an_entrant_must_answer_it(
    demo, live_server, browser, tmp_path
):
    organizer, page = await _sign_in(browser, live_server, "organizer")
    await page.goto(f"{live_server}/organize/{demo.id}")
    await page.get_by_role("link", name="Application form").click()
    await page.locator("#key").fill("round_raising")
    await page.locator("#kind").select_option("single_choice")
    await page.locator("#label_en").fill("Round you are raising")
    await page.locator("#label_zh").fill("本轮融资")
    await page.get_by_label("An answer is needed to submit the project").check()
    # A choice written the wrong way is shown again with the line it is on.
    await page.locator("#choices").fill("seed: Seed")
    await page.get_by_role("button", name="Add question").click()
    await expect(page.locator("#choices-error")).to_contain_text("Line 1")
    assert await page.locator("#label_en").input_value() == "Round you are raising"
    await page.locator("#choices").fill("seed | Seed | 种子轮\nseries_a | Series A | A 轮")
    await page.get_by_role("button", name="Add question").click()
    await expect(page.locator("#questions-notice")).to_have_text(
        "The question is added to the application form."
    )
    await expect(page.locator("#question-round_raising")).to_contain_text("Required")
    await page.get_by_role("link", name="Preview the form as an entrant sees it").click()
    await expect(
        page.get_by_role("group", name=re.compile("Round you are raising"))
    ).to_be_visible()
    # And a required business-plan file.
    await page.goto(f"{live_server}/organize/{demo.id}/form/files/new")
    await page.locator("#key").fill("financial_model")
    await page.locator("#label_en").fill("Financial model")
    await page.locator("#label_zh").fill("财务模型")
    await page.get_by_label("The file is needed to submit the project").check()
    await page.get_by_role("button", name="Ask for this file").click()
    await expect(page.locator("#slots-notice")).to_have_text(
        "The file is added to the application form."
    )
    await organizer.close()

    entrant, page = await _sign_in(browser, live_server, "entrant3", width=390)
    created = await page.request.post(
        f"{live_server}/api/v1/projects",
        data=project_json((await _ai_track(demo)), answers=DEMO_ANSWERS),
        headers={"x-csrftoken": await _csrf(entrant)},
    )
    assert created.status == 201, await created.text()
    project_id = (await created.json())["id"]
    await page.goto(f"{live_server}/projects/{project_id}")
    deck = tmp_path / "deck.pdf"
    deck.write_bytes(small_pdf())
    await page.locator("#deck").set_input_files(deck)
    await page.get_by_role("button", name="Upload", exact=True).click()
    await page.get_by_role("button", name="Submit the project").click()
    refusal = page.locator("#form-errors")
    await expect(refusal).to_contain_text(
        "Round you are raising: This question needs an answer before the project is submitted."
    )
    await expect(refusal).to_contain_text(
        "Financial model: This file is needed before the project is submitted."
    )
    assert (await Submission.objects().get(Submission.id == project_id)).status == "draft"
    await page.locator('[id="attachments.financial_model"]').set_input_files(deck)
    await page.get_by_role("button", name="Upload Financial model").click()
    await expect(page.locator("#project-notice")).to_have_text("The file is uploaded.")
    await page.get_by_role("button", name="Submit the project").click()
    await expect(refusal).not_to_contain_text("Financial model")

    await refusal.get_by_role("link", name=re.compile("Round you are raising")).click()
    await page.wait_for_url(re.compile(rf"/projects/{project_id}/edit#answers\.round_raising$"))
    await page.get_by_label("Series A").check()
    await page.get_by_role("button", name="Save", exact=True).click()
    await expect(page.locator("#project-notice")).to_have_text("Your changes are saved.")
    await expect(page.locator(".application-answers")).to_contain_text("Series A")
    await page.get_by_role("button", name="Submit the project").click()
    await expect(page.locator("#project-notice")).to_contain_text("Your project is submitted.")
    saved = await Submission.objects().get(Submission.id == project_id)
    assert saved.status == "submitted"
    await entrant.close()


async def _ai_track(demo) -> int:
    from judging.competitions.tables import Track

    return (await Track.objects().get((Track.competition == demo.id) & (Track.key == "ai"))).id


async def _csrf(context) -> str:
    cookies = await context.cookies()
    return next(cookie["value"] for cookie in cookies if cookie["name"] == "csrftoken")


async def test_a_cofounder_joins_by_the_mailed_link_and_completes_the_form(
    demo, live_server, browser, tmp_path
):
    from judging.outbox.tables import OutboxMessage
    from tests.support import TEST_PASSWORD, make_account

    entrant, page = await _sign_in(browser, live_server, "entrant3")
    created = await page.request.post(
        f"{live_server}/api/v1/projects",
        data=project_json(await _ai_track(demo), answers={}),
        headers={"x-csrftoken": await _csrf(entrant)},
    )
    project_id = (await created.json())["id"]
    await page.goto(f"{live_server}/projects/{project_id}")
    await page.get_by_label("Invite a co-founder by email").fill("cofounder@example.com")
    await page.get_by_role("button", name="Invite", exact=True).click()
    await expect(page.locator("#team-notice")).to_have_text(
        "The invitation is on its way to cofounder@example.com."
    )
    mail = await OutboxMessage.objects().get(OutboxMessage.kind == "team_invitation")
    link = re.search(r"http://\S+(/team-invitations/\S+)", mail.body).group(1)

    await make_account("cofounder@example.com", name="Co Founder")
    cofounder = await browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    other = await cofounder.new_page()
    await other.goto(f"{live_server}{link}")
    await other.locator("#main").get_by_role("link", name="Sign in").click()
    await other.get_by_label("Email").fill("cofounder@example.com")
    await other.locator("#password").fill(TEST_PASSWORD)
    await other.get_by_role("button", name="Sign in").click()
    await other.wait_for_url(re.compile(r"/team-invitations/"))
    await other.get_by_role("button", name="Accept the invitation").click()
    await expect(other.locator("#team-notice")).to_contain_text("Welcome to the team")
    await other.goto(f"{live_server}/projects/{project_id}/edit")
    await other.get_by_label("Pilot customers").check()
    await other.get_by_label("Funding raised so far").fill("800000")
    await other.get_by_label("Team size").fill("4")
    await other.get_by_role("button", name="Save", exact=True).click()
    await expect(other.locator("#project-notice")).to_have_text("Your changes are saved.")
    await cofounder.close()

    deck = tmp_path / "deck.pdf"
    deck.write_bytes(small_pdf())
    await page.reload()
    await expect(page.locator("#team-accounts-heading")).to_be_visible()
    await expect(page.locator(".team-accounts")).to_contain_text("Co Founder")
    await page.locator("#deck").set_input_files(deck)
    await page.get_by_role("button", name="Upload", exact=True).click()
    await page.get_by_role("button", name="Submit the project").click()
    await expect(page.locator("#project-notice")).to_contain_text("Your project is submitted.")
    await entrant.close()
