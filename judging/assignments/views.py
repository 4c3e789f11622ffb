"""What the pages and the API of the judge pool, conflicts and assignments show.

Pure functions from the services' answers to template data and API Structs: no request, no
database (the locale is passed in), so the controllers only translate HTTP.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from judging.assignments import planning
from judging.assignments.planning import ProjectInfo, RoundState, Shortfall
from judging.assignments.reassignment import ReassignmentOutcome
from judging.assignments.schemas import (
    AssignedJudge,
    AssignmentOut,
    CommitOut,
    ConflictOut,
    ConflictRow,
    DeclaredConflictOut,
    JudgeLoadOut,
    JudgeOut,
    NoticeReason,
    OutcomeNotice,
    PairFilters,
    PairOut,
    PoolJudge,
    PreviewOut,
    PreviewPair,
    ProjectFilters,
    ReasonOut,
    ReassignmentOut,
    RoundAssignment,
    RoundAssignmentsOut,
)
from judging.assignments.services import Commit, Preview, load_table
from judging.i18n import translate

T = TypeVar("T")

# Rows of the "who judges what" table per page.
PROJECTS_PER_PAGE = 100
# Rows of a previewed assignment's table of pairs per page.
PAIRS_PER_PAGE = 50


# --- The judge pool -------------------------------------------------------------------------------


# A form's values are keyed by its inputs' names, as a sent form is (see render_form).
def judge_form_values(profile: PoolJudge) -> dict[str, Any]:
    """The organizer's form of one judge, filled from their profile."""
    return {
        "display_name": profile.name,
        "organization": profile.organization,
        "max_load": "" if profile.max_load is None else profile.max_load,
        "active": profile.active,
    }


def own_profile_values(profile: PoolJudge) -> dict[str, Any]:
    """A judge's form of their own profile, filled from it."""
    return {"display_name": profile.name, "organization": profile.organization}


def judge_out(judge: PoolJudge) -> JudgeOut:
    return JudgeOut(
        id=judge.id,
        email=judge.email,
        judge_id=judge.account,
        display_name=judge.name,
        organization=judge.effective_organization,
        tracks=list(judge.tracks),
        max_load=judge.max_load,
        active=judge.active,
    )


# --- Conflicts and what they changed --------------------------------------------------------------


def conflict_out(conflict: ConflictRow) -> ConflictOut:
    return ConflictOut(
        id=conflict.id,
        judge_id=conflict.judge,
        submission_id=conflict.submission,
        organization=conflict.organization,
        reason=conflict.reason,
        source=conflict.source,
        created_at=conflict.created_at,
        withdrawn_at=conflict.withdrawn_at,
        withdrawn_reason=conflict.withdrawn_reason,
    )


def declared_conflict_out(
    outcome: ReassignmentOutcome, judge_id: int, submission_id: int
) -> DeclaredConflictOut:
    """A judge's conflict with a project of their queue, and whether it left the queue."""
    assert outcome.conflict_id is not None
    return DeclaredConflictOut(
        conflict_id=outcome.conflict_id,
        removed_from_queue=any(
            judge == judge_id and sid == submission_id for _, sid, judge in outcome.removed
        ),
    )


def removed_from(outcome: ReassignmentOutcome, judge_id: int) -> int:
    """How many of ``judge_id``'s projects a conflict took away."""
    return sum(1 for _, _, judge in outcome.removed if judge == judge_id)


def outcome_notice(outcome: ReassignmentOutcome | None) -> OutcomeNotice | None:
    """What a drop-out or conflict changed, as the next page says it once; None for nothing."""
    if outcome is None or not (outcome.changed or outcome.shortfalls):
        return None
    return OutcomeNotice(
        removed=len(outcome.removed),
        added=len(outcome.added),
        kept_scored=len(outcome.kept_scored),
        excluded=len(outcome.excluded_scorecards),
        reasons=[
            NoticeReason(message=shortfall.message, params=shortfall.params)
            for shortfall in outcome.shortfalls
        ],
    )


