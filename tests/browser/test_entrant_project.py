"""In Chromium: an entrant creates a project, uploads a PDF deck, submits it, and after the
deadline the edit page says so and a save changes nothing."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from judging.demo import DEMO_PASSWORD, demo_email
from judging.outbox.tables import OutboxMessage
from judging.submissions.tables import Submission
from tests.submissions.entrant_world import close_window, small_pdf

pytestmark = pytest.mark.browser


async def test_entrant_creates_uploads_submits_and_is_refused_after_the_deadline(
    demo, live_server, browser, tmp_path
):
    deck = tmp_path / "Our pitch deck.pdf"
    deck.write_bytes(small_pdf(pages=2))
    context = await browser.new_context(locale="en-US")
    page = await context.new_page()

    await page.goto(f"{live_server}/login")
    await page.get_by_label("Email").fill(demo_email("entrant3"))
    await page.locator("#password").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(f"{live_server}/projects")

    await page.get_by_role("link", name="Enter a project").click()
    await page.get_by_role("link", name="China Gate Master 2021").click()
    await page.locator("#track_id").select_option(label="Artificial intelligence")
    await page.locator("#title").fill("Solar cold chain for vaccines")
    await page.locator("#summary").fill("Keeps vaccines cold in villages without grid power.")
    await page.locator("#description").fill("## Why\n\nVillages lose **30%** of their vaccines.")
    await page.locator("#team-0-name").fill("Priya Nair")
    await page.locator("#team-0-role").fill("CEO")
    await page.locator("#team-0-email").fill("priya@example.com")
    await page.locator("#country").select_option("SG")
    await page.locator("#website").fill("https://coldchain.example")
    # The demo application form's required questions.
    await page.get_by_label("Pilot customers").check()
    await page.get_by_label("Funding raised so far").fill("1,500,000")
    await page.get_by_label("Team size").fill("6")
    await page.get_by_role("button", name="Create the draft").click()
    await page.wait_for_url(re.compile(r"/projects/\d+$"))
    assert (
        "Upload the pitch deck, then submit" in await page.locator("#project-notice").inner_text()
    )
    project_id = int(re.search(r"/projects/(\d+)", page.url).group(1))
    assert await page.locator("#project-status").inner_text() == "Draft"
    assert await page.locator(".project-description strong").inner_text() == "30%"

    await page.locator("#deck").set_input_files(deck)
    await page.get_by_role("button", name="Upload", exact=True).click()
    await expect(page.locator("#project-notice")).to_have_text("The pitch deck is uploaded.")
    assert await page.get_by_role("link", name="Open the pitch deck").is_visible()

    await page.get_by_role("button", name="Submit the project").click()
    await expect(page.locator("#project-notice")).to_contain_text("Your project is submitted.")
    assert await page.locator("#project-status").inner_text() == "Submitted"
    assert await OutboxMessage.exists().where(
        (OutboxMessage.kind == "submission_received")
        & (OutboxMessage.to_address == demo_email("entrant3"))
    )

    await page.get_by_role("link", name="Edit", exact=True).click()
    await page.locator("#title").fill("Renamed after the deadline")
    await close_window(demo.id)
    await page.get_by_role("button", name="Save", exact=True).click()
    assert "The submission deadline passed on" in await page.locator("#form-errors").inner_text()
    saved = await Submission.objects().get(Submission.id == project_id)
    assert (saved.title, saved.status) == ("Solar cold chain for vaccines", "submitted")

    await page.goto(f"{live_server}/projects/{project_id}/edit")
    assert "The submission deadline passed on" in await page.locator("#project-lock").inner_text()
    assert await page.locator("#title").is_disabled()
    assert await page.get_by_role("button", name="Save", exact=True).count() == 0
    await context.close()
