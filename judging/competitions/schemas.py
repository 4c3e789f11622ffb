"""What comes into and goes out of the competitions domain."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

import msgspec

from judging.accounts.schemas import AnyPassword, DisplayName, Email, NewPassword, Organization

Role = Literal["organizer", "judge"]


class InvitationCreate(msgspec.Struct, forbid_unknown_fields=False):
    email: Email
    role: Role


class InvitationAcceptance(msgspec.Struct, forbid_unknown_fields=False):
    """Filled by a newcomer without an account; a signed-in invitee sends no fields."""

    display_name: DisplayName
    password: NewPassword
    password_confirm: AnyPassword
    organization: Organization = ""


class InvitationStatus(StrEnum):
    """Where an invitation stands, from its dates (not stored): pending until it is accepted,
    revoked or expired."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    REVOKED = "revoked"


class InvitationOut(msgspec.Struct):
    id: int
    email: str
    role: Role
    expires_at: str
    # True once the link no longer works (accepted, expired or revoked); ``status`` says which.
    used: bool
    status: InvitationStatus = InvitationStatus.PENDING
    link: str | None = None


class InvitationView(msgspec.Struct):
    """An invitation as the people page lists it, with where it stands."""

    id: int
    email: str
    role: Role
    expires_at: datetime
    status: InvitationStatus


class MemberOut(msgspec.Struct):
    """One role a member holds in a competition, with the account holding it."""

    id: int
    role: str
    account_id: int
    display_name: str
    email: str
    organization: str


class CompetitionSummary(msgspec.Struct):
    id: int
    slug: str
    name_en: str
    name_zh: str
    timezone: str
    is_public: bool
    roles: list[str] = msgspec.field(default_factory=list)


Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")]


# --- Competition setup: the competition, its tracks, rounds and rubrics ----------------------

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Description = Annotated[str, msgspec.Meta(max_length=20000)]
TimeZone = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
TrackKey = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")]
CriterionKey = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")]
Guidance = Annotated[str, msgspec.Meta(max_length=2000)]
Position = Annotated[int, msgspec.Meta(ge=0, le=1000)]
RoundPosition = Annotated[int, msgspec.Meta(ge=1, le=100)]
PanelSize = Annotated[int, msgspec.Meta(ge=1, le=50)]
Trim = Annotated[int, msgspec.Meta(ge=0, le=10)]
Disagreement = Annotated[float, msgspec.Meta(ge=0, le=100)]
WeightPercent = Annotated[float, msgspec.Meta(ge=0, le=100)]
ScaleBound = Annotated[int, msgspec.Meta(ge=0, le=1000)]
TieBreakRank = Annotated[int, msgspec.Meta(ge=1, le=50)]
Normalize = Literal["zscore", "none"]
Aggregate = Literal["trimmed", "mean", "median"]

MAX_CRITERIA = 30


