"""The scorecards of assignment pairs, as assignments asks for them: which pairs of a round are
scored, one judge's card of a project, and what becomes of a card whose pair is removed.

Assignments sits below reviews and reaches these through the lookups
:mod:`judging.assignments.scorecards` describes, which :mod:`judging.piccolo_app` declares.
"""

from __future__ import annotations

import msgspec

from judging.assignments.planning import Pair
from judging.assignments.scorecards import PairCard, PairScorecards
from judging.audit import services as audit
from judging.reviews.tables import Scorecard, ScorecardStatus


async def scored_pairs(round_id: int) -> set[Pair]:
    """The (submission id, judge id) pairs of the round's submitted scorecards."""
    rows = await Scorecard.select(Scorecard.submission, Scorecard.judge).where(
        (Scorecard.round == round_id) & (Scorecard.status == ScorecardStatus.SUBMITTED)
    )
    return {(row["submission"], row["judge"]) for row in rows}


async def pair_card(round_id: int, submission_id: int, judge_id: int) -> PairCard | None:
    """The judge's scorecard of the project in the round (any status), or None."""
    row = (
        await Scorecard.select(
            Scorecard.id,
            Scorecard.status,
            Scorecard.scores,
            Scorecard.total,
            Scorecard.comment_to_entrant,
            Scorecard.note_to_organizers,
            Scorecard.excluded,
            Scorecard.excluded_reason,
            Scorecard.version,
        )
        .where(
            (Scorecard.round == round_id)
            & (Scorecard.submission == submission_id)
            & (Scorecard.judge == judge_id)
        )
        .output(load_json=True)
        .first()
    )
    if row is None:
        return None
    return msgspec.convert({**row, "scored": row["status"] == ScorecardStatus.SUBMITTED}, PairCard)


async def exclude_card(card: PairCard, *, excluded_reason: str, actor_id: int | None) -> None:
    """Leave the card (a row of :func:`pair_card`) out of the ranking, audited."""
    await Scorecard.update(
        {Scorecard.excluded: True, Scorecard.excluded_reason: excluded_reason}
    ).where(Scorecard.id == card.id)
    await audit.record(
        actor_id=actor_id,
        entity="scorecard",
        entity_id=card.id,
        action="excluded",
        before={"excluded": card.excluded, "excluded_reason": card.excluded_reason},
        after={"excluded": True, "excluded_reason": excluded_reason},
    )


async def delete_card(
    round_id: int,
    submission_id: int,
    judge_id: int,
    card: PairCard,
    *,
    reason: str,
    actor_id: int | None,
) -> None:
    """Delete the card (a row of :func:`pair_card`) with its pair, audited with the whole card."""
    await Scorecard.delete().where(Scorecard.id == card.id)
    await audit.record(
        actor_id=actor_id,
        entity="scorecard",
        entity_id=card.id,
        action="deleted",
        # The whole card: a deleted draft must still be readable in the trail.
        before={
            "round_id": round_id,
            "submission_id": submission_id,
            "judge_id": judge_id,
            **{
                name: value
                for name, value in msgspec.structs.asdict(card).items()
                if name not in ("id", "scored")
            },
        },
        after={"reason": reason},
    )


PAIR_SCORECARDS = PairScorecards(
    scored_pairs=scored_pairs, card=pair_card, exclude=exclude_card, delete=delete_card
)
