"""What comes into and goes out of the moderation of scorecards."""

from __future__ import annotations

from typing import Annotated

import msgspec

from judging.reviews.tables import ScorecardStatus

Reason = Annotated[str, msgspec.Meta(min_length=3, max_length=1000)]
OptionalReason = Annotated[str, msgspec.Meta(max_length=1000)]


class ScorecardModeration(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Why the organizer excludes a card or sends it back; ``version`` is the card's version
    on the organizer's page, so a card changed since is not acted on."""

    reason: Reason
    version: int


class ScorecardInclusion(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Counting an excluded card again; the reason is optional."""

    version: int
    reason: OptionalReason = ""


class ScorecardStateOut(msgspec.Struct, kw_only=True):
    id: int
    status: ScorecardStatus
    excluded: bool
    excluded_reason: str
    version: int


class ModeratedCard(msgspec.Struct, kw_only=True):
    """A scorecard as moderation reads it: where it belongs and the state it changes."""

    id: int
    round: int
    submission: int
    status: ScorecardStatus
    excluded: bool
    excluded_reason: str
    version: int
