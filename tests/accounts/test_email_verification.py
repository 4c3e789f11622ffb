"""An entrant who signs up proves the address with a mailed link before submitting a project;
the link is single-use and expires, a click by a mail scanner confirms nothing, and a new one
may be asked for."""

from __future__ import annotations

import re
from datetime import timedelta

from judging.accounts.tables import Account, EmailVerification
from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.outbox.tables import OutboxMessage
from judging.submissions.tables import Submission
from tests.submissions.entrant_world import project_json, small_pdf, track, upload

SIGN_UP = {
    "email": "Founder@Example.com",
    "display_name": "Ada Founder",
    "password": "a-long-password",
    "password_confirm": "a-long-password",
}


async def _link(to: str = "founder@example.com") -> str:
    mail = (
        await OutboxMessage.objects()
        .where((OutboxMessage.kind == "email_verification") & (OutboxMessage.to_address == to))
        .order_by(OutboxMessage.id, ascending=False)
        .first()
    )
    assert mail is not None
    return re.search(r"http://testserver\.local(/verify/\S+)", mail.body).group(1)


async def test_signing_up_mails_a_link_and_the_dashboard_says_why_submitting_waits(client):
    response = await client.post_form("/register", SIGN_UP)
    assert response.status_code == 303
    account = await Account.objects().get(Account.email == "founder@example.com")
    assert account.email_verified_at is None
    assert (await _link()).startswith("/verify/")
    page = (await client.get("/projects")).text
    assert 'id="email-unconfirmed"' in page
    assert "founder@example.com" in page


async def test_a_project_is_submitted_only_once_the_address_is_confirmed(client, demo):
    await client.post_form("/register", SIGN_UP)
    ai = await track(demo.id)
    created = await client.api("POST", "/api/v1/projects", json=project_json(ai.id))
    project_id = created.json()["id"]
    await upload(client, project_id, small_pdf())
    refused = await client.post_form(f"/projects/{project_id}/submit", {"version": "2"})
    assert refused.status_code == 403
    assert "Confirm your email address before you submit" in refused.text
    assert (await Submission.objects().get(Submission.id == project_id)).status == "draft"

    link = await _link()
    shown = await client.get(link)
    assert shown.status_code == 200
    # Opening the link (as a mail scanner does) confirms nothing; the button does.
    assert (
        await Account.objects().get(Account.email == "founder@example.com")
    ).email_verified_at is None
    confirmed = await client.post_form(link)
    assert confirmed.status_code == 303
    landing = (await client.get(confirmed.headers["location"], follow_redirects=True)).text
    assert "your email address is confirmed" in landing
    account = await Account.objects().get(Account.email == "founder@example.com")
    assert account.email_verified_at is not None
    assert await AuditEvent.exists().where(AuditEvent.action == "email_verified")

    accepted = await client.post_form(f"/projects/{project_id}/submit", {"version": "2"})
    assert accepted.status_code == 303, accepted.text


async def test_a_used_unknown_or_expired_link_confirms_nothing(client):
    await client.post_form("/register", SIGN_UP)
    link = await _link()
    assert (await client.post_form(link)).status_code == 303
    assert (await client.post_form(link)).status_code == 404
    assert (await client.get("/verify/no-such-token")).status_code == 404
    account = await Account.objects().get(Account.email == "founder@example.com")
    await Account.update({Account.email_verified_at: None}).where(Account.id == account.id)
    await EmailVerification.update(
        {
            EmailVerification.used_at: None,
            EmailVerification.expires_at: utcnow() - timedelta(minutes=1),
        }
    ).where(EmailVerification.account == account.id)
    expired = await client.get(link)
    assert expired.status_code == 404
    assert "invalid, used or expired" in expired.text


async def test_a_new_link_may_be_asked_for_but_not_every_second(client):
    await client.post_form("/register", SIGN_UP)
    too_soon = await client.post_form("/account/verification")
    assert too_soon.status_code == 303
    page = (await client.get(too_soon.headers["location"])).text
    assert "A link was sent less than a minute ago." in page
    await EmailVerification.update(
        {EmailVerification.created_at: utcnow() - timedelta(minutes=2)}
    ).where(EmailVerification.id > 0)
    again = await client.post_form("/account/verification")
    page = (await client.get(again.headers["location"])).text
    assert "A new confirmation link is on its way to founder@example.com." in page
    assert await OutboxMessage.count().where(OutboxMessage.kind == "email_verification") == 2


async def test_demo_accounts_are_confirmed_already(demo):
    assert not await Account.exists().where(Account.email_verified_at.is_null())


async def test_an_account_made_by_accepting_an_invitation_is_confirmed(client, demo):
    organizer = await client.post_form(
        "/login", {"email": "organizer@demo.chinagate.local", "password": "chinagate-demo-2021"}
    )
    assert organizer.status_code == 303
    invited = await client.post_form(
        f"/organize/{demo.id}/people/invitations",
        {"email": "new.judge@example.com", "role": "judge"},
    )
    assert invited.status_code == 303, invited.text
    await client.post_form("/logout")
    mail = await OutboxMessage.objects().get(OutboxMessage.to_address == "new.judge@example.com")
    link = re.search(r"http://testserver\.local(/invitations/\S+)", mail.body).group(1)
    accepted = await client.post_form(
        link,
        {
            "display_name": "New Judge",
            "password": "a-long-password",
            "password_confirm": "a-long-password",
        },
    )
    assert accepted.status_code == 303, accepted.text
    account = await Account.objects().get(Account.email == "new.judge@example.com")
    assert account.email_verified_at is not None
