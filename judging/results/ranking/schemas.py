"""What comes into and goes out of a round's ranking: the board, policy previews, project
breakdowns and judge calibration.

Scores are numbers on the 0-100 scale of the scoring module (``docs/scoring.md``); a missing
number (a project without counted cards, a judge compared with nobody) is null.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from judging.competitions.schemas import Aggregate, Disagreement, Normalize, PanelSize, Trim
from judging.reviews.tables import ScorecardStatus
from judging.submissions.tables import SubmissionStatus

# ---------------------------------------------------------------- policy


class PolicyFields(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A complete scoring policy, as the organizer adopts it for a round."""

    normalize: Normalize
    aggregate: Aggregate
    trim: Trim
    min_judges: PanelSize
    disagreement: Disagreement


class PolicyQuery(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Another policy to preview: the fields given replace the round's own."""

    normalize: Normalize | None = None
    aggregate: Aggregate | None = None
    trim: Trim | None = None
    min_judges: PanelSize | None = None
    disagreement: Disagreement | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__struct_fields__)


class PolicyOut(msgspec.Struct, kw_only=True):
    normalize: str
    aggregate: str
    trim: int
    min_judges: int
    disagreement: float


# ---------------------------------------------------------------- ranking


class CriterionOut(msgspec.Struct, kw_only=True):
    key: str
    label_en: str
    label_zh: str
    weight_percent: float
    scale_min: int
    scale_max: int
    # Position among the rubric's tie-breakers (1 breaks ties first); null for the others.
    tie_break_rank: int | None = None


class TrackOut(msgspec.Struct, kw_only=True):
    """A track of the round's ranking: its projects taking part and how many are ranked."""

    key: str
    name_en: str
    name_zh: str
    projects: int
    ranked: int


class RankedProject(msgspec.Struct, kw_only=True):
    """One project's row of the ranking. ``criteria`` holds, in rubric order, the mean over
    its counted cards of each criterion's score scaled to 0-100."""

    submission_id: int
    title: str
    track: str
    score: float | None
    rank: int | None
    track_rank: int | None
    n_judges: int
    flagged: bool
    score_std: float | None
    criteria: list[float | None]


class UnscoredProject(msgspec.Struct, kw_only=True):
    """A project taking part in the round without any counted scorecard."""

    submission_id: int
    title: str
    track: str


class RankingBoard(msgspec.Struct, kw_only=True):
    """A round's ranking with its round's policy: every project, overall order."""

    competition_id: int
    round_id: int
    policy: PolicyOut
    criteria: list[CriterionOut]
    tracks: list[TrackOut]
    projects: list[RankedProject]
    unscored: list[UnscoredProject]
    counted_cards: int
    flagged: int


class RankMove(msgspec.Struct, kw_only=True):
    """How one project fares under the previewed policy against the round's own.

    ``rank_change`` and ``track_rank_change`` are positions gained (positive: moves up);
    null when the project is ranked under only one of the two policies.
    """

    submission_id: int
    title: str
    track: str
    current_rank: int | None
    preview_rank: int | None
    rank_change: int | None
    current_track_rank: int | None
    preview_track_rank: int | None
    track_rank_change: int | None
    current_score: float | None
    preview_score: float | None
    score_change: float | None


class PolicyComparison(msgspec.Struct, kw_only=True):
    """The same sheet ranked with the round's policy and with another one; nothing saved."""

    policy: PolicyOut
    preview: RankingBoard
    moves: list[RankMove]
    moved: int
    moved_in_track: int


class RankingOut(msgspec.Struct, kw_only=True):
    """A round's ranking; with policy query parameters also the preview and the moves."""

    ranking: RankingBoard
    published: bool
    comparison: PolicyComparison | None = None


# ---------------------------------------------------------------- project breakdown


class AuditEventOut(msgspec.Struct, kw_only=True):
    id: int
    at: datetime
    actor_name: str | None
    action: str
    before: Any
    after: Any


class CardBreakdown(msgspec.Struct, kw_only=True):
    """One judge's scorecard of the project, whatever its state.

    ``total`` is the raw 0-100 judge score; ``normalized`` is the score the ranking uses
    (null unless the card counts). ``scores`` are on the criteria's own scales.
    """

    id: int
    judge_id: int
    judge_name: str
    judge_email: str
    status: ScorecardStatus
    counted: bool
    excluded: bool
    excluded_reason: str
    total: float | None
    normalized: float | None
    scores: dict[str, float]
    comment_to_entrant: str
    note_to_organizers: str
    version: int
    updated_at: datetime
    submitted_at: datetime | None
    history: list[AuditEventOut]


class ProjectBreakdown(msgspec.Struct, kw_only=True):
    """Everything about one project's scores in a round, for its organizers."""

    competition_id: int
    round_id: int
    submission_id: int
    title: str
    organization: str
    project_status: SubmissionStatus
    track: str
    track_name_en: str
    track_name_zh: str
    taking_part: bool
    score: float | None
    rank: int | None
    track_rank: int | None
    n_judges: int
    flagged: bool
    score_std: float | None
    disagreement: float
    min_judges: int
    judging_open: bool
    criteria: list[CriterionOut]
    cards: list[CardBreakdown]


# ---------------------------------------------------------------- calibration


class Distribution(msgspec.Struct, kw_only=True):
    """Raw judge scores (0-100): count, mean, population std and the five-number summary."""

    n: int
    mean: float | None
    std: float | None
    minimum: float | None
    q1: float | None
    median: float | None
    q3: float | None
    maximum: float | None


class JudgeCalibration(msgspec.Struct, kw_only=True):
    """One judge against the panel: what they scored and how lenient they are.

    ``leniency`` is the mean of (own score - mean of the other judges' scores) over the
    ``n_compared`` cards of projects other judges also scored (null when none).
    """

    judge_id: int
    name: str
    n_scored: int
    leniency: float | None
    n_compared: int
    normalized: bool
    scores: Distribution


class Calibration(msgspec.Struct, kw_only=True):
    """A round's judge calibration; ``krippendorff_alpha`` is null when there is not enough
    overlap between judges to compute it."""

    competition_id: int
    round_id: int
    krippendorff_alpha: float | None
    n_units: int
    n_pairable: int
    panel: Distribution
    judges: list[JudgeCalibration]
