"""Sign-in limits: per account and address, per account, per address; atomic under parallel
attempts, whether counted in the database or in Redis; the reset mail lets the holder back in."""

import asyncio
import re
from datetime import timedelta

import pytest

from judging.accounts.throttle import (
    ACCOUNT_CEILING_FACTOR,
    ADDRESS_ALLOWANCE_FACTOR,
    DatabaseCounters,
    RedisCounters,
)
from judging.clock import utcnow
from judging.outbox.tables import OutboxMessage
from tests.accounts.conftest import emptied_redis
from tests.support import TEST_PASSWORD, make_account

# The limits' rules hold wherever they are counted; the atomicity is proven on both.
BOTH_COUNTERS = pytest.mark.parametrize("counting", ["database", "redis"])

STRANGER = "203.0.113.7"
HOLDER = "198.51.100.20"


async def _sign_in(web, email: str, password: str):
    return await web.post_form("/login", {"email": email, "password": password})


@BOTH_COUNTERS
async def test_parallel_wrong_passwords_get_at_most_the_limit_of_password_checks(
    client_from, settings
):
    await make_account("judge@example.com")
    async with client_from(STRANGER) as stranger:
        await stranger.csrf_token()
        answers = await asyncio.gather(
            *(_sign_in(stranger, "judge@example.com", f"wrong-{n}") for n in range(20))
        )
    statuses = [answer.status_code for answer in answers]
    # 400 is a checked (wrong) password; 429 was refused before any check.
    assert statuses.count(400) == settings.signin_max_failures
    assert statuses.count(429) == 20 - settings.signin_max_failures


@BOTH_COUNTERS
async def test_parallel_attempts_over_the_api_are_counted_atomically_too(client_from, settings):
    await make_account("judge@example.com")
    async with client_from(STRANGER) as stranger:
        token = await stranger.csrf_token()
        answers = await asyncio.gather(
            *(
                stranger.http.post(
                    "/api/v1/session",
                    json={"email": "judge@example.com", "password": f"wrong-{n}"},
                    headers={"x-csrftoken": token},
                )
                for n in range(20)
            )
        )
    assert [a.status_code for a in answers].count(400) == settings.signin_max_failures


async def test_a_stranger_is_locked_out_even_with_the_right_password(client_from, settings):
    await make_account("judge@example.com")
    async with client_from(STRANGER) as stranger:
        for _ in range(settings.signin_max_failures):
            assert (await _sign_in(stranger, "judge@example.com", "wrong")).status_code == 400
        blocked = await _sign_in(stranger, "judge@example.com", TEST_PASSWORD)
    assert blocked.status_code == 429
    assert "Too many sign-in attempts" in blocked.text


async def test_the_holder_still_signs_in_from_another_address_while_a_stranger_is_locked(
    client_from, settings
):
    await make_account("judge@example.com")
    async with client_from(STRANGER) as stranger:
        for _ in range(settings.signin_max_failures + 3):
            await _sign_in(stranger, "judge@example.com", "wrong")
        assert (await _sign_in(stranger, "judge@example.com", "guess")).status_code == 429
    async with client_from(HOLDER) as holder:
        assert (await _sign_in(holder, "judge@example.com", TEST_PASSWORD)).status_code == 303


async def test_other_accounts_from_the_same_address_can_still_sign_in(client_from, settings):
    await make_account("judge@example.com")
    await make_account("other@example.com")
    async with client_from(STRANGER) as web:
        for _ in range(settings.signin_max_failures):
            await _sign_in(web, "judge@example.com", "wrong")
        assert (await _sign_in(web, "other@example.com", TEST_PASSWORD)).status_code == 303


async def test_guessing_spread_over_many_addresses_meets_the_account_ceiling(client_from, settings):
    await make_account("judge@example.com")
    per_address = settings.signin_max_failures
    for n in range(ACCOUNT_CEILING_FACTOR):
        async with client_from(f"203.0.113.{n + 1}") as stranger:
            for _ in range(per_address):
                await _sign_in(stranger, "judge@example.com", "wrong")
    async with client_from(HOLDER) as holder:
        assert (await _sign_in(holder, "judge@example.com", TEST_PASSWORD)).status_code == 429


