"""In Chromium: a deck over the upload limit is refused in the browser before it is sent, and
without JavaScript the server's 413 page leads back, switches language and signs out."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from judging.demo import DEMO_PASSWORD, demo_email
from tests.submissions.entrant_world import first_project, padded_pdf
from tests.support import running_server

pytestmark = pytest.mark.browser


async def _signed_in_page(browser, base: str, javascript: bool):
    context = await browser.new_context(locale="en-US", java_script_enabled=javascript)
    page = await context.new_page()
    await page.goto(f"{base}/login")
    await page.get_by_label("Email").fill(demo_email("entrant1"))
    await page.locator("#password").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(f"{base}/projects")
    return page


async def test_a_deck_over_the_limit_is_refused_before_it_is_sent(demo, browser, tmp_path):
    project = await first_project("entrant1")
    deck = tmp_path / "deck.pdf"
    deck.write_bytes(padded_pdf(1024 * 1024 + 10_000))
    async with running_server(tmp_path, {"JUDGING_MAX_UPLOAD_MB": "1"}) as base:
        page = await _signed_in_page(browser, base, javascript=True)
        uploads = []
        page.on("request", lambda request: uploads.append(request.method == "POST"))
        await page.goto(f"{base}/projects/{project.id}")
        await page.locator("#deck").set_input_files(deck)
        await expect(page.locator("#deck-size-error")).to_have_text(
            "The pitch deck is larger than 1 MB. Upload a smaller PDF."
        )
        await page.get_by_role("button", name="Upload", exact=True).click()
        await expect(page.locator("#deck")).to_have_attribute("aria-invalid", "true")
        assert page.url == f"{base}/projects/{project.id}"
        assert not any(uploads)


async def test_after_a_413_the_page_switches_language_and_signs_out(demo, browser, tmp_path):
    project = await first_project("entrant1")
    deck = tmp_path / "deck.pdf"
    deck.write_bytes(padded_pdf(3 * 1024 * 1024))
    async with running_server(tmp_path, {"JUDGING_MAX_UPLOAD_MB": "1"}) as base:
        page = await _signed_in_page(browser, base, javascript=False)
        await page.goto(f"{base}/projects/{project.id}")
        await page.locator("#deck").set_input_files(deck)
        await page.get_by_role("button", name="Upload", exact=True).click()
        await expect(page.locator(".error-code")).to_have_text("Error 413")
        await expect(page.locator(".error-page")).to_contain_text("the limit is 1 MB")
        await expect(page.locator("#error-back")).to_have_attribute(
            "href", f"/projects/{project.id}"
        )

        await page.get_by_role("button", name="中文").click()
        await page.wait_for_url(f"{base}/projects/{project.id}")
        await expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

        await page.locator("#deck").set_input_files(deck)
        await page.locator(".deck-form button[type=submit]").click()
        await expect(page.locator(".error-code")).to_contain_text("413")
        await page.locator("form[action='/logout'] button").click()
        await page.wait_for_load_state()
        assert "/login" in page.url or page.url.rstrip("/") == base
        await expect(page.locator("form[action='/logout']")).to_have_count(0)
