"""In Chromium, on a phone: an organizer makes a competition API token, copies it from the
page that shows it once, and a script uses it; then adds a webhook endpoint and sees its
first delivery arrive at a real receiver, signed with the secret the page shows."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from playwright.async_api import expect

from judging.clock import utcnow
from judging.demo import DEMO_PASSWORD, demo_email
from judging.integrations import services as webhooks
from judging.integrations import signing

pytestmark = pytest.mark.browser


async def test_an_organizer_connects_a_script_and_an_endpoint(demo, live_server, browser, receiver):
    context = await browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = await context.new_page()
    await page.goto(f"{live_server}/login")
    await page.get_by_label("Email").fill(demo_email("organizer"))
    await page.locator("#password").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(lambda url: "/login" not in url)

    await page.goto(f"{live_server}/organize/{demo.id}")
    await page.get_by_role("link", name="API tokens").click()
    await page.get_by_label("Token name").fill("Registration sync")
    await page.get_by_label("Organize").check()
    await page.get_by_role("button", name="Make the token").click()
    await expect(page.locator("#token-made")).to_contain_text("it is not shown again")
    token = await page.locator("#new-token").input_value()
    await expect(page.get_by_role("cell", name="Registration sync", exact=True)).to_be_visible()
    async with httpx.AsyncClient(base_url=live_server) as script:
        listed = await script.get(
            f"/api/v1/competitions/{demo.id}/submissions",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert listed.status_code == 200
    await page.goto(f"{live_server}/organize/{demo.id}/api-tokens/")
    await expect(page.locator("#new-token")).to_have_count(0)  # shown once, never again
    assert token not in await page.content()

    await page.goto(f"{live_server}/organize/{demo.id}")
    await page.get_by_role("link", name="Webhooks").click()
    await page.get_by_label("Address").fill(receiver.url)
    await page.get_by_role("button", name="Add the endpoint").click()
    await expect(page.locator("#webhook-notice")).to_contain_text("The endpoint is added")
    secret = await page.get_by_label("Signing secret").input_value()
    await webhooks.queue_event(demo.id, signing.ROUND_PUBLISHED, {"round_id": 1}, utcnow())
    for _ in range(200):  # the served process sends it within its next tick
        if receiver.received:
            break
        await asyncio.sleep(0.05)
    [got] = receiver.received
    assert signing.verify(secret, got.headers[signing.SIGNATURE_HEADER], got.body, utcnow())
    await page.reload()
    await expect(page.get_by_role("cell", name="Delivered", exact=True)).to_be_visible()
    await context.close()
