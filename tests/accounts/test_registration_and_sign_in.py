"""Entrants register, sign in and out; bad input is answered beside the field."""

from judging.accounts.tables import Account
from judging.audit.tables import AuditEvent
from tests.support import TEST_PASSWORD, landing, make_account

GOOD = {
    "email": "Founder@Example.com",
    "display_name": "Ada Founder",
    "password": "a-long-password",
    "password_confirm": "a-long-password",
}


async def test_registration_creates_an_entrant_and_signs_in(client):
    response = await client.post_form("/register", GOOD)
    assert response.status_code == 303
    account = await Account.objects().get(Account.email == "founder@example.com")
    assert not account.is_platform_admin
    assert account.password_hash.startswith("$argon2id$")
    me = await client.api("GET", "/api/v1/me")
    assert me.json()["email"] == "founder@example.com"
    assert me.json()["roles"] == []


async def test_registration_is_audited(client):
    await client.post_form("/register", GOOD)
    events = await AuditEvent.select().where(AuditEvent.entity == "account")
    assert [event["action"] for event in events] == ["created"]


async def test_registration_shows_each_error_beside_its_field(client):
    response = await client.post_form(
        "/register",
        {"email": "not-an-email", "display_name": "", "password": "short", "password_confirm": ""},
    )
    assert response.status_code == 400
    assert 'id="email-error"' in response.text
    assert "Enter a valid email address." in response.text
    assert 'id="display_name-error"' in response.text
    assert 'id="password-error"' in response.text
    assert "Enter at least 10 characters." in response.text
    assert 'value="not-an-email"' in response.text
    assert await Account.count() == 0


async def test_registration_refuses_mismatched_passwords(client):
    response = await client.post_form("/register", {**GOOD, "password_confirm": "something-else"})
    assert response.status_code == 400
    assert "The two passwords do not match." in response.text
    assert await Account.count() == 0


async def test_registration_refuses_an_email_already_registered(client):
    await make_account("founder@example.com")
    response = await client.post_form("/register", GOOD)
    assert response.status_code == 400
    assert "An account with this email already exists." in response.text


async def test_sign_in_with_wrong_password_is_refused_without_saying_which_part(client):
    await make_account("judge@example.com")
    response = await client.post_form(
        "/login", {"email": "judge@example.com", "password": "wrong-password"}
    )
    assert response.status_code == 400
    assert "The email or password is incorrect." in response.text
    assert (await client.api("GET", "/api/v1/me")).status_code == 401


async def test_sign_in_redirects_only_to_local_pages(client):
    await make_account("judge@example.com")
    response = await client.post_form(
        "/login",
        {"email": "judge@example.com", "password": TEST_PASSWORD, "next": "//evil.example/x"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_sign_out_ends_the_session(client):
    await make_account("judge@example.com")
    await client.sign_in("judge@example.com", TEST_PASSWORD)
    assert (await client.api("GET", "/api/v1/me")).status_code == 200
    await client.post_form("/logout")
    assert (await client.api("GET", "/api/v1/me")).status_code == 401


async def test_sign_in_replaces_the_session_id(client):
    await make_account("judge@example.com")
    await client.get("/login")
    await client.post_form("/login", {"email": "nobody@example.com", "password": "x"})
    planted = client.http.cookies.get("session")
    await client.sign_in("judge@example.com", TEST_PASSWORD)
    assert client.http.cookies.get("session") not in (None, planted)


async def test_api_sign_in_returns_the_account(client):
    await make_account("judge@example.com", name="Judge Dee")
    response = await client.api(
        "POST", "/api/v1/session", json={"email": "judge@example.com", "password": TEST_PASSWORD}
    )
    assert response.status_code == 201
    assert response.json()["display_name"] == "Judge Dee"


async def test_api_reports_a_bad_field_by_name(client):
    response = await client.api("POST", "/api/v1/session", json={"email": "x", "password": "y"})
    assert response.status_code == 400
    fields = [error["field"] for error in response.json()["errors"]]
    assert fields == ["email"]


async def test_anonymous_page_request_is_sent_to_sign_in_with_the_way_back(client):
    response = await client.get("/account")
    assert response.status_code == 302
    assert response.headers["location"] == "/login?next=/account"


async def test_changing_password_signs_out_other_sessions(client, app):
    from tests.support import app_client

    await make_account("judge@example.com")
    await client.sign_in("judge@example.com", TEST_PASSWORD)
    async with app_client(app) as other:
        await other.sign_in("judge@example.com", TEST_PASSWORD)
        response = await client.post_form(
            "/account/password",
            {
                "current_password": TEST_PASSWORD,
                "new_password": "another-long-one",
                "new_password_confirm": "another-long-one",
            },
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/account/password"
        page = await client.get(response.headers["location"])
        assert 'id="password-notice"' in page.text
        assert "Your password was changed. Other devices were signed out." in page.text
        assert (await client.api("GET", "/api/v1/me")).status_code == 200
        assert (await other.api("GET", "/api/v1/me")).status_code == 401


async def test_profile_update_saves_the_language_preference(client):
    await make_account("judge@example.com")
    await client.sign_in("judge@example.com", TEST_PASSWORD)
    response = await client.post_form(
        "/account", {"display_name": "Judge Dee", "organization": "NJU", "locale": "zh_CN"}
    )
    assert response.status_code == 303
    account = await Account.objects().get(Account.email == "judge@example.com")
    assert (account.display_name, account.organization, account.locale) == (
        "Judge Dee",
        "NJU",
        "zh_CN",
    )


async def test_registration_welcomes_the_entrant_once_on_their_dashboard(client):
    response = await client.post_form("/register", GOOD)
    page = await landing(client, response)
    assert page.status_code == 200
    assert 'id="welcome-notice"' in page.text
    assert "Welcome! Your account is created and you are signed in." in page.text
    again = await client.get(str(page.url))
    assert 'id="welcome-notice"' not in again.text


async def test_registration_welcome_is_in_chinese_for_a_chinese_reader(client):
    client.http.cookies.set("lang", "zh_CN")
    page = await landing(client, await client.post_form("/register", GOOD))
    assert "欢迎！您的账户已创建，并已登录。" in page.text
