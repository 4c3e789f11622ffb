"""The judge pool of a competition: judge profiles, how they read, and invitations.

Rules:

* The judges are the competition's judge members; each gets a :class:`JudgeProfile` on
  demand. Inactive judges (dropped out) get nothing new. ``max_load`` counts per round.
* A judge's organization is their profile's, else their account's.

Editing a profile is in :mod:`judging.assignments.profile_edits` (an edit may move projects);
adding judges in bulk is in :mod:`judging.assignments.judge_imports`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec

from judging.accounts.tables import Account
from judging.assignments.conflicts import judge_organization
from judging.assignments.planning import JudgeInfo
from judging.assignments.schemas import PoolJudge
from judging.assignments.tables import JudgeProfile
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.invitations import create_invitation
from judging.competitions.schemas import InvitationCreate
from judging.competitions.tables import Membership
from judging.database import writing
from judging.errors import NotFound

# Rows per INSERT: well below the bind-parameter limits of SQLite and PostgreSQL.
INSERT_CHUNK = 200


async def ensure_profiles(competition_id: int) -> None:
    """Give every judge member a profile: link the one imported under their email, or create one.

    A created profile mirrors the (audited) membership, with the account's name and
    organization; concurrent requests may both try, and the second insert does nothing.
    """
    members = await Membership.select(
        Membership.account.id.as_alias("account_id"),
        Membership.account.email.as_alias("email"),
        Membership.account.display_name.as_alias("display_name"),
        Membership.account.organization.as_alias("organization"),
    ).where((Membership.competition == competition_id) & (Membership.role == competitions.JUDGE))
    profiles = await JudgeProfile.select(
        JudgeProfile.id, JudgeProfile.email, JudgeProfile.account
    ).where(JudgeProfile.competition == competition_id)
    linked = {row["account"] for row in profiles if row["account"] is not None}
    by_email = {row["email"]: row for row in profiles}
    to_link: list[tuple[int, int]] = []
    to_create: list[JudgeProfile] = []
    for member in members:
        if member["account_id"] in linked:
            continue
        profile = by_email.get(member["email"])
        if profile is None:
            to_create.append(
                JudgeProfile(
                    competition=competition_id,
                    email=member["email"],
                    account=member["account_id"],
                    display_name=member["display_name"],
                    organization=member["organization"],
                    tracks=[],
                    max_load=None,
                    active=True,
                )
            )
        elif profile["account"] is None:
            to_link.append((profile["id"], member["account_id"]))
    if not to_link and not to_create:
        return
    async with writing():
        for profile_id, account_id in to_link:
            await JudgeProfile.update({JudgeProfile.account: account_id}).where(
                (JudgeProfile.id == profile_id) & JudgeProfile.account.is_null()
            )
        for start in range(0, len(to_create), INSERT_CHUNK):
            await JudgeProfile.insert(*to_create[start : start + INSERT_CHUNK]).on_conflict(
                action="DO NOTHING"
            )


def _effective(row: dict[str, Any], members: set[int]) -> PoolJudge:
    judge = msgspec.convert({**row, "tracks": row["tracks"] or []}, PoolJudge)
    judge.name = judge.display_name or judge.account_name or judge.email
    judge.effective_organization = judge_organization(
        judge.organization, judge.account_organization
    )
    judge.member = judge.account in members
    if judge.account is None or not judge.member:
        judge.status = "invited"
    else:
        judge.status = "active" if judge.active else "dropped_out"
    return judge


async def judge_members(competition_id: int) -> set[int]:
    """Account ids of the competition's judge members."""
    rows = await Membership.select(Membership.account).where(
        (Membership.competition == competition_id) & (Membership.role == competitions.JUDGE)
    )
    return {row["account"] for row in rows}


def _profile_query() -> Any:
    return JudgeProfile.select(
        JudgeProfile.all_columns(),
        JudgeProfile.account.display_name.as_alias("account_name"),
        JudgeProfile.account.organization.as_alias("account_organization"),
        JudgeProfile.account.email.as_alias("account_email"),
    ).output(load_json=True)


async def judge_pool(competition_id: int) -> list[PoolJudge]:
    """Every judge of the competition (joined or only invited), by name."""
    await competitions.get_competition(competition_id)
    await ensure_profiles(competition_id)
    members = await judge_members(competition_id)
    rows = await _profile_query().where(JudgeProfile.competition == competition_id)
    judges = [_effective(row, members) for row in rows]
    return sorted(judges, key=lambda judge: (judge.name.casefold(), judge.id))


async def get_profile(competition_id: int, profile_id: int) -> PoolJudge:
    """One judge profile of the competition (else :class:`NotFound`)."""
    rows = await _profile_query().where(
        (JudgeProfile.competition == competition_id) & (JudgeProfile.id == profile_id)
    )
    if not rows:
        raise NotFound()
    return _effective(rows[0], await judge_members(competition_id))


async def own_profile(competition_id: int, account_id: int) -> PoolJudge:
    """The signed-in judge's profile in the competition, created on first use."""
    await ensure_profiles(competition_id)
    rows = await _profile_query().where(
        (JudgeProfile.competition == competition_id) & (JudgeProfile.account == account_id)
    )
    if not rows:
        raise NotFound()
    return _effective(rows[0], await judge_members(competition_id))


async def judge_infos(competition_id: int) -> list[JudgeInfo]:
    """The judges who have joined (an account), with what the assignment needs to know."""
    await ensure_profiles(competition_id)
    members = await judge_members(competition_id)
    rows = await _profile_query().where(
        (JudgeProfile.competition == competition_id) & JudgeProfile.account.is_not_null()
    )
    infos = []
    for row in rows:
        judge = _effective(row, members)
        assert judge.account is not None
        infos.append(
            JudgeInfo(
                id=judge.account,
                profile_id=judge.id,
                display_name=judge.name,
                email=judge.email,
                organization=judge.effective_organization,
                tracks=tuple(judge.tracks),
                max_load=judge.max_load,
                available=judge.status == "active",
                account_email=judge.account_email or "",
                account_organization=judge.account_organization or "",
            )
        )
    return infos


async def invite_judge(
    *,
    competition_id: int,
    email: str,
    inviter: Account,
    base_url: str,
    now: datetime,
    ttl: timedelta,
) -> None:
    """Invite a judge (the link goes through the outbox) and add them to the pool right away,
    so organizers can set their expertise and load before they join."""
    sent = await create_invitation(
        competition_id=competition_id,
        form=InvitationCreate(email=email, role=competitions.JUDGE),
        inviter=inviter,
        base_url=base_url,
        now=now,
        ttl=ttl,
    )
    async with writing():
        created = (
            await JudgeProfile.insert(
                JudgeProfile(
                    competition=competition_id,
                    email=sent.invitation.email,
                    display_name="",
                    organization="",
                    tracks=[],
                    max_load=None,
                    active=True,
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(JudgeProfile.id)
        )
        for row in created:
            await audit.record(
                actor_id=inviter.id,
                entity="judge_profile",
                entity_id=row["id"],
                action="created",
                after={"competition_id": competition_id, "email": sent.invitation.email},
            )
