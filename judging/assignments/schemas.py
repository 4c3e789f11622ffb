"""What comes into and goes out of the judge pool, conflicts and assignments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from judging.accounts.schemas import DisplayName, Email, Organization
from judging.competitions.schemas import TrackKey
from judging.web.forms import query_string
from judging.web.ids import LARGEST_INT, Id

MaxLoad = Annotated[int, msgspec.Meta(ge=0, le=10000)]
Tracks = Annotated[list[TrackKey], msgspec.Meta(max_length=100)]
ConflictReason = Annotated[str, msgspec.Meta(min_length=3, max_length=1000)]
OrganizationName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Identifier = Annotated[int, msgspec.Meta(ge=1)]
Digest = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
ConflictSource = Literal["judge", "organizer"]


# --- The judge pool ---------------------------------------------------------------------------


class JudgeFields(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A judge as an organizer sets them up.

    ``tracks`` are track keys of expertise (none: a generalist); ``max_load`` is the most
    projects the judge gets in one round (empty: no limit); ``active`` false means the judge
    dropped out: their unscored projects in open rounds go to other judges.
    """

    display_name: DisplayName
    organization: Organization = ""
    tracks: Tracks = msgspec.field(default_factory=list)
    max_load: MaxLoad | None = None
    active: bool = True


