"""Conflicts of interest as recorded: declared by a judge or set by an organizer, listed,
removed by an organizer, or withdrawn by the judge who declared them.

Recording one takes the judge off the projects it covers in every open round and refills them
(:mod:`judging.assignments.reassignment`); who conflicts with whom is decided by the pure rules
of :mod:`judging.assignments.conflicts`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from judging.accounts.tables import Account
from judging.assignments.access import is_assigned_judge
from judging.assignments.conflicts import normalized_organization
from judging.assignments.judges import judge_infos, judge_members
from judging.assignments.reassignment import ReassignmentOutcome, resolve_conflicts
from judging.assignments.schemas import ConflictRow, ConflictSource, ProjectChoice
from judging.assignments.tables import Conflict
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.tables import Round
from judging.database import writing
from judging.errors import Conflict as ConflictError
from judging.errors import FieldError, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mails
from judging.submissions.tables import Submission

WITHDRAWN_MAIL = "conflict_withdrawn"
SET_BY_ORGANIZER = N_(
    "An organizer set this conflict, so only an organizer can remove it. Ask them if it is wrong."
)
ALREADY_WITHDRAWN = N_("This conflict is already withdrawn.")


async def conflicts(competition_id: int, judge_id: int | None = None) -> list[ConflictRow]:
    """Conflicts of the competition (of one judge), newest first, with names and titles."""
    query = Conflict.select(
        Conflict.all_columns(),
        Conflict.judge.display_name.as_alias("judge_name"),
        Conflict.judge.email.as_alias("judge_email"),
        Conflict.submission.title.as_alias("submission_title"),
    ).where(Conflict.competition == competition_id)
    if judge_id is not None:
        query = query.where(Conflict.judge == judge_id)
    rows = await query.order_by(Conflict.id, ascending=False)
    names = {info.id: info.display_name for info in await judge_infos(competition_id)}
    return [
        msgspec.convert(
            {**row, "judge_name": names.get(row["judge"], row["judge_name"])}, ConflictRow
        )
        for row in rows
    ]


async def own_conflict(competition_id: int, conflict_id: int, judge_id: int) -> ConflictRow:
    """One conflict of the judge in the competition, with its project's title; else
    :class:`NotFound` (another judge's conflicts are not theirs to see)."""
    rows = await conflicts(competition_id, judge_id)
    for row in rows:
        if row.id == conflict_id:
            return row
    raise NotFound()


async def _require_judge(competition_id: int, judge_id: int) -> None:
    if judge_id not in await judge_members(competition_id):
        raise ValidationFailed.single("judge_id", N_("Choose a judge of this competition."))


async def declare_conflict(
    *,
    competition_id: int,
    judge_id: int,
    submission_id: int | None,
    organization: str,
    reason: str,
    source: ConflictSource,
    actor_id: int,
    now: datetime,
    base_url: str | None = None,
) -> ReassignmentOutcome:
    """Record a conflict of ``judge_id`` with one project or with an organization.

    In every round whose judging is still open, the judge leaves the projects the conflict
    covers (a submitted scorecard stays, excluded from the ranking) and those projects get
    other judges from the solver. Returns what changed, ``conflict_id`` included.
    """
    organization = organization.strip()
    if (submission_id is None) == (not organization):
        raise ValidationFailed(
            [
                FieldError(
                    "submission_id" if submission_id is None else "organization",
                    N_("Choose either a project or an organization."),
                )
            ]
        )
    await competitions.get_competition(competition_id)
    await _require_judge(competition_id, judge_id)
    existing = await Conflict.select(Conflict.submission, Conflict.organization).where(
        (Conflict.competition == competition_id)
        & (Conflict.judge == judge_id)
        & Conflict.in_force()
    )
    if submission_id is not None:
        belongs = await Submission.exists().where(
            (Submission.id == submission_id) & (Submission.competition == competition_id)
        )
        if not belongs:
            raise ValidationFailed.single(
                "submission_id", N_("Choose a project of this competition.")
            )
        if any(row["submission"] == submission_id for row in existing):
            raise ValidationFailed.single("submission_id", N_("This conflict is already recorded."))
    elif any(
        normalized_organization(row["organization"]) == normalized_organization(organization)
        for row in existing
    ):
        raise ValidationFailed.single("organization", N_("This conflict is already recorded."))
    async with writing():
        conflict = Conflict(
            competition=competition_id,
            judge=judge_id,
            submission=submission_id,
            organization=organization,
            reason=reason.strip(),
            source=source,
            created_by=actor_id,
        )
        await conflict.save()
        await audit.record(
            actor_id=actor_id,
            entity="conflict",
            entity_id=conflict.id,
            action="created",
            after={
                "competition_id": competition_id,
                "judge_id": judge_id,
                "submission_id": submission_id,
                "organization": organization,
                "reason": conflict.reason,
                "source": source,
            },
        )
        outcome = await resolve_conflicts(
            competition_id, judge_id, actor_id=actor_id, now=now, base_url=base_url
        )
    outcome.conflict_id = conflict.id
    return outcome


async def remove_conflict(competition_id: int, conflict_id: int, actor_id: int) -> None:
    """Remove a conflict an organizer set; one the judge declared stays."""
    async with writing():
        row = (
            await Conflict.select()
            .where((Conflict.id == conflict_id) & (Conflict.competition == competition_id))
            .first()
        )
        if row is None:
            raise NotFound()
        if row["source"] != "organizer":
            raise ConflictError(
                N_(
                    "The judge declared this conflict; only conflicts set by organizers can "
                    "be removed."
                )
            )
        await Conflict.delete().where(Conflict.id == conflict_id)
        await audit.record(
            actor_id=actor_id,
            entity="conflict",
            entity_id=conflict_id,
            action="deleted",
            before={
                "judge_id": row["judge"],
                "submission_id": row["submission"],
                "organization": row["organization"],
                "reason": row["reason"],
                "source": row["source"],
            },
        )


async def withdraw_conflict(
    *,
    competition_id: int,
    conflict_id: int,
    judge: Account,
    reason: str,
    now: datetime,
    base_url: str,
) -> dict[str, Any]:
    """The judge withdraws a conflict they declared; returns the row as it is now.

    The row stays (withdrawn, with the reason) and stops counting: the judge may be assigned
    the projects it covered from the next assignment on; nothing is assigned by itself. The
    withdrawal is audited and every organizer of the competition is mailed. Another judge's
    conflict is :class:`NotFound`; one an organizer set, or one already withdrawn, is refused
    with :class:`Conflict`.
    """
    async with writing():
        row = (
            await Conflict.select(
                Conflict.all_columns(), Conflict.submission.title.as_alias("submission_title")
            )
            .where(
                (Conflict.id == conflict_id)
                & (Conflict.competition == competition_id)
                & (Conflict.judge == judge.id)
            )
            .first()
        )
        if row is None:
            raise NotFound()
        if row["source"] != "judge":
            raise ConflictError(SET_BY_ORGANIZER)
        reason = reason.strip()
        # Compare-and-set: of two withdrawals at once, one wins and one mail goes out.
        won = (
            await Conflict.update({Conflict.withdrawn_at: now, Conflict.withdrawn_reason: reason})
            .where((Conflict.id == conflict_id) & Conflict.in_force())
            .returning(Conflict.id)
        )
        if not won:
            raise ConflictError(ALREADY_WITHDRAWN)
        await audit.record(
            actor_id=judge.id,
            entity="conflict",
            entity_id=conflict_id,
            action="withdrawn",
            before={
                "judge_id": judge.id,
                "submission_id": row["submission"],
                "organization": row["organization"],
                "reason": row["reason"],
                "source": row["source"],
            },
            after={"withdrawn_at": now, "withdrawn_reason": reason},
        )
        competition = await competitions.get_competition(competition_id)
        organizers = [
            member.email
            for member in await competitions.members(competition_id)
            if member.role == competitions.ORGANIZER
        ]
        context = {
            "competition_en": competition.name_en,
            "competition_zh": competition.name_zh,
            "judge": judge.display_name or judge.email,
            "judge_email": judge.email,
            "project": row["submission_title"] or "",
            "organization": row["organization"],
            "reason": reason,
            "link": f"{base_url.rstrip('/')}/organize/{competition_id}/conflicts",
        }
        await queue_mails(
            ((email, WITHDRAWN_MAIL, context) for email in organizers),
            competition_id=competition_id,
        )
    return {**row, "withdrawn_at": now, "withdrawn_reason": reason}


async def declare_project_conflict(
    *,
    round_id: int,
    submission_id: int,
    judge_id: int,
    reason: str,
    now: datetime,
    base_url: str | None = None,
) -> ReassignmentOutcome:
    """A judge declares a conflict with a project assigned to them in ``round_id``."""
    if not await is_assigned_judge(round_id, submission_id, judge_id):
        raise NotFound()
    found = await Round.objects().get(Round.id == round_id)
    return await declare_conflict(
        competition_id=found.competition,
        judge_id=judge_id,
        submission_id=submission_id,
        organization="",
        reason=reason,
        source="judge",
        actor_id=judge_id,
        now=now,
        base_url=base_url,
    )


async def competition_projects(competition_id: int) -> list[ProjectChoice]:
    """Every project of the competition (any status), for choosing one in a conflict form."""
    rows = (
        await Submission.select(Submission.id, Submission.title, Submission.organization)
        .where(Submission.competition == competition_id)
        .order_by(Submission.title)
    )
    return msgspec.convert(rows, list[ProjectChoice])


async def conflicted_project(submission_id: int) -> Submission | None:
    """The project a judge declares a conflict with, shown again beside a refused form."""
    return await Submission.objects().get(Submission.id == submission_id)