class CompetitionFields(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A competition as an admin creates it and an organizer edits it."""

    slug: Slug
    name_en: Name
    name_zh: Name
    description_en: Description = ""
    description_zh: Description = ""
    timezone: TimeZone = "Asia/Shanghai"
    is_public: bool = True


class CompetitionPatch(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Only the fields sent change."""

    slug: Slug | msgspec.UnsetType = msgspec.UNSET
    name_en: Name | msgspec.UnsetType = msgspec.UNSET
    name_zh: Name | msgspec.UnsetType = msgspec.UNSET
    description_en: Description | msgspec.UnsetType = msgspec.UNSET
    description_zh: Description | msgspec.UnsetType = msgspec.UNSET
    timezone: TimeZone | msgspec.UnsetType = msgspec.UNSET
    is_public: bool | msgspec.UnsetType = msgspec.UNSET


class CompetitionOut(msgspec.Struct):
    id: int
    slug: str
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    timezone: str
    is_public: bool


class TrackFields(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A track; ``position`` orders the tracks (a new track goes last when it is left out).

    The key is fixed once the track exists: judges' expertise and imports refer to it.
    """

    key: TrackKey
    name_en: Name
    name_zh: Name
    position: Position | None = None


class TrackPatch(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Only the fields sent change; a different ``key`` is refused (it is fixed)."""

    key: TrackKey | msgspec.UnsetType = msgspec.UNSET
    name_en: Name | msgspec.UnsetType = msgspec.UNSET
    name_zh: Name | msgspec.UnsetType = msgspec.UNSET
    position: Position | msgspec.UnsetType = msgspec.UNSET


class TrackOut(msgspec.Struct):
    id: int
    competition_id: int
    key: str
    name_en: str
    name_zh: str
    position: int


class RoundFields(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A round: its windows, panel, blindness and scoring policy.

    Times without an offset are read in the competition's time zone; times are stored in UTC.
    Only the first round takes new projects, so later rounds usually leave the submission
    window empty.
    """

    name_en: Name
    name_zh: Name
    position: RoundPosition | None = None
    submission_opens_at: datetime | None = None
    submission_closes_at: datetime | None = None
    judging_opens_at: datetime | None = None
    judging_closes_at: datetime | None = None
    judges_per_submission: PanelSize = 3
    is_blind: bool = False
    is_screening: bool = False
    screening_quorum: PanelSize = 2
    normalize: Normalize = "zscore"
    aggregate: Aggregate = "trimmed"
    trim: Trim = 1
    min_judges: PanelSize = 3
    disagreement: Disagreement = 15.0


class RoundPatch(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    name_en: Name | msgspec.UnsetType = msgspec.UNSET
    name_zh: Name | msgspec.UnsetType = msgspec.UNSET
    position: RoundPosition | msgspec.UnsetType = msgspec.UNSET
    submission_opens_at: datetime | msgspec.UnsetType | None = msgspec.UNSET
    submission_closes_at: datetime | msgspec.UnsetType | None = msgspec.UNSET
    judging_opens_at: datetime | msgspec.UnsetType | None = msgspec.UNSET
    judging_closes_at: datetime | msgspec.UnsetType | None = msgspec.UNSET
    judges_per_submission: PanelSize | msgspec.UnsetType = msgspec.UNSET
    is_blind: bool | msgspec.UnsetType = msgspec.UNSET
    is_screening: bool | msgspec.UnsetType = msgspec.UNSET
    screening_quorum: PanelSize | msgspec.UnsetType = msgspec.UNSET
    normalize: Normalize | msgspec.UnsetType = msgspec.UNSET
    aggregate: Aggregate | msgspec.UnsetType = msgspec.UNSET
    trim: Trim | msgspec.UnsetType = msgspec.UNSET
    min_judges: PanelSize | msgspec.UnsetType = msgspec.UNSET
    disagreement: Disagreement | msgspec.UnsetType = msgspec.UNSET


class RoundView(msgspec.Struct, kw_only=True):
    """A round as the competition's pages list it (times in UTC)."""

    id: int
    competition_id: int
    name_en: str
    name_zh: str
    position: int
    submission_opens_at: datetime | None
    submission_closes_at: datetime | None
    judging_opens_at: datetime | None
    judging_closes_at: datetime | None
    judges_per_submission: int
    is_blind: bool
    is_screening: bool
    screening_quorum: int
    normalize: Normalize
    aggregate: Aggregate
    trim: int
    min_judges: int
    disagreement: float
    leaderboard_public: bool


class RoundOut(msgspec.Struct):
    """A round; times carry the competition's UTC offset."""

    id: int
    competition_id: int
    name_en: str
    name_zh: str
    position: int
    submission_opens_at: datetime | None
    submission_closes_at: datetime | None
    judging_opens_at: datetime | None
    judging_closes_at: datetime | None
    judges_per_submission: int
    is_blind: bool
    is_screening: bool
    screening_quorum: int
    normalize: str
    aggregate: str
    trim: int
    min_judges: int
    disagreement: float
    rubric_frozen: bool


class CriterionFields(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """One criterion of a rubric; the weights of a rubric total exactly 100 percent.

    ``weight_percent`` takes up to two decimals (33.33). ``tie_break_rank`` 1 is the first
    tie-breaker; leave it out for a criterion that does not break ties. ``position`` orders
    the criteria (their order in the list when left out).
    """

    key: CriterionKey
    label_en: Name
    label_zh: Name
    guidance_en: Guidance = ""
    guidance_zh: Guidance = ""
    weight_percent: WeightPercent
    scale_min: ScaleBound = 0
    scale_max: ScaleBound = 10
    position: Position | None = None
    tie_break_rank: TieBreakRank | None = None


class RubricFields(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """The whole rubric of a round; saving replaces the previous one."""

    criteria: Annotated[list[CriterionFields], msgspec.Meta(max_length=MAX_CRITERIA)]


class CriterionOut(msgspec.Struct):
    key: str
    label_en: str
    label_zh: str
    guidance_en: str
    guidance_zh: str
    weight_percent: float
    scale_min: int
    scale_max: int
    position: int
    tie_break_rank: int | None


class RubricOut(msgspec.Struct):
    """A round's rubric; ``frozen`` once any judge has scored with it."""

    round_id: int
    frozen: bool
    total_percent: float
    criteria: list[CriterionOut]
