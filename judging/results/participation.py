"""Which projects take part in a round.

The first round of a competition (lowest position) takes every submitted project; a later
round takes the submitted projects an :class:`Advancement` admits into it. Withdrawn and
disqualified projects take part in nothing.
"""

from __future__ import annotations

from typing import Any

from judging.competitions.tables import Round
from judging.errors import NotFound
from judging.results.tables import Advancement
from judging.submissions.tables import Submission

TAKING_PART = "submitted"


async def round_row(round_id: int) -> dict[str, Any]:
    row = await Round.select().where(Round.id == round_id).first()
    if row is None:
        raise NotFound()
    return row


async def first_round_id(competition_id: int) -> int | None:
    """The id of the competition's first round (lowest position, then lowest id)."""
    row = (
        await Round.select(Round.id)
        .where(Round.competition == competition_id)
        .order_by(Round.position)
        .order_by(Round.id)
        .first()
    )
    return row["id"] if row else None


async def round_project_ids(round_id: int) -> list[int]:
    """Ids of the projects taking part in the round, ascending."""
    current = await round_row(round_id)
    query = Submission.select(Submission.id).where(
        (Submission.competition == current["competition"]) & (Submission.status == TAKING_PART)
    )
    if await first_round_id(current["competition"]) != round_id:
        admitted = Advancement.select(Advancement.submission).where(Advancement.round == round_id)
        query = query.where(Submission.id.is_in(admitted))
    return [row["id"] for row in await query.order_by(Submission.id)]
