"""Password reset by a single-use link mailed through the outbox."""

import re

from judging.accounts.tables import Account
from judging.outbox.tables import OutboxMessage
from tests.support import TEST_PASSWORD, make_account


async def _reset_link(client, email="judge@example.com") -> str:
    response = await client.post_form("/password/forgot", {"email": email})
    assert response.status_code == 200
    mail = await OutboxMessage.objects().get(OutboxMessage.kind == "password_reset")
    return re.search(r"http://testserver\.local(/password/reset/[\w-]+)", mail.body).group(1)


async def test_reset_link_sets_a_new_password_once(client):
    await make_account("judge@example.com")
    path = await _reset_link(client)
    response = await client.post_form(
        path, {"password": "brand-new-password", "password_confirm": "brand-new-password"}
    )
    assert response.status_code == 303
    await client.post_form("/logout")
    await client.sign_in("judge@example.com", "brand-new-password")
    reuse = await client.post_form(
        path, {"password": "third-password-x", "password_confirm": "third-password-x"}
    )
    assert reuse.status_code == 404


async def test_unknown_email_gets_the_same_answer_and_no_mail(client):
    response = await client.post_form("/password/forgot", {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert "If an account exists" in response.text
    assert await OutboxMessage.count() == 0


async def test_reset_with_mismatched_passwords_keeps_the_old_one(client):
    await make_account("judge@example.com")
    path = await _reset_link(client)
    response = await client.post_form(
        path, {"password": "brand-new-password", "password_confirm": "other-password-x"}
    )
    assert response.status_code == 400
    account = await Account.objects().get(Account.email == "judge@example.com")
    from judging.accounts.passwords import verify_password

    assert await verify_password(account.password_hash, TEST_PASSWORD)


async def _links(client, count: int, email="judge@example.com") -> list[str]:
    for _ in range(count):
        assert (await client.post_form("/password/forgot", {"email": email})).status_code == 200
    mails = (
        await OutboxMessage.objects()
        .where(OutboxMessage.kind == "password_reset")
        .order_by(OutboxMessage.id)
    )
    return [
        re.search(r"http://testserver\.local(/password/reset/[\w-]+)", mail.body).group(1)
        for mail in mails
    ]


NEW = {"password": "brand-new-password", "password_confirm": "brand-new-password"}


async def test_asking_again_voids_the_older_link(client):
    await make_account("judge@example.com")
    first, second = await _links(client, 2)
    assert (await client.get(first)).status_code == 404
    assert (await client.post_form(first, NEW)).status_code == 404
    assert (await client.post_form(second, NEW)).status_code == 303


async def test_using_the_newer_link_leaves_the_older_one_spent(client):
    await make_account("judge@example.com")
    first, second = await _links(client, 2)
    assert (await client.post_form(second, NEW)).status_code == 303
    again = {"password": "another-password-x", "password_confirm": "another-password-x"}
    assert (await client.post_form(first, again)).status_code == 404


async def test_a_password_change_voids_an_open_reset_link(client):
    await make_account("judge@example.com")
    (link,) = await _links(client, 1)
    await client.sign_in("judge@example.com", TEST_PASSWORD)
    changed = await client.post_form(
        "/account/password",
        {
            "current_password": TEST_PASSWORD,
            "new_password": "changed-password-1",
            "new_password_confirm": "changed-password-1",
        },
    )
    assert changed.status_code == 303
    assert (await client.post_form(link, NEW)).status_code == 404


async def test_reset_mails_to_one_account_are_limited(client):
    from judging.accounts.throttle import RESET_MAILS_PER_ACCOUNT

    await make_account("judge@example.com")
    answers = [
        await client.post_form("/password/forgot", {"email": "judge@example.com"})
        for _ in range(RESET_MAILS_PER_ACCOUNT + 3)
    ]
    assert [a.status_code for a in answers].count(200) == RESET_MAILS_PER_ACCOUNT
    assert answers[-1].status_code == 429
    assert await OutboxMessage.count() == RESET_MAILS_PER_ACCOUNT


async def test_the_reset_limit_answers_alike_whether_or_not_the_account_exists(client):
    from judging.accounts.throttle import RESET_MAILS_PER_ACCOUNT

    await make_account("judge@example.com")
    for email in ("judge@example.com", "nobody@example.com"):
        for _ in range(RESET_MAILS_PER_ACCOUNT):
            await client.post_form("/password/forgot", {"email": email})
    registered = await client.post_form("/password/forgot", {"email": "judge@example.com"})
    unknown = await client.post_form("/password/forgot", {"email": "nobody@example.com"})
    assert registered.status_code == unknown.status_code == 429
    assert "Too many password reset requests" in registered.text
    assert "Too many password reset requests" in unknown.text


async def test_reset_requests_from_one_address_are_limited(client):
    from judging.accounts.throttle import RESET_REQUESTS_PER_ADDRESS

    for n in range(RESET_REQUESTS_PER_ADDRESS):
        await make_account(f"judge{n}@example.com")
        answer = await client.post_form("/password/forgot", {"email": f"judge{n}@example.com"})
        assert answer.status_code == 200
    await make_account("one-more@example.com")
    refused = await client.post_form("/password/forgot", {"email": "one-more@example.com"})
    assert refused.status_code == 429
    assert await OutboxMessage.count() == RESET_REQUESTS_PER_ADDRESS
