"""The scorecards judges write on their assigned pairs, as assignments must respect them
without importing reviews.

Reviews sits above assignments (the layers in pyproject.toml), yet a round's state counts the
pairs already scored, a drop-out keeps a scored pair, and a removed pair takes its judge's
draft with it (or leaves a submitted card excluded from the ranking). Reviews owns those rows
and the rules for changing them: it gives these lookups (:mod:`judging.reviews.pair_cards`),
declared where every domain's tables meet, :mod:`judging.piccolo_app` (see
:mod:`judging.declared`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import msgspec

from judging.assignments.planning import Pair
from judging.declared import Declared


class PairCard(msgspec.Struct, kw_only=True):
    """A judge's card of a pair, as reviews gives it: what a removal keeps in the audit trail,
    and ``scored``, whether it is submitted (the statuses are reviews' to name)."""

    id: int
    status: str
    scores: dict[str, int | float]
    total: float | None
    comment_to_entrant: str
    note_to_organizers: str
    excluded: bool
    excluded_reason: str
    version: int
    scored: bool


@dataclass(frozen=True)
class PairScorecards:
    # Round id -> the (submission id, judge id) pairs of its submitted scorecards.
    scored_pairs: Callable[[int], Awaitable[set[Pair]]]
    # (round id, submission id, judge id) -> the judge's card of the project (any status), or
    # None.
    card: Callable[[int, int, int], Awaitable[PairCard | None]]
    # (card, excluded_reason=, actor_id=): leave a submitted card out of the ranking (audited).
    exclude: Callable[..., Awaitable[None]]
    # (round id, submission id, judge id, card, reason=, actor_id=): delete a card whose pair
    # goes (audited with the whole card).
    delete: Callable[..., Awaitable[None]]


SCORECARDS: Declared[PairScorecards] = Declared("The scorecards of assignment pairs (reviews)")


def scorecards() -> PairScorecards:
    """The lookups reviews gives (declared by :mod:`judging.piccolo_app`)."""
    return SCORECARDS.get()