def reason_out(locale: str, shortfall: Shortfall) -> ReasonOut:
    return ReasonOut(
        code=shortfall.code,
        message=translate(locale, shortfall.message, **shortfall.params),
        submission_ids=list(shortfall.submission_ids),
        judge_ids=list(shortfall.judge_ids),
        required=shortfall.required,
        capacity=shortfall.capacity,
        missing=shortfall.missing,
    )


def _pairs_out(pairs: list[tuple[int, int, int]]) -> list[PairOut]:
    return [PairOut(round_id=r, submission_id=s, judge_id=j) for r, s, j in pairs]


def outcome_out(locale: str, outcome: ReassignmentOutcome) -> ReassignmentOut:
    return ReassignmentOut(
        removed=_pairs_out(outcome.removed),
        added=_pairs_out(outcome.added),
        kept_scored=_pairs_out(outcome.kept_scored),
        excluded_scorecards=outcome.excluded_scorecards,
        reasons=[reason_out(locale, item) for item in outcome.shortfalls],
        conflict_id=outcome.conflict_id,
    )


# --- A round's assignment -------------------------------------------------------------------------


def preview_out(locale: str, preview: Preview) -> PreviewOut:
    matches, total = preview.expertise()
    round_id = preview.round.id
    head = ""
    if preview.headline is not None:
        message, params = preview.headline
        head = translate(locale, message, **params)
    return PreviewOut(
        round_id=round_id,
        per_submission=preview.state.per_submission,
        feasible=preview.feasible,
        projects=len(preview.state.projects),
        judges=sum(1 for judge in preview.state.judges if judge.available),
        kept=len(preview.problem.kept),
        new=len(preview.new_pairs),
        removed=len(preview.removed_pairs),
        expertise_matches=matches,
        expertise_match_rate=planning.match_rate(matches, total),
        digest=preview.digest,
        new_pairs=[
            PairOut(round_id=round_id, submission_id=s, judge_id=j) for s, j in preview.new_pairs
        ],
        removed_pairs=[
            PairOut(round_id=round_id, submission_id=s, judge_id=j)
            for s, j in preview.removed_pairs
        ],
        loads=preview.loads(),
        headline=head,
        reasons=[reason_out(locale, item) for item in preview.shortfalls],
    )


def commit_out(committed: Commit) -> CommitOut:
    return CommitOut(
        round_id=committed.round_id,
        added=len(committed.added),
        removed=len(committed.removed),
        mailed_judges=committed.mailed_judges,
    )


def _current_pairs(state: RoundState) -> list[planning.Pair]:
    return [pair for pair in state.assignments if pair[0] in state.project_by_id]


