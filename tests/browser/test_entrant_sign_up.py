"""In Chromium: a new entrant registers, switches to Chinese, signs out and signs in again."""

import pytest

pytestmark = pytest.mark.browser


async def test_new_entrant_registers_switches_to_chinese_and_signs_in(live_server, browser):
    context = await browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = await context.new_page()
    await page.goto(f"{live_server}/register")
    assert await page.get_attribute("html", "lang") == "en"

    await page.get_by_label("Email").fill("mei@example.com")
    await page.get_by_label("Your name").fill("Mei Lin")
    # The label reads "Password *"; the id keeps it apart from "Repeat the password".
    await page.locator("#password").fill("a-good-password")
    await page.get_by_label("Repeat the password").fill("a-good-password")
    await page.get_by_role("button", name="Create account").click()
    await page.wait_for_url(f"{live_server}/projects")
    assert await page.get_by_role("heading", name="My projects").is_visible()

    await page.get_by_role("button", name="中文").click()
    await page.wait_for_load_state()
    assert await page.get_attribute("html", "lang") == "zh-CN"
    assert await page.get_by_role("heading", name="我的项目").is_visible()

    await page.get_by_role("button", name="退出").click()
    await page.get_by_role("link", name="登录").first.click()
    await page.get_by_label("邮箱").fill("mei@example.com")
    await page.locator("#password").fill("a-good-password")
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url(f"{live_server}/projects")
    assert await page.get_by_role("heading", name="我的项目").is_visible()
    assert await page.get_attribute("html", "lang") == "zh-CN"
    await context.close()


async def test_wrong_password_error_is_beside_the_field(live_server, browser):
    context = await browser.new_context(locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{live_server}/login")
    await page.get_by_label("邮箱").fill("nobody@example.com")
    await page.get_by_label("密码").fill("wrong")
    await page.get_by_role("button", name="登录").click()
    error = page.locator("#password-error")
    assert await error.inner_text() == "邮箱或密码不正确。"
    assert await page.get_attribute("#password", "aria-invalid") == "true"
    await context.close()
