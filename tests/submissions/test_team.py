"""A project's team of accounts: the owner invites a co-founder by email, who accepts with that
address and edits the project like the owner; the owner removes members and hands over
ownership, a member leaves; every member is a conflict of interest for judges."""

from __future__ import annotations

import re

from judging.accounts.tables import Account
from judging.assignments.access import conflicted_projects
from judging.audit.tables import AuditEvent
from judging.demo import DEMO_PASSWORD, demo_email
from judging.outbox.tables import OutboxMessage
from judging.submissions.tables import Submission, TeamMember
from judging.submissions.team import member_emails
from tests.submissions.entrant_world import project_json, signed_in, track
from tests.support import TEST_PASSWORD, app_client, make_account


async def _invitation_link(to: str) -> str:
    mail = (
        await OutboxMessage.objects()
        .where((OutboxMessage.kind == "team_invitation") & (OutboxMessage.to_address == to))
        .order_by(OutboxMessage.id, ascending=False)
        .first()
    )
    assert mail is not None
    return re.search(r"http://testserver\.local(/team-invitations/\S+)", mail.body).group(1)


async def _project_with_cofounder(app, demo, email: str = "cofounder@example.com"):
    """entrant3's new project, with ``email``'s account invited and joined."""
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as owner:
        created = await owner.api("POST", "/api/v1/projects", json=project_json(ai.id))
        project_id = created.json()["id"]
        invited = await owner.post_form(f"/projects/{project_id}/team", {"email": email.upper()})
        assert invited.status_code == 303, invited.text
    link = await _invitation_link(email)
    password = DEMO_PASSWORD
    if not await Account.exists().where(Account.email == email):
        await make_account(email, name="Co Founder")
        password = TEST_PASSWORD
    async with app_client(app) as member:
        await member.sign_in(email, password)
        page = await member.get(link)
        assert page.status_code == 200
        accepted = await member.post_form(link)
        assert accepted.status_code == 303, accepted.text
    return project_id


async def test_a_cofounder_who_accepts_edits_the_project_like_the_owner(app, demo):
    project_id = await _project_with_cofounder(app, demo)
    async with app_client(app) as member:
        await member.sign_in("cofounder@example.com", TEST_PASSWORD)
        dashboard = (await member.get("/projects")).text
        assert f'href="/projects/{project_id}"' in dashboard
        changed = await member.api(
            "PATCH", f"/api/v1/projects/{project_id}", json={"version": 1, "title": "Renamed"}
        )
        assert changed.status_code == 200, changed.text
        page = (await member.get(f"/projects/{project_id}")).text
    assert (await Submission.objects().get(Submission.id == project_id)).title == "Renamed"
    assert "Leave this project" in page
    assert "Invite a co-founder" not in page  # only the owner changes the team
    member = await TeamMember.objects().get(TeamMember.submission == project_id)
    assert member.accepted_at is not None
    assert member.token_hash is None
    account = await Account.objects().get(Account.email == "cofounder@example.com")
    assert account.email_verified_at is not None  # the link came to the address
    actions = [
        row["action"]
        for row in await AuditEvent.select(AuditEvent.action)
        .where((AuditEvent.entity == "submission") & (AuditEvent.entity_id == project_id))
        .order_by(AuditEvent.id)
    ]
    assert actions[-3:] == ["member_invited", "member_joined", "updated"]


async def test_an_invitation_opens_only_for_its_address_and_only_once(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as owner:
        created = await owner.api("POST", "/api/v1/projects", json=project_json(ai.id))
        project_id = created.json()["id"]
        await owner.post_form(f"/projects/{project_id}/team", {"email": "ada@example.com"})
    link = await _invitation_link("ada@example.com")
    async with signed_in(app, "entrant4") as stranger:
        refused = await stranger.post_form(link)
        assert refused.status_code == 403
        assert "This invitation was sent to ada@example.com" in refused.text
        assert (await stranger.get(f"/projects/{project_id}")).status_code == 404
    await make_account("ada@example.com")
    async with app_client(app) as ada:
        await ada.sign_in("ada@example.com", TEST_PASSWORD)
        assert (await ada.post_form(link)).status_code == 303
        assert (await ada.post_form(link)).status_code == 404
    assert (await app_client_get(app, "/team-invitations/no-such-token")).status_code == 404


async def app_client_get(app, path: str):
    async with app_client(app) as client:
        return await client.get(path)


async def test_the_owner_cannot_invite_twice_or_themselves_and_members_cannot_invite(app, demo):
    project_id = await _project_with_cofounder(app, demo)
    async with signed_in(app, "entrant3") as owner:
        again = await owner.post_form(
            f"/projects/{project_id}/team", {"email": "cofounder@example.com"}
        )
        assert again.status_code == 400
        assert "is on this project's team already" in again.text
        self_invite = await owner.post_form(
            f"/projects/{project_id}/team", {"email": demo_email("entrant3")}
        )
        assert self_invite.status_code == 400
    async with app_client(app) as member:
        await member.sign_in("cofounder@example.com", TEST_PASSWORD)
        refused = await member.post_form(f"/projects/{project_id}/team", {"email": "x@example.com"})
        assert refused.status_code == 403
        assert "Only the project's owner can change its team." in refused.text


async def test_the_owner_hands_over_and_a_member_leaves(app, demo):
    project_id = await _project_with_cofounder(app, demo)
    member_row = await TeamMember.objects().get(TeamMember.submission == project_id)
    cofounder = await Account.objects().get(Account.email == "cofounder@example.com")
    async with signed_in(app, "entrant3") as owner:
        handed = await owner.post_form(f"/projects/{project_id}/team/{member_row.id}/owner")
        assert handed.status_code == 303, handed.text
        assert (await Submission.objects().get(Submission.id == project_id)).owner == cofounder.id
        # The former owner is a member now, and may leave.
        left = await owner.post_form(f"/projects/{project_id}/team/leave")
        assert left.status_code == 303
        assert (await owner.get(f"/projects/{project_id}")).status_code == 404
    assert await TeamMember.count().where(TeamMember.submission == project_id) == 0


async def test_a_removed_member_loses_the_project(app, demo):
    project_id = await _project_with_cofounder(app, demo)
    member_row = await TeamMember.objects().get(TeamMember.submission == project_id)
    async with signed_in(app, "entrant3") as owner:
        removed = await owner.post_form(f"/projects/{project_id}/team/{member_row.id}/remove")
        assert removed.status_code == 303
    async with app_client(app) as member:
        await member.sign_in("cofounder@example.com", TEST_PASSWORD)
        assert (await member.get(f"/projects/{project_id}")).status_code == 404
        assert (await member.api("GET", f"/api/v1/projects/{project_id}")).status_code == 404
    assert await member_emails([project_id]) == {}


async def test_every_member_is_a_conflict_of_interest_for_judges(app, demo):
    judge_email = demo_email("judge3")
    project_id = await _project_with_cofounder(app, demo, email=judge_email)
    judge = await Account.objects().get(Account.email == judge_email)
    assert project_id in await conflicted_projects(judge, [project_id])
    other = await Account.objects().get(Account.email == demo_email("judge4"))
    assert project_id not in await conflicted_projects(other, [project_id])


async def test_the_organizers_see_who_is_on_the_team(app, demo):
    from tests.submissions.organizer_world import sign_in_organizer

    project_id = await _project_with_cofounder(app, demo)
    async with app_client(app) as organizer:
        await sign_in_organizer(organizer)
        page = (await organizer.get(f"/organize/{demo.id}/submissions/{project_id}")).text
    assert "Co-founders with accounts" in page
    assert "cofounder@example.com" in page
