"""Judges and organizers join through single-use, expiring invitation links."""

import re
from datetime import timedelta

import pytest

from judging.accounts.tables import Account
from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.competitions import invitations
from judging.competitions.schemas import InvitationCreate
from judging.competitions.tables import Competition, Invitation, Membership
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
    sent = await invitations.create_invitation(
        competition_id=competition.id,
        form=InvitationCreate(email=email, role=role),
        inviter=organizer,
        base_url="http://testserver.local",
        now=utcnow(),
        ttl=timedelta(hours=ttl_hours),
    )
    return sent.link.removeprefix("http://testserver.local")


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
    valid = await invitations.valid_invitation(token, utcnow() + timedelta(hours=1))
    assert valid.token_hash
    assert valid.used_at is None
    with pytest.raises(NotFound):
        await invitations.valid_invitation(token, utcnow() + timedelta(hours=3))


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


async def _pending(competition, email="newjudge@example.com") -> list[Invitation]:
    return await Invitation.objects().where(
        (Invitation.competition == competition.id)
        & (Invitation.email == email)
        & Invitation.used_at.is_null()
        & Invitation.revoked_at.is_null()
    )


async def test_inviting_an_address_again_resends_and_voids_the_older_link(client, demo):
    first = await _invite(demo)
    second = await _invite(demo, email="NewJudge@example.com")
    assert len(await _pending(demo)) == 1
    assert await OutboxMessage.count().where(OutboxMessage.kind == "invitation") == 2
    assert (await client.get(first)).status_code == 404
    assert (await client.post_form(first, NEWCOMER)).status_code == 404
    assert (await client.post_form(second, NEWCOMER)).status_code == 303


async def test_the_people_page_says_an_invitation_was_sent_again(client, demo):
    await _invite(demo)
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    response = await client.post_form(
        f"/organize/{demo.id}/people/invitations",
        {"email": "newjudge@example.com", "role": "judge"},
    )
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "sent again" in page.text
    assert page.text.count(">Pending<") == 1


async def test_an_invitation_to_another_role_is_a_separate_invitation(demo):
    await _invite(demo)
    await _invite(demo, role="organizer")
    assert {row.role for row in await _pending(demo)} == {"judge", "organizer"}


async def test_organizer_revokes_a_pending_invitation_and_its_link_stops_working(client, demo):
    path = await _invite(demo)
    (invitation,) = await _pending(demo)
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    response = await client.post_form(
        f"/organize/{demo.id}/people/invitations/{invitation.id}/revoke"
    )
    assert response.status_code == 303
    assert await _pending(demo) == []
    page = await client.get(response.headers["location"])
    assert "The invitation was revoked; its link no longer works." in page.text
    await client.post_form("/logout")
    assert (await client.get(path)).status_code == 404
    page_events = await AuditEvent.objects().where(
        (AuditEvent.entity == "invitation") & (AuditEvent.action == "revoked")
    )
    assert [event.entity_id for event in page_events] == [invitation.id]


async def test_api_revokes_a_pending_invitation(client, demo):
    await _invite(demo)
    (invitation,) = await _pending(demo)
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    url = f"/api/v1/competitions/{demo.id}/invitations/{invitation.id}"
    assert (await client.api("DELETE", url)).status_code == 204
    assert (await client.api("DELETE", url)).status_code == 409
    listed = await client.api("GET", f"/api/v1/competitions/{demo.id}/invitations")
    assert listed.json()[0]["status"] == "revoked"


async def test_an_accepted_invitation_cannot_be_revoked(client, demo):
    path = await _invite(demo)
    (invitation,) = await _pending(demo)
    assert (await client.post_form(path, NEWCOMER)).status_code == 303
    await client.post_form("/logout")
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    url = f"/api/v1/competitions/{demo.id}/invitations/{invitation.id}"
    assert (await client.api("DELETE", url)).status_code == 409


async def test_an_invitation_of_another_competition_cannot_be_revoked_here(client, demo):
    await _invite(demo)
    (invitation,) = await _pending(demo)
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    await Membership(
        competition=other.id,
        account=(await Account.objects().get(Account.email == demo_email("organizer"))).id,
        role="organizer",
    ).save()
    url = f"/api/v1/competitions/{other.id}/invitations/{invitation.id}"
    assert (await client.api("DELETE", url)).status_code == 404
    assert len(await _pending(demo)) == 1
