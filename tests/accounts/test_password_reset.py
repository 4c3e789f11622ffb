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
