"""Judges and organizers join through single-use, expiring invitation links."""

import re
from datetime import timedelta

import pytest

from judging.accounts.tables import Account
from judging.clock import utcnow
from judging.competitions import services
from judging.competitions.schemas import InvitationCreate
from judging.competitions.tables import Invitation, Membership
from judging.demo import DEMO_PASSWORD, demo_email
from judging.errors import NotFound
from judging.outbox.tables import OutboxMessage
from tests.support import TEST_PASSWORD, make_account

NEWCOMER = {
    "display_name": "Prof. New Judge",
    "organization": "Zhejiang University",
    "password": "judge-password-1",
    "password_confirm": "judge-password-1",
}


async def _invite(competition, email="newjudge@example.com", role="judge", ttl_hours=24):
    organizer = await Account.objects().get(Account.email == demo_email("organizer"))
    _invitation, link = await services.create_invitation(
        competition_id=competition.id,
        form=InvitationCreate(email=email, role=role),
        inviter=organizer,
        base_url="http://testserver.local",
        now=utcnow(),
        ttl=timedelta(hours=ttl_hours),
    )
    return link.removeprefix("http://testserver.local")


async def test_organizer_invitation_puts_a_bilingual_mail_with_the_link_in_the_outbox(client, demo):
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    response = await client.post_form(
        f"/organize/{demo.id}/people/invitations",
        {"email": "NewJudge@Example.com", "role": "judge"},
    )
    assert response.status_code == 303
    mail = await OutboxMessage.objects().get(OutboxMessage.to_address == "newjudge@example.com")
    assert re.search(r"http://testserver\.local/invitations/[\w-]{40,}", mail.body)
    assert "China Gate Master 2021" in mail.body
    assert "评委" in mail.body
    assert mail.kind == "invitation"


async def test_invitation_token_is_stored_only_as_a_digest(demo):
    path = await _invite(demo)
    token = path.rsplit("/", 1)[1]
    invitation = await Invitation.objects().first()
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


async def test_newcomer_accepts_invitation_and_becomes_judge(client, demo):
    path = await _invite(demo)
    page = await client.get(path)
    assert page.status_code == 200
    response = await client.post_form(path, NEWCOMER)
    assert response.status_code == 303
    account = await Account.objects().get(Account.email == "newjudge@example.com")
    assert await Membership.exists().where(
        (Membership.account == account.id)
        & (Membership.competition == demo.id)
        & (Membership.role == "judge")
    )
    assert (await client.get("/judge")).status_code == 200


async def test_invitation_link_works_only_once(client, demo):
    path = await _invite(demo)
    assert (await client.post_form(path, NEWCOMER)).status_code == 303
    await client.post_form("/logout")
    again = await client.post_form(path, {**NEWCOMER, "password": "x" * 12})
    assert again.status_code == 404
    assert "invalid, already used or expired" in again.text
    assert await Account.count().where(Account.email == "newjudge@example.com") == 1


async def test_expired_invitation_is_refused(client, demo):
    path = await _invite(demo, ttl_hours=-1)
    response = await client.get(path)
    assert response.status_code == 404
    accepted = await client.post_form(path, NEWCOMER)
    assert accepted.status_code == 404
    assert not await Account.exists().where(Account.email == "newjudge@example.com")


async def test_invitation_expiry_is_checked_against_the_given_clock(demo):
    path = await _invite(demo, ttl_hours=2)
    token = path.rsplit("/", 1)[1]
    valid = await services.valid_invitation(token, utcnow() + timedelta(hours=1))
    assert valid.token_hash
    assert valid.used_at is None
    with pytest.raises(NotFound):
        await services.valid_invitation(token, utcnow() + timedelta(hours=3))


async def test_existing_account_must_sign_in_to_accept(client, demo):
    await make_account("newjudge@example.com")
    path = await _invite(demo)
    refused = await client.post_form(path, NEWCOMER)
    assert refused.status_code == 403
    await client.sign_in("newjudge@example.com", TEST_PASSWORD)
    accepted = await client.post_form(path, {})
    assert accepted.status_code == 303
    assert await Membership.exists().where(Membership.role == "judge")


async def test_invitation_cannot_be_accepted_by_another_signed_in_account(client, demo):
    path = await _invite(demo)
    await client.sign_in(demo_email("entrant1"), DEMO_PASSWORD)
    response = await client.post_form(path, {})
    assert response.status_code == 403
    assert "newjudge@example.com" in response.text


async def test_newcomer_form_errors_are_shown_beside_fields(client, demo):
    path = await _invite(demo)
    response = await client.post_form(path, {**NEWCOMER, "password_confirm": "different-1"})
    assert response.status_code == 400
    assert "The two passwords do not match." in response.text
    assert not await Account.exists().where(Account.email == "newjudge@example.com")


async def test_api_invitation_returns_the_link_to_the_organizer(client, demo):
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    response = await client.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/invitations",
        json={"email": "org2@example.com", "role": "organizer"},
    )
    assert response.status_code == 201
    assert response.json()["link"].startswith("http://testserver.local/invitations/")
    listed = await client.api("GET", f"/api/v1/competitions/{demo.id}/invitations")
    assert [row["email"] for row in listed.json()] == ["org2@example.com"]


async def test_api_invitation_refuses_an_unknown_role(client, demo):
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    response = await client.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/invitations",
        json={"email": "org2@example.com", "role": "king"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "role"