async def test_one_address_guessing_many_accounts_is_stopped(client_from, settings):
    await make_account("judge@example.com")
    async with client_from(STRANGER) as stranger:
        for attempt in range(settings.signin_max_failures * ADDRESS_ALLOWANCE_FACTOR):
            await _sign_in(stranger, f"guess{attempt}@example.com", "x")
        assert (await _sign_in(stranger, "judge@example.com", TEST_PASSWORD)).status_code == 429


@BOTH_COUNTERS
async def test_a_stranger_at_the_venue_cannot_lock_out_a_browser_that_signed_in_before(
    client_from, settings
):
    await make_account("judge@example.com")
    async with client_from(HOLDER) as judge, client_from(HOLDER) as stranger:
        assert (await _sign_in(judge, "judge@example.com", TEST_PASSWORD)).status_code == 303
        await judge.post_form("/logout")
        for _ in range(settings.signin_max_failures):
            await _sign_in(stranger, "judge@example.com", "wrong")
        for attempt in range(settings.signin_max_failures * ADDRESS_ALLOWANCE_FACTOR):
            await _sign_in(stranger, f"guess{attempt}@example.com", "x")
        assert (await _sign_in(stranger, "judge@example.com", TEST_PASSWORD)).status_code == 429
        assert (await _sign_in(judge, "judge@example.com", TEST_PASSWORD)).status_code == 303


async def test_a_forged_device_cookie_counts_as_none(client_from, settings):
    await make_account("judge@example.com")
    async with client_from(STRANGER) as stranger:
        stranger.http.cookies.set("signin_device", "made-up.0123456789abcdef")
        for _ in range(settings.signin_max_failures):
            await _sign_in(stranger, "judge@example.com", "wrong")
        assert (await _sign_in(stranger, "judge@example.com", TEST_PASSWORD)).status_code == 429


@BOTH_COUNTERS
async def test_a_password_reset_lifts_the_account_limits_and_signs_the_holder_in(
    client_from, settings
):
    await make_account("judge@example.com")
    for n in range(ACCOUNT_CEILING_FACTOR):
        async with client_from(f"203.0.113.{n + 1}") as stranger:
            for _ in range(settings.signin_max_failures):
                await _sign_in(stranger, "judge@example.com", "wrong")
    async with client_from(HOLDER) as holder:
        assert (await _sign_in(holder, "judge@example.com", TEST_PASSWORD)).status_code == 429
        await holder.post_form("/password/forgot", {"email": "judge@example.com"})
        mail = await OutboxMessage.objects().get(OutboxMessage.kind == "password_reset")
        path = re.search(r"http://testserver\.local(/password/reset/[\w-]+)", mail.body).group(1)
        reset = await holder.post_form(
            path, {"password": "brand-new-password", "password_confirm": "brand-new-password"}
        )
        assert reset.status_code == 303
        assert (await holder.get("/api/v1/me")).status_code == 200
    async with client_from("192.0.2.99") as elsewhere:
        assert (
            await _sign_in(elsewhere, "judge@example.com", "brand-new-password")
        ).status_code == 303


async def test_api_sign_in_is_throttled_too(client_from, settings):
    await make_account("judge@example.com")
    async with client_from(STRANGER) as web:
        for _ in range(settings.signin_max_failures):
            await web.api(
                "POST", "/api/v1/session", json={"email": "judge@example.com", "password": "nope"}
            )
        response = await web.api(
            "POST",
            "/api/v1/session",
            json={"email": "judge@example.com", "password": TEST_PASSWORD},
        )
    assert response.status_code == 429


@pytest.fixture(params=["database", "redis"])
async def counters(request, db):
    if request.param == "redis":
        import redis.asyncio as redis

        client = redis.from_url(await emptied_redis())
        yield RedisCounters(client, "test")
        await client.aclose()
    else:
        yield DatabaseCounters()


async def test_counters_count_give_back_and_forget(counters):
    now = utcnow()
    assert [await counters.hit("k", 60, now) for _ in range(3)] == [1, 2, 3]
    await counters.give_back("k", now)
    assert await counters.hit("k", 60, now) == 3
    await counters.clear(["k"], now)
    assert await counters.hit("k", 60, now) == 1


async def test_database_counters_start_a_new_window_once_the_old_one_ends(db):
    counters, now = DatabaseCounters(), utcnow()
    await counters.hit("k", 60, now)
    await counters.hit("k", 60, now)
    assert await counters.hit("k", 60, now + timedelta(seconds=61)) == 1
