"""A screener's side of a screening round: their word on each project assigned to them,
eligible or not with a reason, saved while the round's judging window is open. What the words
decide is :mod:`judging.results.screening`."""

from __future__ import annotations

from datetime import datetime

from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.database import writing
from judging.errors import Conflict, DomainError, ValidationFailed
from judging.i18n import N_
from judging.reviews.schemas import ScreeningVoteIn, ScreeningVoteOut
from judging.reviews.services import (
    PROJECT_NOT_SCORABLE,
    SCORABLE_PROJECT,
    assigned_project,
    judging_is_open,
    judging_of,
    window_refusal,
)
from judging.reviews.tables import ScreeningVote

NOT_A_SCREENING_ROUND = N_("This round is scored, not screened.")
NEEDS_REASON = N_("Say why the project is not eligible.")


async def own_vote(judge_id: int, round_id: int, submission_id: int) -> ScreeningVoteOut | None:
    row = (
        await ScreeningVote.select(
            ScreeningVote.eligible, ScreeningVote.reason, ScreeningVote.updated_at
        )
        .where(
            (ScreeningVote.round == round_id)
            & (ScreeningVote.submission == submission_id)
            & (ScreeningVote.judge == judge_id)
        )
        .first()
    )
    return None if row is None else ScreeningVoteOut(**row)


async def voted_projects(judge_id: int, round_ids: list[int]) -> set[tuple[int, int]]:
    """(round, project) pairs the screener has given their word on."""
    rows = await ScreeningVote.select(ScreeningVote.round, ScreeningVote.submission).where(
        (ScreeningVote.judge == judge_id) & ScreeningVote.round.is_in(round_ids or [0])
    )
    return {(row["round"], row["submission"]) for row in rows}


async def save_vote(
    judge: Account, round_id: int, submission_id: int, vote: ScreeningVoteIn, now: datetime
) -> ScreeningVoteOut:
    """Record (or change) the screener's word. :class:`NotFound` unless assigned and not
    conflicted; refused outside the window, for a withdrawn project, or in a scored round."""
    reason = vote.reason.strip()
    if not vote.eligible and not reason:
        raise ValidationFailed.single("reason", NEEDS_REASON)
    async with writing():
        found = await assigned_project(judge, round_id, submission_id)
        refusal: DomainError | None = None
        if not found.round.is_screening:
            refusal = Conflict(NOT_A_SCREENING_ROUND)
        elif found.submission.status != SCORABLE_PROJECT:
            refusal = Conflict(PROJECT_NOT_SCORABLE)
        elif not judging_is_open(found.round.judging_opens_at, found.round.judging_closes_at, now):
            judging = await judging_of(found, now)
            refusal = window_refusal(
                found.round.judging_opens_at, found.round.judging_closes_at, judging.timezone, now
            )
        if refusal is not None:
            raise refusal
        before = await own_vote(judge.id, round_id, submission_id)
        if before is None:
            await ScreeningVote(
                round=round_id,
                submission=submission_id,
                judge=judge.id,
                eligible=vote.eligible,
                reason=reason,
                created_at=now,
                updated_at=now,
            ).save()
        else:
            await ScreeningVote.update(
                {
                    ScreeningVote.eligible: vote.eligible,
                    ScreeningVote.reason: reason,
                    ScreeningVote.updated_at: now,
                }
            ).where(
                (ScreeningVote.round == round_id)
                & (ScreeningVote.submission == submission_id)
                & (ScreeningVote.judge == judge.id)
            )
        await audit.record(
            actor_id=judge.id,
            entity="submission",
            entity_id=submission_id,
            action="screened",
            before={"eligible": before.eligible, "reason": before.reason} if before else None,
            after={"round_id": round_id, "eligible": vote.eligible, "reason": reason},
        )
    saved = await own_vote(judge.id, round_id, submission_id)
    assert saved is not None
    return saved
