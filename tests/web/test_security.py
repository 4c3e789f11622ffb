"""CSRF protection, cookie flags, security headers and production safety."""

import pytest

from judging.settings import DEFAULT_SECRET_KEY, InsecureSettings, Settings
from tests.support import TEST_PASSWORD, make_account


async def test_form_post_without_csrf_token_is_refused(client):
    await make_account("judge@example.com")
    await client.get("/login")
    response = await client.post_form(
        "/login", {"email": "judge@example.com", "password": TEST_PASSWORD}, csrf=False
    )
    assert response.status_code == 403
    assert "did not come from this site" in response.text
    assert (await client.api("GET", "/api/v1/me")).status_code == 401


async def test_api_post_without_csrf_header_is_refused(client):
    await make_account("judge@example.com")
    await client.get("/login")
    response = await client.api(
        "POST",
        "/api/v1/session",
        json={"email": "judge@example.com", "password": TEST_PASSWORD},
        csrf=False,
    )
    assert response.status_code == 403


async def test_session_cookie_is_httponly_and_samesite_lax(client):
    await make_account("judge@example.com")
    await client.get("/login")
    response = await client.post_form(
        "/login", {"email": "judge@example.com", "password": TEST_PASSWORD}
    )
    cookie = next(
        value for value in response.headers.get_list("set-cookie") if value.startswith("session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Secure" not in cookie


async def test_production_session_cookie_is_secure(db, tmp_path):
    from judging.app import create_app
    from tests.support import app_client

    settings = Settings.from_env(
        {
            "JUDGING_ENV": "production",
            "JUDGING_SECRET_KEY": "x" * 40,
            "JUDGING_DATA_DIR": str(tmp_path),
        }
    )
    await make_account("judge@example.com")
    app = create_app(settings)
    async with app_client(app, base_url="https://testserver.local") as client:
        response = await client.post_form(
            "/login", {"email": "judge@example.com", "password": TEST_PASSWORD}
        )
        assert response.status_code == 303
        cookie = next(
            value
            for value in response.headers.get_list("set-cookie")
            if value.startswith("session=")
        )
        assert "Secure" in cookie


def test_production_refuses_the_default_secret_key():
    from judging.app import create_app

    with pytest.raises(InsecureSettings):
        create_app(Settings(env="production", secret_key=DEFAULT_SECRET_KEY))


def test_production_refuses_a_short_secret_key():
    from judging.app import create_app

    with pytest.raises(InsecureSettings):
        create_app(Settings(env="production", secret_key="short"))


async def test_pages_carry_security_headers(client):
    response = await client.get("/login")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in response.headers["content-security-policy"]


async def test_unknown_page_is_a_localized_404_page(client):
    response = await client.get("/no/such/page", headers={"accept-language": "zh-CN"})
    assert response.status_code == 404
    assert "未找到" in response.text
    assert '<html lang="zh-CN">' in response.text


async def test_unknown_api_route_is_json_404(client):
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["status_code"] == 404


async def test_oversized_body_is_refused_with_413(client, settings):
    token = await client.csrf_token()
    body = b"x" * ((settings.max_upload_mb + 2) * 1024 * 1024)
    response = await client.http.post(
        "/login",
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded", "x-csrftoken": token},
    )
    assert response.status_code == 413


async def test_an_unexpected_error_gets_a_localized_500_page_without_details(settings, db):
    from litestar import get

    from judging.app import create_app
    from tests.support import app_client

    @get("/boom", include_in_schema=False)
    async def boom() -> str:
        raise RuntimeError("secret internal detail")

    app = create_app(settings)
    app.register(boom)
    async with app_client(app) as client:
        response = await client.get("/boom", headers={"accept-language": "zh-CN"})
    assert response.status_code == 500
    assert "服务器出现问题" in response.text
    assert "secret internal detail" not in response.text


async def test_a_unique_rule_lost_to_a_race_is_a_409_not_a_500(settings, db):
    from litestar import post

    from judging.app import create_app
    from judging.competitions.tables import Competition
    from tests.support import app_client

    @post("/race", include_in_schema=False)
    async def race() -> str:
        # What a check-then-insert that lost a race does: insert what now already exists.
        await Competition(slug="dup", name_en="A", name_zh="A").save()
        await Competition(slug="dup", name_en="B", name_zh="B").save()
        return "unreachable"

    app = create_app(settings)
    app.register(race)
    async with app_client(app) as client:
        response = await client.post_form("/race", {})
    assert response.status_code == 409
    assert "Reload the page" in response.text


SECURITY_HEADERS = (
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/me",  # 401
        "/admin",  # 403 once signed in as a judge
        "/no/such/page",  # 404 of the router
        "/api/v1/nothing-here",
        f"/live/rounds/{2**63}",  # 404 of the input screen
        "/static/css/app.css",
        "/static/js/scoring.js",
        "/schema/openapi.json",
    ],
)
async def test_every_response_carries_the_security_headers(client, path):
    await make_account("judge@example.com")
    await client.sign_in("judge@example.com", TEST_PASSWORD)
    if path == "/api/v1/me":
        await client.post_form("/logout")
    response = await client.get(path)
    missing = [name for name in SECURITY_HEADERS if name not in response.headers]
    assert (response.status_code, missing) == (response.status_code, [])
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]


async def test_a_csrf_refusal_and_an_oversized_body_carry_the_security_headers(client, settings):
    token = await client.csrf_token()
    refused = await client.post_form("/login", {"email": "a@b.example"}, csrf=False)
    too_large = await client.http.post(
        "/login",
        content=b"x" * ((settings.max_upload_mb + 2) * 1024 * 1024),
        headers={"content-type": "application/x-www-form-urlencoded", "x-csrftoken": token},
    )
    assert (refused.status_code, too_large.status_code) == (403, 413)
    for response in (refused, too_large):
        assert [name for name in SECURITY_HEADERS if name not in response.headers] == []
