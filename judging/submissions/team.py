"""A project's team of accounts: the owner invites co-founders by email (a single-use link
through the outbox); a member who accepted with the invited address edits the project like
the owner until it locks; the owner removes members and hands over ownership; a member
leaves. Every member's address is a party of the project (:func:`member_emails`), so a judge
with it is conflicted.

"On the team" (:func:`team_condition`) is what every page, API route and file of a project's
entrant side asks, through :func:`judging.submissions.services.own_project` and the guard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import msgspec

from judging.accounts import verification
from judging.accounts.services import new_token, normalize_email, token_digest
from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.database import writing
from judging.errors import Conflict, Forbidden, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mail
from judging.submissions.tables import Submission, TeamMember

INVITATION_TTL = timedelta(days=7)
MAX_MEMBERS = 11  # besides the owner: a team of twelve accounts

ONLY_OWNER = N_("Only the project's owner can change its team.")
ALREADY_ON_TEAM = N_("%(email)s is on this project's team already, or invited.")
OWNER_NOT_INVITED = N_("You own this project already.")
TEAM_FULL = N_("A team has at most %(n)s accounts besides its owner.")
INVALID_INVITATION = N_("This invitation is invalid, used or expired. Ask the team for a new one.")
WRONG_ADDRESS = N_("This invitation was sent to %(email)s. Sign in with that address to accept it.")
NOT_A_MEMBER = N_("This person is not a member of the project's team.")


class TeamMemberOut(msgspec.Struct, kw_only=True):
    """A member or a pending invitation of a project's team."""

    id: int
    email: str
    display_name: str
    pending: bool
    invited_at: datetime


def team_condition(account_id: int) -> Any:
    """Projects ``account_id`` is on the team of: owns, or accepted an invitation to."""
    member_of = TeamMember.select(TeamMember.submission).where(
        (TeamMember.account == account_id) & TeamMember.accepted_at.is_not_null()
    )
    return (Submission.owner == account_id) | Submission.id.is_in(member_of)


async def is_on_team(account_id: int, submission_id: int) -> bool:
    return await Submission.exists().where(
        (Submission.id == submission_id) & team_condition(account_id)
    )


async def owner_of(submission_id: int) -> dict[str, Any] | None:
    """The owner's name and address (None for a project imported without an account)."""
    return (
        await Submission.select(
            Submission.owner.display_name.as_alias("display_name"),
            Submission.owner.email.as_alias("email"),
        )
        .where((Submission.id == submission_id) & Submission.owner.is_not_null())
        .first()
    )


async def team_of(submission_id: int) -> list[TeamMemberOut]:
    """The project's members and pending invitations, in the order they were invited."""
    rows = (
        await TeamMember.select(
            TeamMember.id,
            TeamMember.email,
            TeamMember.account.display_name.as_alias("display_name"),
            TeamMember.accepted_at,
            TeamMember.invited_at,
        )
        .where(TeamMember.submission == submission_id)
        .order_by(TeamMember.id)
    )
    return [
        TeamMemberOut(
            id=row["id"],
            email=row["email"],
            display_name=row["display_name"] or "",
            pending=row["accepted_at"] is None,
            invited_at=row["invited_at"],
        )
        for row in rows
    ]


async def _owned(account: Account, submission_id: int) -> dict[str, Any]:
    project = (
        await Submission.select(Submission.id, Submission.owner, Submission.title)
        .where((Submission.id == submission_id) & team_condition(account.id))
        .first()
    )
    if project is None:
        raise NotFound()
    if project["owner"] != account.id:
        raise Forbidden(ONLY_OWNER)
    return project


async def member_emails(submission_ids: Iterable[int]) -> dict[int, list[str]]:
    """Project id -> the addresses of its team's accounts besides the owner (one query):
    parties of the project, as the addresses its team lists are."""
    wanted = list(submission_ids)
    found: dict[int, list[str]] = defaultdict(list)
    for row in await TeamMember.select(TeamMember.submission, TeamMember.email).where(
        TeamMember.submission.is_in(wanted or [0]) & TeamMember.accepted_at.is_not_null()
    ):
        found[row["submission"]].append(row["email"])
    return dict(found)


