"""Locale: saved preference, else the language switch, else Accept-Language, else English."""

from judging.i18n import negotiate_locale, parse_accept_language
from tests.support import TEST_PASSWORD, make_account


def test_accept_language_is_ordered_by_quality():
    assert parse_accept_language("en;q=0.5, zh-CN, fr;q=0.8") == ["zh-CN", "fr", "en"]


def test_saved_preference_beats_cookie_and_browser():
    assert negotiate_locale("en", "zh_CN", "zh-CN", "zh_CN") == "en"


def test_cookie_beats_browser():
    assert negotiate_locale("", "zh_CN", "en-US", "en") == "zh_CN"


def test_browser_chinese_variants_map_to_simplified_chinese():
    assert negotiate_locale(None, None, "zh", "en") == "zh_CN"
    assert negotiate_locale(None, None, "zh-Hans-CN", "en") == "zh_CN"
    assert negotiate_locale(None, None, "zh-TW, en;q=0.5", "zh_CN") == "en"


def test_unsupported_languages_fall_back_to_default():
    assert negotiate_locale(None, None, "fr-FR, de", "en") == "en"


async def test_page_follows_accept_language(client):
    response = await client.get("/login", headers={"accept-language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-CN">' in response.text
    assert "忘记密码？" in response.text


async def test_language_switch_sets_cookie_and_returns_to_page(client):
    response = await client.post_form("/lang", {"locale": "zh_CN", "next": "/register"})
    assert response.status_code == 303
    assert response.headers["location"] == "/register"
    page = await client.get("/register", headers={"accept-language": "en"})
    assert '<html lang="zh-CN">' in page.text


async def test_language_switch_is_saved_for_a_signed_in_account(client):
    account = await make_account("judge@example.com")
    await client.sign_in("judge@example.com", TEST_PASSWORD)
    await client.post_form("/lang", {"locale": "zh_CN", "next": "/account"})
    client.http.cookies.delete("lang")
    page = await client.get("/account", headers={"accept-language": "en"})
    assert '<html lang="zh-CN">' in page.text
    await account.refresh()
    assert account.locale == "zh_CN"


async def test_form_errors_are_translated(client):
    response = await client.post_form(
        "/register", {"email": "x@y"}, headers={"accept-language": "zh-CN"}
    )
    assert "请输入有效的邮箱地址。" in response.text
    assert "此项为必填项。" in response.text


async def test_api_errors_are_translated(client):
    response = await client.api(
        "POST",
        "/api/v1/session",
        json={"email": "nobody@example.com", "password": "wrong"},
        headers={"accept-language": "zh-CN"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "password", "message": "邮箱或密码不正确。"}]


async def test_dates_are_shown_in_the_competition_time_zone(client):
    from datetime import UTC, datetime

    from judging.i18n import format_datetime_local

    moment = datetime(2021, 9, 1, 2, 0, tzinfo=UTC)
    assert "10:00" in format_datetime_local(moment, "zh_CN", "Asia/Shanghai")
    assert "2021年9月1日" in format_datetime_local(moment, "zh_CN", "Asia/Shanghai")
    assert "Sep 1, 2021" in format_datetime_local(moment, "en", "Asia/Shanghai")
