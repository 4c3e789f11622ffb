"""What comes into and goes out of the reviews domain: scorecards, queues, progress.

Everything a judge receives is built from these Structs, so what a blind round hides is
decided here once: :class:`JudgeProject` has no field for contacts or the owner, and its
team, organization, country and links are left out (not sent as null) in blind rounds.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

import msgspec

from judging.applications.schemas import AnswerOut
from judging.reviews.tables import ScorecardStatus
from judging.submissions.tables import SubmissionStatus

MAX_COMMENT = 4000
Comment = Annotated[str, msgspec.Meta(max_length=MAX_COMMENT)]
SaveAction = Literal["draft", "submit"]


class QueueStatus(StrEnum):
    """How a judge's queue shows their card of a project: a stored status, or not started (no
    card yet), or reopened (a draft the judge withdrew from submission, not counted until
    submitted again)."""

    NOT_STARTED = "not_started"
    DRAFT = ScorecardStatus.DRAFT.value
    REOPENED = "reopened"
    SUBMITTED = ScorecardStatus.SUBMITTED.value
    RETURNED = ScorecardStatus.RETURNED.value


class ScorecardSave(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A judge's save: the scores given so far, both comments, and the version they loaded.

    ``version`` is 0 for a card that did not exist when the page was opened. ``action``
    "submit" needs every criterion; "draft" accepts any subset (a null score is left out).
    """

    scores: dict[str, float | None] = msgspec.field(default_factory=dict)
    comment_to_entrant: Comment = ""
    note_to_organizers: Comment = ""
    version: Annotated[int, msgspec.Meta(ge=0)]
    action: SaveAction = "draft"