def round_assignments_out(
    round_id: int, state: RoundState, rows: Sequence[RoundAssignment]
) -> RoundAssignmentsOut:
    """The API's view of a round's assignments (``rows`` from ``rounds.round_assignments``)."""
    current = _current_pairs(state)
    per_project: dict[int, int] = defaultdict(int)
    for submission_id, _ in current:
        per_project[submission_id] += 1
    matches, total = planning.expertise_matches(state, current)
    return RoundAssignmentsOut(
        round_id=round_id,
        per_submission=state.per_submission,
        projects=len(state.projects),
        projects_short=sum(1 for p in state.projects if per_project[p.id] < state.per_submission),
        assignments=[
            AssignmentOut(
                id=row.id,
                round_id=round_id,
                submission_id=row.submission,
                judge_id=row.judge,
                scored=row.scored,
            )
            for row in rows
        ],
        loads=load_table(state, current),
        expertise_match_rate=planning.match_rate(matches, total),
    )


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a long table: its ``items``, how many rows ``total`` there are, and the
    ``page`` shown (1-based) of ``pages``."""

    items: list[T]
    total: int
    page: int
    pages: int


def paginate(rows: Sequence[T], page: int, per_page: int) -> Paged[T]:
    """Page ``page`` of ``rows``, ``per_page`` at a time (pure).

    A page past the last shows the last, one below the first shows the first, so an old or
    edited link still lands on rows; an empty table is one empty page.
    """
    pages = max(1, math.ceil(len(rows) / per_page))
    shown = min(max(page, 1), pages)
    start = (shown - 1) * per_page
    return Paged(
        items=list(rows[start : start + per_page]), total=len(rows), page=shown, pages=pages
    )


# One page of the round's projects in the "who judges what" table.
ListedProjects = Paged[ProjectInfo]


def listed_projects(
    state: RoundState, by_project: dict[int, list[AssignedJudge]], filters: ProjectFilters
) -> ListedProjects:
    # Thousands of projects with their judges and remove buttons made a page of megabytes.
    chosen = [
        project
        for project in state.projects
        if (not filters.track or project.track == filters.track)
        and (not filters.short or len(by_project.get(project.id, ())) < state.per_submission)
    ]
    return paginate(chosen, filters.page, PROJECTS_PER_PAGE)


@dataclass(frozen=True)
class RoundTable:
    """The "who judges what" page of a round: its judges per project and the loads."""

    by_project: dict[int, list[AssignedJudge]]
    listed: ListedProjects
    short: int
    loads: list[JudgeLoadOut]
    matches: int
    total: int
    rate: float | None


def round_table(
    state: RoundState, rows: Sequence[RoundAssignment], filters: ProjectFilters
) -> RoundTable:
    """The round page's table; each row of ``rounds.round_assignments`` gets its judge's name
    and whether the pair is conflicted."""
    by_project: dict[int, list[AssignedJudge]] = defaultdict(list)
    for row in rows:
        judge = state.judge_by_id.get(row.judge)
        by_project[row.submission].append(
            AssignedJudge(
                id=row.id,
                submission=row.submission,
                judge=row.judge,
                judge_name=judge.display_name if judge else str(row.judge),
                scored=row.scored,
                conflicted=row.submission in state.project_by_id
                and state.conflicted((row.submission, row.judge)),
            )
        )
    current = _current_pairs(state)
    matches, total = planning.expertise_matches(state, current)
    return RoundTable(
        by_project=by_project,
        listed=listed_projects(state, by_project, filters),
        short=sum(
            1
            for project in state.projects
            if len(by_project.get(project.id, ())) < state.per_submission
        ),
        loads=load_table(state, current),
        matches=matches,
        total=total,
        rate=planning.match_rate(matches, total),
    )


# --- A previewed assignment's pairs ----------------------------------------------------------------


def plan_pairs(
    state: RoundState, kept: Iterable[planning.Pair], new: Iterable[planning.Pair]
) -> list[PreviewPair]:
    """Every pair the round has after the commit (``kept`` and ``new``), by project title and
    then judge name, with whether the judge's tracks of expertise hold the project's."""
    added = set(new)
    rows = []
    for submission_id, judge_id in sorted({*kept, *added}):
        project = state.project_by_id.get(submission_id)
        judge = state.judge_by_id.get(judge_id)
        track = project.track if project else ""
        rows.append(
            PreviewPair(
                submission_id=submission_id,
                title=project.title if project else str(submission_id),
                track=track,
                judge_id=judge_id,
                judge_name=judge.display_name if judge else str(judge_id),
                expertise=bool(judge and track and track in judge.tracks),
                new=(submission_id, judge_id) in added,
            )
        )
    rows.sort(key=lambda row: (row.title.casefold(), row.submission_id, row.judge_name.casefold()))
    return rows


def filter_pairs(
    pairs: Sequence[PreviewPair], filters: PairFilters, per_page: int = PAIRS_PER_PAGE
) -> Paged[PreviewPair]:
    """The page of ``pairs`` the filters ask for (pure): only the judge's, only the track's,
    only projects whose title holds the text (ignoring case); a page past the last is the last.
    """
    wanted = filters.project.casefold()
    chosen = [
        pair
        for pair in pairs
        if (filters.judge is None or pair.judge_id == filters.judge)
        and (not filters.pair_track or pair.track == filters.pair_track)
        and (not wanted or wanted in pair.title.casefold())
    ]
    return paginate(chosen, filters.page, per_page)
