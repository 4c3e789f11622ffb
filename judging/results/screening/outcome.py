"""A project's outcome in a screening round, from its screeners' words and an organizer's
decision. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

Outcome = Literal["eligible", "not_eligible", "disagreement", "waiting"]


def screening_outcome(
    words: Iterable[bool], quorum: int, assigned: int, decision: bool | None = None
) -> Outcome:
    """Eligible or not once ``quorum`` screeners agree (an organizer's ``decision`` stands
    over them); a disagreement when neither side can reach the quorum any more (every
    assigned screener has spoken, or the remaining ones are too few); waiting otherwise."""
    if decision is not None:
        return "eligible" if decision else "not_eligible"
    said = list(words)
    if not said:
        return "waiting"
    yes, no = sum(said), len(said) - sum(said)
    if yes >= quorum and yes > no:
        return "eligible"
    if no >= quorum and no > yes:
        return "not_eligible"
    left = max(0, assigned - len(said))
    if yes + left < quorum and no + left < quorum:
        return "disagreement"
    if len(said) >= assigned:
        return "disagreement"
    return "waiting"
