"""Which projects take part in a round.

Below the assignments and the results, which both read it: the assignment of judges to a
round's projects, and the round's score sheet. The first round of a competition (lowest position) takes every submitted project; a later
round takes the submitted projects an :class:`Advancement` admits into it. Withdrawn and
disqualified projects take part in nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from judging.competitions.tables import Round
from judging.errors import NotFound
from judging.submissions.tables import Advancement, Submission, SubmissionStatus

TAKING_PART = SubmissionStatus.SUBMITTED


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


def taking_part(
    statuses: Mapping[int, str], is_first_round: bool, admitted: Iterable[int]
) -> list[int]:
    """Ids of the projects taking part in a round (ascending), from every project's status
    and the projects admitted into the round (the rule of the module docstring; pure)."""
    wanted = None if is_first_round else set(admitted)
    return sorted(
        project_id
        for project_id, status in statuses.items()
        if status == TAKING_PART and (wanted is None or project_id in wanted)
    )


async def admitted_ids(round_id: int) -> list[int]:
    """Ids of the projects admitted into the round, ascending."""
    rows = await Advancement.select(Advancement.submission).where(Advancement.round == round_id)
    return sorted(row["submission"] for row in rows)


async def round_project_ids(round_id: int) -> list[int]:
    """Ids of the projects taking part in the round, ascending."""
    current = await round_row(round_id)
    rows = await Submission.select(Submission.id, Submission.status).where(
        Submission.competition == current["competition"]
    )
    return taking_part(
        {row["id"]: row["status"] for row in rows},
        await first_round_id(current["competition"]) == round_id,
        await admitted_ids(round_id),
    )
