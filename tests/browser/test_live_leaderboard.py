"""In Chromium: the public big screen follows the judging without reloading, announces the
progress politely, and shows the totals once the organizer reveals them; it also fits a phone."""

import httpx
import pytest
from playwright.async_api import expect

from judging.competitions.tables import Round
from judging.demo import DEMO_PASSWORD, demo_email
from tests.reviews.judging_world import build_world, card_json, scores

pytestmark = pytest.mark.browser


async def signed_in(base: str, handle: str) -> httpx.AsyncClient:
    """An API client of the live server, signed in as a demo account."""
    http = httpx.AsyncClient(base_url=base, timeout=10)
    await http.get("/login")
    response = await http.post(
        "/api/v1/session",
        json={"email": demo_email(handle), "password": DEMO_PASSWORD},
        headers={"x-csrftoken": http.cookies["csrftoken"]},
    )
    assert response.status_code == 201
    await http.get("/api/v1/me")  # a fresh CSRF cookie for the new session
    http.headers["x-csrftoken"] = http.cookies["csrftoken"]
    return http


async def test_the_big_screen_follows_scores_and_reveals_totals_without_reloading(
    live_server, browser, demo
):
    world = await build_world(demo.id)
    await Round.update({Round.leaderboard_public: True}).where(Round.id == world.round_id)
    board_url = f"{live_server}/live/rounds/{world.round_id}"
    context = await browser.new_context(locale="en-US", viewport={"width": 1920, "height": 1080})
    page = await context.new_page()
    await page.goto(board_url)
    await expect(page.locator("#live-indicator")).to_have_attribute("data-status", "live")
    await expect(page.locator("#live-cards-in")).to_have_text("0")
    await expect(page.locator("#live-cards-expected")).to_have_text("6")
    # Set by the test: a reload or a navigation would wipe it.
    await page.evaluate("window.stillTheSamePage = true")
    updates = int(await page.locator("#live-board").get_attribute("data-updates"))

    judge1 = await signed_in(live_server, "judge1")
    organizer = await signed_in(live_server, "organizer")
    try:
        saved = await judge1.put(
            f"/api/v1/judge/rounds/{world.round_id}/projects/{world.projects[0]}/scorecard",
            json=card_json(scores(), action="submit"),
        )
        assert saved.status_code == 200, saved.text
        await expect(page.locator("#live-cards-in")).to_have_text("1")
        row = page.locator(f'tr[data-submission="{world.projects[0]}"]')
        await expect(row.locator(".live-cards-count")).to_have_text("1 / 2")
        await expect(page.locator("#live-announcer")).to_have_text("Scorecards in: 1 of 6.")
        assert page.url == board_url
        assert await page.evaluate("window.stillTheSamePage === true")
        assert int(await page.locator("#live-board").get_attribute("data-updates")) > updates
        await expect(row.locator(".live-score")).to_be_hidden()

        revealed = await organizer.patch(
            f"/api/v1/competitions/{world.competition_id}/rounds/{world.round_id}/live",
            json={"reveal_totals": True},
        )
        assert revealed.status_code == 200
        await expect(page.locator("#live-board")).to_have_attribute("data-revealed", "true")
        first = page.locator("#live-rows tr").first
        await expect(first.locator(".live-score")).to_have_text("70.00")
        await expect(first.locator(".live-score")).to_be_visible()
        assert await page.evaluate("window.stillTheSamePage === true")
    finally:
        await judge1.aclose()
        await organizer.aclose()
        await context.close()


async def test_the_big_screen_fits_a_phone(live_server, browser, demo):
    world = await build_world(demo.id)
    await Round.update({Round.leaderboard_public: True}).where(Round.id == world.round_id)
    context = await browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = await context.new_page()
    try:
        await page.goto(f"{live_server}/live/rounds/{world.round_id}")
        await expect(page.locator("#live-indicator")).to_have_attribute("data-status", "live")
        await expect(page.locator("#live-title")).to_have_text("初赛")
        assert await page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    finally:
        await context.close()