async def invite(
    owner: Account, submission_id: int, email: str, base_url: str, now: datetime
) -> TeamMemberOut:
    """Invite ``email`` to the team; the link goes to that address through the outbox."""
    address = normalize_email(email)
    async with writing():
        project = await _owned(owner, submission_id)
        if address == owner.email:
            raise ValidationFailed.single("email", OWNER_NOT_INVITED)
        team = await team_of(submission_id)
        if any(member.email == address for member in team):
            raise ValidationFailed.single("email", ALREADY_ON_TEAM, email=address)
        if len(team) >= MAX_MEMBERS:
            raise Conflict(TEAM_FULL, n=MAX_MEMBERS)
        token = new_token()
        member = TeamMember(
            submission=submission_id,
            email=address,
            token_hash=token_digest(token),
            invited_by=owner.id,
            invited_at=now,
            expires_at=now + INVITATION_TTL,
        )
        await member.save()
        await queue_mail(
            address,
            "team_invitation",
            inviter=owner.display_name,
            title=project["title"],
            link=f"{base_url.rstrip('/')}/team-invitations/{token}",
            days=INVITATION_TTL.days,
        )
        await audit.record(
            actor_id=owner.id,
            entity="submission",
            entity_id=submission_id,
            action="member_invited",
            after={"email": address},
        )
    return next(found for found in await team_of(submission_id) if found.id == member.id)


async def pending_invitation(token: str, now: datetime) -> TeamMember:
    """The unused, unexpired invitation of ``token``, else :class:`NotFound`."""
    found = await TeamMember.objects().where(TeamMember.token_hash == token_digest(token)).first()
    if (
        found is None
        or found.accepted_at is not None
        or found.expires_at is None
        or found.expires_at <= now
    ):
        raise NotFound(INVALID_INVITATION)
    return found


async def accept(account: Account, token: str, now: datetime) -> int:
    """Join the team with the account the invitation was sent to (which proves its address);
    returns the project's id."""
    async with writing():
        invitation = await pending_invitation(token, now)
        if normalize_email(account.email) != invitation.email:
            raise Forbidden(WRONG_ADDRESS, email=invitation.email)
        joined = (
            await TeamMember.update(
                {
                    TeamMember.account: account.id,
                    TeamMember.accepted_at: now,
                    TeamMember.token_hash: None,
                }
            )
            .where((TeamMember.id == invitation.id) & TeamMember.accepted_at.is_null())
            .returning(TeamMember.id)
        )
        if not joined:
            raise NotFound(INVALID_INVITATION)
        await verification.mark_verified(account, now)
        await audit.record(
            actor_id=account.id,
            entity="submission",
            entity_id=invitation.submission,
            action="member_joined",
            after={"email": invitation.email},
        )
    return invitation.submission


async def remove(owner: Account, submission_id: int, member_id: int) -> None:
    """Take a member off the team, or withdraw a pending invitation."""
    async with writing():
        await _owned(owner, submission_id)
        member = (
            await TeamMember.objects()
            .where((TeamMember.id == member_id) & (TeamMember.submission == submission_id))
            .first()
        )
        if member is None:
            raise NotFound(NOT_A_MEMBER)
        await TeamMember.delete().where(TeamMember.id == member_id)
        await audit.record(
            actor_id=owner.id,
            entity="submission",
            entity_id=submission_id,
            action="member_removed",
            before={"email": member.email},
        )


async def leave(account: Account, submission_id: int) -> None:
    """Leave a project's team (its owner hands it over first)."""
    async with writing():
        member = (
            await TeamMember.objects()
            .where(
                (TeamMember.submission == submission_id)
                & (TeamMember.account == account.id)
                & TeamMember.accepted_at.is_not_null()
            )
            .first()
        )
        if member is None:
            raise NotFound(NOT_A_MEMBER)
        await TeamMember.delete().where(TeamMember.id == member.id)
        await audit.record(
            actor_id=account.id,
            entity="submission",
            entity_id=submission_id,
            action="member_left",
            before={"email": member.email},
        )


async def hand_over(owner: Account, submission_id: int, member_id: int, now: datetime) -> None:
    """Make a member the owner; the owner stays on the team as a member."""
    async with writing():
        await _owned(owner, submission_id)
        member = (
            await TeamMember.objects()
            .where(
                (TeamMember.id == member_id)
                & (TeamMember.submission == submission_id)
                & TeamMember.accepted_at.is_not_null()
            )
            .first()
        )
        if member is None or member.account is None:
            raise NotFound(NOT_A_MEMBER)
        await Submission.update({Submission.owner: member.account}).where(
            Submission.id == submission_id
        )
        await TeamMember.update(
            {
                TeamMember.account: owner.id,
                TeamMember.email: owner.email,
                TeamMember.accepted_at: now,
            }
        ).where(TeamMember.id == member.id)
        await audit.record(
            actor_id=owner.id,
            entity="submission",
            entity_id=submission_id,
            action="ownership_handed_over",
            before={"owner": owner.id},
            after={"owner": member.account},
        )