class JudgePatch(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Only the fields sent change; ``max_load: null`` removes the limit."""

    display_name: DisplayName | msgspec.UnsetType = msgspec.UNSET
    organization: Organization | msgspec.UnsetType = msgspec.UNSET
    tracks: Tracks | msgspec.UnsetType = msgspec.UNSET
    max_load: MaxLoad | msgspec.UnsetType | None = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class OwnProfileFields(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """What a judge edits about themselves (the load limit is the organizers' to set)."""

    display_name: DisplayName
    organization: Organization = ""
    tracks: Tracks = msgspec.field(default_factory=list)


JudgeStatus = Literal["invited", "active", "dropped_out"]


class PoolJudge(msgspec.Struct, kw_only=True):
    """A judge profile as the pool's pages and rules read it: the stored profile, the linked
    account's name, organization and email, and what follows from them.

    ``name`` is the profile's name, else the account's, else the email;
    ``effective_organization`` the profile's, else the account's; ``member`` whether the
    account still judges the competition; ``status`` "invited" (no account or no longer a
    member), "active" or "dropped_out".
    """

    id: int
    competition: int
    email: str
    account: int | None
    display_name: str
    organization: str
    tracks: list[str]
    max_load: int | None
    active: bool
    account_name: str | None = None
    account_organization: str | None = None
    account_email: str | None = None
    name: str = ""
    effective_organization: str = ""
    member: bool = False
    status: JudgeStatus = "invited"


class JudgeInvitation(msgspec.Struct, forbid_unknown_fields=False):
    """Invite a judge by email; they join the pool at once and get a link by mail."""

    email: Email


class JudgeOut(msgspec.Struct, kw_only=True):
    """A judge of a competition; ``judge_id`` is the account id, null until they join."""

    id: int
    email: str
    judge_id: int | None
    display_name: str
    organization: str
    tracks: list[str]
    max_load: int | None
    active: bool


# --- Conflicts --------------------------------------------------------------------------------


class ConflictCreate(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A conflict an organizer sets: the judge with one project, or with an organization."""

    judge_id: Identifier
    submission_id: Identifier | None = None
    organization: Organization = ""
    reason: ConflictReason


class OwnConflictCreate(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A conflict a judge declares with a whole organization."""

    organization: OrganizationName
    reason: ConflictReason


class ProjectConflictCreate(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A judge declares a conflict with a project assigned to them, instead of scoring it."""

    reason: ConflictReason


class ConflictWithdrawal(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A judge withdraws a conflict they declared; the organizers are told why."""

    reason: ConflictReason


class ConflictOut(msgspec.Struct, kw_only=True):
    """A conflict of interest; ``withdrawn_at`` is set once its judge withdrew it (it no longer
    counts, and is kept)."""

    id: int
    judge_id: int
    submission_id: int | None
    organization: str
    reason: str
    source: ConflictSource
    created_at: datetime
    withdrawn_at: datetime | None = None
    withdrawn_reason: str = ""


class ConflictRow(msgspec.Struct, kw_only=True):
    """A conflict as the pages list it: its row, the judge's name and email and the project's
    title (None for a conflict with an organization)."""

    id: int
    competition: int
    judge: int
    submission: int | None
    organization: str
    reason: str
    source: ConflictSource
    created_by: int | None
    created_at: datetime
    withdrawn_at: datetime | None
    withdrawn_reason: str
    judge_name: str = ""
    judge_email: str = ""
    submission_title: str | None = None


class ProjectChoice(msgspec.Struct, kw_only=True):
    """A project of the competition, as a conflict form offers it."""

    id: int
    title: str
    organization: str


class DeclaredConflictOut(msgspec.Struct, kw_only=True):
    """What a judge learns after declaring a conflict: it is recorded and the project is gone."""

    conflict_id: int
    removed_from_queue: bool


# --- Assignments -------------------------------------------------------------------------------


class AssignmentAdd(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    submission_id: Identifier
    judge_id: Identifier


class CommitRequest(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Commit the previewed plan; ``digest`` comes from the preview."""

    digest: Digest


class RoundAssignment(msgspec.Struct, kw_only=True):
    """A pair of a round as stored, with the project's title and whether it is scored (a
    submitted scorecard)."""

    id: int
    submission: int
    judge: int
    title: str
    scored: bool


class AssignedJudge(msgspec.Struct, kw_only=True):
    """A pair in the round page's table: the judge's name, scored, and whether conflicted."""

    id: int
    submission: int
    judge: int
    judge_name: str
    scored: bool
    conflicted: bool


class AssignmentOut(msgspec.Struct, kw_only=True):
    id: int
    round_id: int
    submission_id: int
    judge_id: int
    scored: bool


class PairOut(msgspec.Struct, kw_only=True):
    round_id: int
    submission_id: int
    judge_id: int


class JudgeLoadOut(msgspec.Struct, kw_only=True):
    """A judge's projects in a round: ``kept`` existing, ``new`` proposed, ``total``."""

    judge_id: int
    display_name: str
    kept: int
    new: int
    total: int
    max_load: int | None
    active: bool


class NoticeReason(msgspec.Struct, kw_only=True):
    """A shortfall as a message and its parameters, translated when shown."""

    message: str
    # The message's placeholders (names and numbers differ per message).
    params: dict[str, Any]


class OutcomeNotice(msgspec.Struct, kw_only=True):
    """What a drop-out or a conflict changed, counted, as the next page says it once."""

    removed: int
    added: int
    kept_scored: int
    excluded: int
    reasons: list[NoticeReason]


class ReasonOut(msgspec.Struct, kw_only=True):
    """Why no assignment exists, as a localized sentence and its numbers."""

    code: str
    message: str
    submission_ids: list[int]
    judge_ids: list[int]
    required: int
    capacity: int
    missing: int


class RoundAssignmentsOut(msgspec.Struct, kw_only=True):
    round_id: int
    per_submission: int
    projects: int
    projects_short: int
    assignments: list[AssignmentOut]
    loads: list[JudgeLoadOut]
    expertise_match_rate: float | None


class PreviewOut(msgspec.Struct, kw_only=True):
    """A proposed assignment (nothing written), or why none exists (``feasible`` false).

    Commit it by posting ``digest``; a plan that changed meanwhile is not committed.
    """

    round_id: int
    per_submission: int
    feasible: bool
    projects: int
    judges: int
    kept: int
    new: int
    removed: int
    expertise_matches: int
    expertise_match_rate: float | None
    digest: str
    new_pairs: list[PairOut]
    removed_pairs: list[PairOut]
    loads: list[JudgeLoadOut]
    headline: str
    reasons: list[ReasonOut]


class CommitOut(msgspec.Struct, kw_only=True):
    round_id: int
    added: int
    removed: int
    mailed_judges: int


class ReassignmentOut(msgspec.Struct, kw_only=True):
    """What a drop-out or a conflict changed; ``reasons`` say what could not be refilled."""

    removed: list[PairOut]
    added: list[PairOut]
    kept_scored: list[PairOut]
    excluded_scorecards: list[int]
    reasons: list[ReasonOut]
    conflict_id: int | None = None


class JudgeSavedOut(msgspec.Struct, kw_only=True):
    judge: JudgeOut
    reassignment: ReassignmentOut | None = None


class ProjectFilters(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=False):
    """Which projects a round's "who judges what" table shows: a track, only the projects
    still short of judges, and a page."""

    track: Annotated[str, msgspec.Meta(max_length=40)] = ""
    short: bool = False
    page: Annotated[int, msgspec.Meta(ge=1)] = 1

    def query_string(self, **changes: Any) -> str:
        """These filters as a query string (defaults left out), with ``changes`` applied."""
        return query_string(self, **changes)


class PairFilters(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=False):
    """Which pairs of a previewed assignment its table shows: one judge (their account id),
    one track (``pair_track``, apart from the projects' filter on the same page), projects
    whose title holds ``project``, and a page."""

    judge: Id | None = None
    pair_track: Annotated[str, msgspec.Meta(max_length=40)] = ""
    project: Annotated[str, msgspec.Meta(max_length=200)] = ""
    page: Annotated[int, msgspec.Meta(ge=1, le=LARGEST_INT)] = 1

    def query_string(self, **changes: Any) -> str:
        """These filters as a query string (defaults left out), with ``changes`` applied."""
        return query_string(self, **changes)


class PreviewPair(msgspec.Struct, frozen=True, kw_only=True):
    """One pair of a previewed assignment: the project, its track, the judge, whether the
    project's track is one of the judge's, and whether the commit adds it (else it is kept)."""

    submission_id: int
    title: str
    track: str
    judge_id: int
    judge_name: str
    expertise: bool
    new: bool
