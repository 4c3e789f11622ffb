"""What comes into and goes out of advancement between rounds: the cut's preview, its
commit and an advancement withdrawn."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

TopN = Annotated[int, msgspec.Meta(ge=1, le=100000)]
TopPercent = Annotated[float, msgspec.Meta(gt=0, le=100)]
Id = Annotated[int, msgspec.Meta(ge=1)]


class RoundChoice(msgspec.Struct, kw_only=True):
    id: int
    name_en: str
    name_zh: str
    position: int


class AdvancementQuery(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A cut to preview: the target round and ``top_n`` or ``top_percent`` per track."""

    target_round_id: Id | None = None
    top_n: TopN | None = None
    top_percent: TopPercent | None = None


class AdvancementCommit(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Advance each track's top ``top_n`` (or ``top_percent`` %) into the target round.

    Where a track's cut falls inside a group of tied projects, ``tied`` names the tied
    projects chosen to fill its open places (exactly that many per track), unless
    ``advance_all_tied`` advances every tied project, more than the places offered.
    """

    target_round_id: Id
    top_n: TopN | None = None
    top_percent: TopPercent | None = None
    tied: list[int] = msgspec.field(default_factory=list)
    advance_all_tied: bool = False
    # Admitting mails every newly admitted entrant: nothing happens without ``confirm``.
    confirm: bool = False


class AdvancementWithdrawal(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    target_round_id: Id
    submission_id: Id


class Candidate(msgspec.Struct, kw_only=True):
    submission_id: int
    title: str
    score: float | None
    rank: int | None
    track_rank: int | None
    admitted: bool


class TrackCut(msgspec.Struct, kw_only=True):
    """One track's cut: who advances, who is tied at the cut and how many places are open."""

    key: str
    name_en: str
    name_zh: str
    ranked: int
    slots: int
    advancing: list[Candidate]
    tied: list[Candidate]
    open_slots: int
    eliminated: int
    unranked: int


class AdmittedProject(msgspec.Struct, kw_only=True):
    submission_id: int
    title: str
    track: str
    track_name_en: str
    track_name_zh: str
    basis: str
    decided_by: str | None
    decided_at: datetime


class AdvancementPlan(msgspec.Struct, kw_only=True):
    """The preview of a cut (``tracks`` empty until a target and a size are chosen) and the
    projects already admitted into the target round."""

    competition_id: int
    round_id: int
    targets: list[RoundChoice]
    target_round_id: int | None
    top_n: int | None
    top_percent: float | None
    tracks: list[TrackCut]
    admitted: list[AdmittedProject]
    target_has_scores: bool


class AdvancementPreview(msgspec.Struct, kw_only=True):
    """What committing a cut would do: the projects it admits into the target round (by rank,
    and by the organizer's choice at a tie; ``admitted`` marks those already admitted) and how
    many entrants are mailed (the owners of the projects not admitted yet)."""

    target: RoundChoice
    by_rank: list[Candidate]
    by_organizer: list[Candidate]
    new: int
    mails: int


class AdvancementOutcome(msgspec.Struct, kw_only=True):
    """What a commit wrote: the projects admitted by rank and by the organizer's choice, and
    which of them are new (a repeated commit adds nothing)."""

    target_round_id: int
    by_rank: list[int]
    by_organizer: list[int]
    added: list[int]
