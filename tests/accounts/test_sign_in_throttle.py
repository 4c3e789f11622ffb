"""Sign-in is rate limited per account and per address."""

from tests.support import TEST_PASSWORD, make_account


async def test_account_is_locked_after_repeated_failures_even_with_the_right_password(
    client, settings
):
    await make_account("judge@example.com")
    for _ in range(settings.signin_max_failures):
        response = await client.post_form(
            "/login", {"email": "judge@example.com", "password": "wrong-password"}
        )
        assert response.status_code == 400
    blocked = await client.post_form(
        "/login", {"email": "judge@example.com", "password": TEST_PASSWORD}
    )
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.text


async def test_other_accounts_from_the_same_address_can_still_sign_in(client, settings):
    await make_account("judge@example.com")
    await make_account("other@example.com")
    for _ in range(settings.signin_max_failures):
        await client.post_form("/login", {"email": "judge@example.com", "password": "wrong"})
    response = await client.post_form(
        "/login", {"email": "other@example.com", "password": TEST_PASSWORD}
    )
    assert response.status_code == 303


async def test_one_address_guessing_many_accounts_is_stopped(client, settings):
    from judging.accounts.throttle import ADDRESS_ALLOWANCE_FACTOR

    await make_account("judge@example.com")
    for attempt in range(settings.signin_max_failures * ADDRESS_ALLOWANCE_FACTOR):
        await client.post_form("/login", {"email": f"guess{attempt}@example.com", "password": "x"})
    response = await client.post_form(
        "/login", {"email": "judge@example.com", "password": TEST_PASSWORD}
    )
    assert response.status_code == 429


async def test_api_sign_in_is_throttled_too(client, settings):
    await make_account("judge@example.com")
    for _ in range(settings.signin_max_failures):
        await client.api(
            "POST", "/api/v1/session", json={"email": "judge@example.com", "password": "nope"}
        )
    response = await client.api(
        "POST", "/api/v1/session", json={"email": "judge@example.com", "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