class ScorecardReopen(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A judge reopens their submitted card as a draft: ``version`` is the version they loaded."""

    version: Annotated[int, msgspec.Meta(ge=0)]


class ProgressQuery(msgspec.Struct, frozen=True, forbid_unknown_fields=False):
    """Which page of a round's projects the progress page lists."""

    page: Annotated[int, msgspec.Meta(ge=1)] = 1


class ReminderRequest(msgspec.Struct, forbid_unknown_fields=False):
    """Whom to remind: one judge's account id, or "all" judges with unsubmitted work.

    Judges reminded in this round within the throttle window are skipped unless ``force``.
    """

    to: Annotated[str, msgspec.Meta(pattern=r"^(all|[0-9]{1,12})$")]
    force: bool = False


class ReminderOutcome(msgspec.Struct, kw_only=True):
    """How many reminders were queued, and which judges (account ids) were skipped because
    they were reminded within the throttle window."""

    sent: int
    skipped: list[int]


class ScorecardOut(msgspec.Struct, kw_only=True):
    """The judge's own card (never another judge's)."""

    id: int
    round_id: int
    submission_id: int
    status: ScorecardStatus
    scores: dict[str, float]
    total: float | None
    comment_to_entrant: str
    note_to_organizers: str
    version: int
    updated_at: datetime
    submitted_at: datetime | None
    # When the judge reopened the submitted card (null unless it is a reopened draft).
    reopened_at: datetime | None = None


class StoredCard(msgspec.Struct, kw_only=True):
    """A judge's scorecard as stored (every column), as the rules of saving read it."""

    id: int
    round: int
    submission: int
    judge: int
    status: ScorecardStatus
    # As stored: a whole score stays an int (the API has always sent it so).
    scores: dict[str, int | float]
    total: float | None
    comment_to_entrant: str
    note_to_organizers: str
    excluded: bool
    excluded_reason: str
    version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    deck_sha256: str
    reopened_at: datetime | None


class TeamMemberOut(msgspec.Struct):
    name: str
    role: str = ""


class JudgeFile(msgspec.Struct, kw_only=True):
    """A file of the project a judge may read: the slot's label and the file, never the name
    it was uploaded under (it may name the team)."""

    slot: str
    label_en: str
    label_zh: str
    media_type: str
    size: int
    url: str


class JudgeProject(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A project as a judge sees it; in blind rounds only the fields that name no one."""

    id: int
    title: str
    summary: str
    description: str
    track_key: str
    track_name_en: str
    track_name_zh: str
    status: SubmissionStatus
    has_deck: bool
    deck_url: str | None = None
    team: list[TeamMemberOut] | None = None
    organization: str | None = None
    country: str | None = None
    website: str | None = None
    video_url: str | None = None
    # The application form's answers a judge may read in this round (none in the list: none).
    answers: list[AnswerOut] = msgspec.field(default_factory=list)
    # The attachment files a judge may read in this round, in the form's order.
    files: list[JudgeFile] = msgspec.field(default_factory=list)


class RubricCriterion(msgspec.Struct, kw_only=True):
    """One criterion as a judge scores it. ``weight`` is a fraction (the weights total 1)."""

    key: str
    label_en: str
    label_zh: str
    guidance_en: str
    guidance_zh: str
    weight: float
    weight_bp: int
    scale_min: int
    scale_max: int


class JudgingRound(msgspec.Struct, kw_only=True):
    """A round from the judge's side: its window (in UTC) and whether it is open now."""

    id: int
    competition_id: int
    competition_name_en: str
    competition_name_zh: str
    timezone: str
    name_en: str
    name_zh: str
    is_blind: bool
    judging_opens_at: datetime | None
    judging_closes_at: datetime | None
    is_open: bool
    # Screeners mark projects eligible or not instead of scoring them.
    is_screening: bool = False


class QueueItem(msgspec.Struct, kw_only=True):
    """One assigned project in a judge's queue and the state of their card for it."""

    submission_id: int
    title: str
    track_name_en: str
    track_name_zh: str
    card_status: QueueStatus
    total: float | None
    updated_at: datetime | None


class RoundQueue(msgspec.Struct, kw_only=True):
    """A judge's work in one round: scored (submitted cards) out of assigned, and the list."""

    round: JudgingRound
    assigned: int
    scored: int
    drafts: int
    left: list[QueueItem]
    done: list[QueueItem]


class JudgeProjectDetail(msgspec.Struct, kw_only=True):
    """Everything the judge's project page shows: project, rubric and their own card."""

    round: JudgingRound
    project: JudgeProject
    rubric: list[RubricCriterion]
    scorecard: ScorecardOut | None
    can_score: bool
    refusal: str | None = None


class JudgeProgress(msgspec.Struct, kw_only=True):
    """One judge's progress in a round, for organizers."""

    judge_id: int
    display_name: str
    email: str
    assigned: int
    submitted: int
    drafts: int
    left: int
    last_activity: datetime | None
    # When this judge was last reminded of this round (None: never).
    last_reminded_at: datetime | None = None
    # Reminded within the throttle window: another reminder is skipped unless forced.
    recently_reminded: bool = False


class TrackProgress(msgspec.Struct, kw_only=True):
    """One track's progress in a round: cards submitted out of those expected."""

    track_id: int
    key: str
    name_en: str
    name_zh: str
    projects: int
    expected: int
    submitted: int


class ProjectProgress(msgspec.Struct, kw_only=True):
    """One project taking part in a round: its judges so far out of those the round needs, and
    its scorecards submitted."""

    submission_id: int
    title: str
    track_id: int | None
    judges: int
    needed: int
    submitted: int

    @property
    def short(self) -> bool:
        return self.judges < self.needed


class RoundProgress(msgspec.Struct, kw_only=True):
    """A round's judging progress per judge, per track and per project.

    Every project taking part counts, assigned or not: ``expected`` holds the scorecards of
    judges not yet assigned too (each project needs ``per_submission``), so a round is not
    done while a project still lacks judges.
    """

    round: JudgingRound
    judges: list[JudgeProgress]
    tracks: list[TrackProgress]
    expected: int
    submitted: int
    per_submission: int = 0
    # Every project taking part, those short of judges first (fewest judges first).
    projects: list[ProjectProgress] = msgspec.field(default_factory=list)
    projects_without_judges: int = 0
    projects_short: int = 0


class ScreeningVoteIn(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A screener's word: eligible or not; a reason is needed for "not eligible"."""

    eligible: bool
    reason: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class ScreeningVoteOut(msgspec.Struct, kw_only=True):
    eligible: bool
    reason: str
    updated_at: datetime
