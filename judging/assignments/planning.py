"""From a round's judges, projects, conflicts and assignments to the solver's input and back.

Pure: the database is read by the services, which hand a :class:`RoundState` in. This module
decides which existing pairs are kept, which are conflicted and must go, which projects may
receive judges, and turns the solver's answers into localized sentences and field errors.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import msgspec

from judging.assignments.conflicts import (
    ConflictIndex,
    JudgeIdentity,
    ProjectParties,
    Tie,
    normalized_organization,
)
from judging.assignments.solver.exact import solve
from judging.assignments.solver.model import (
    AssignmentPlan,
    InfeasibilityReason,
    InfeasibilityReport,
    Judge,
    PairIssue,
    Project,
)
from judging.assignments.solver.pair_check import check_pair
from judging.errors import FieldError
from judging.i18n import MORE, N_

# Solver ids of stand-ins start with "~", which no numeric id does.
STAND_IN = "~"
# Titles named in one sentence about several projects; the rest are summed up as "…".
TITLES_SHOWN = 5

Pair = tuple[int, int]  # (submission id, judge account id)


@dataclass(frozen=True)
class ProjectInfo:
    """A project of a round, as the assignment needs it: ``owner_id``, ``owner_organization``
    (the entrant account's) and ``emails`` (team and contact) are who stands behind it."""

    id: int
    title: str
    track: str
    organization: str
    owner_id: int | None = None
    owner_organization: str = ""
    emails: tuple[str, ...] = ()

    @property
    def parties(self) -> ProjectParties:
        return ProjectParties.of(
            self.id,
            owner_id=self.owner_id,
            emails=self.emails,
            organizations=(self.organization, self.owner_organization),
        )


@dataclass(frozen=True)
class JudgeInfo:
    """A judge of a competition; ``available`` judges may get new projects."""

    id: int
    profile_id: int | None
    display_name: str
    email: str
    organization: str
    tracks: tuple[str, ...]
    max_load: int | None
    available: bool
    # The account's, beside the profile's ``email`` and ``organization`` shown above.
    account_email: str = ""
    account_organization: str = ""

    @property
    def identity(self) -> JudgeIdentity:
        return JudgeIdentity.of(
            self.id,
            emails=(self.email, self.account_email),
            organizations=(self.organization, self.account_organization),
        )


@dataclass
class RoundState:
    """Everything the assignment of one round depends on, read in one go."""

    round_id: int
    per_submission: int
    projects: list[ProjectInfo]
    judges: list[JudgeInfo]
    conflicts: ConflictIndex
    assignments: list[Pair]
    scored: set[Pair] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.project_by_id = {project.id: project for project in self.projects}
        self.judge_by_id = {judge.id: judge for judge in self.judges}

    def tie(self, pair: Pair) -> Tie | None:
        """Why the judge may not judge the project (the rule of :class:`ConflictIndex`)."""
        judge = self.judge_by_id.get(pair[1])
        identity = judge.identity if judge else JudgeIdentity(pair[1])
        return self.conflicts.tie(self.project_by_id[pair[0]].parties, identity)

    def conflicted(self, pair: Pair) -> bool:
        return self.tie(pair) is not None


@dataclass(frozen=True)
class Problem:
    """The solver's input for a round, and what it means in our ids.

    ``targets`` may receive judges; every other project's kept pairs enter as stand-ins that
    need nobody, so judges' loads count in full. ``dropped`` are existing pairs that are now
    conflicted: they are not kept, and a commit removes them.
    """

    round_id: int
    per_submission: int
    projects: list[Project]
    judges: list[Judge]
    conflicts: list[tuple[str, str]]
    fixed: list[tuple[str, str]]
    targets: list[int]
    kept: list[Pair]
    dropped: list[Pair]

    def fingerprint(self) -> str:
        """A hash of the whole input: equal fingerprints give equal plans (the solver is exact
        and deterministic)."""
        content = [
            self.round_id,
            self.per_submission,
            [(p.submission_id, p.track, p.organization) for p in self.projects],
            [(j.judge_id, sorted(j.tracks), j.max_load, j.organization) for j in self.judges],
            self.conflicts,
            self.fixed,
            self.kept,
            self.dropped,
        ]
        return hashlib.sha256(msgspec.json.encode(content)).hexdigest()


def _stand_ins(
    kept_elsewhere: dict[int, list[int]], per_submission: int
) -> tuple[list[Project], list[tuple[str, str]], Counter[str]]:
    """Projects that take no judges, holding the kept pairs outside the targets.

    The solver wants exactly K judges on every project it sees. A project outside the targets
    is shown as chunks of at most K of its judges, each chunk filled up with placeholder
    judges who have no room left, so nothing is added there while every real judge's load
    still counts.
    """
    projects: list[Project] = []
    fixed: list[tuple[str, str]] = []
    padding: Counter[str] = Counter()
    for submission_id, judge_ids in sorted(kept_elsewhere.items()):
        ordered = sorted(judge_ids)
        for chunk_index, start in enumerate(range(0, len(ordered), per_submission)):
            project_id = f"{STAND_IN}{submission_id}.{chunk_index}"
            projects.append(Project(project_id))
            chunk = ordered[start : start + per_submission]
            fixed.extend((project_id, str(judge_id)) for judge_id in chunk)
            for slot in range(per_submission - len(chunk)):
                placeholder = f"{STAND_IN}pad{slot}"
                fixed.append((project_id, placeholder))
                padding[placeholder] += 1
    return projects, fixed, padding


def build_problem(
    state: RoundState,
    refill: Collection[int] | None = None,
    unavailable: Collection[int] = (),
) -> Problem:
    """The solver's input for the round: every project (``refill`` None) or only ``refill``.

    Kept pairs count toward K and loads. Judges in ``unavailable`` (a judge who just dropped
    out) and inactive judges get nothing new. A judge already above their maximum load keeps
    what they have and gets nothing more; so does a project with K or more judges.
    """
    k = state.per_submission
    candidates = set(state.project_by_id) if refill is None else set(refill)
    candidates &= set(state.project_by_id)
    existing = sorted({pair for pair in state.assignments if pair[0] in state.project_by_id})
    dropped = [pair for pair in existing if pair[0] in candidates and state.conflicted(pair)]
    dropped_set = set(dropped)
    kept = [pair for pair in existing if pair not in dropped_set]

    kept_by_project: dict[int, list[int]] = defaultdict(list)
    for submission_id, judge_id in kept:
        kept_by_project[submission_id].append(judge_id)
    targets = sorted(sid for sid in candidates if len(kept_by_project.get(sid, ())) < k)
    target_set = set(targets)

    projects = [
        Project(
            str(sid),
            track=state.project_by_id[sid].track,
            organization=normalized_organization(state.project_by_id[sid].organization),
        )
        for sid in targets
    ]
    fixed = [(str(sid), str(jid)) for sid, jid in kept if sid in target_set]
    elsewhere = {sid: jids for sid, jids in kept_by_project.items() if sid not in target_set}
    stand_in_projects, stand_in_fixed, padding = _stand_ins(elsewhere, k)
    projects += stand_in_projects
    fixed += stand_in_fixed

    load = Counter(judge_id for _, judge_id in kept)
    blocked = set(unavailable)
    judges: list[Judge] = []
    open_judges: list[int] = []
    for judge_id in sorted(set(state.judge_by_id) | set(load)):
        info = state.judge_by_id.get(judge_id)
        if info is not None and info.available and judge_id not in blocked:
            limit = None if info.max_load is None else max(info.max_load, load[judge_id])
            open_judges.append(judge_id)
            judges.append(
                Judge(
                    str(judge_id),
                    tracks=frozenset(info.tracks),
                    max_load=limit,
                    organization=normalized_organization(info.organization),
                )
            )
        elif load[judge_id]:
            judges.append(
                Judge(
                    str(judge_id),
                    max_load=load[judge_id],
                    organization=normalized_organization(info.organization if info else ""),
                )
            )
    judges += [Judge(name, max_load=count) for name, count in sorted(padding.items())]

    # Every pair the conflict rule refuses, not only those the solver's own same-organization
    # check finds: owners, team members and entrants' organizations too.
    declared = state.conflicts.conflicted_pairs(
        (state.project_by_id[sid].parties for sid in targets),
        (state.judge_by_id[jid].identity for jid in open_judges),
    )
    return Problem(
        round_id=state.round_id,
        per_submission=k,
        projects=projects,
        judges=judges,
        conflicts=sorted((str(sid), str(jid)) for sid, jid in declared),
        fixed=sorted(fixed),
        targets=targets,
        kept=kept,
        dropped=dropped,
    )


def solve_problem(problem: Problem) -> list[Pair]:
    """The new pairs of the exact optimum; raises ``AssignmentInfeasible`` when none exists."""
    plan: AssignmentPlan = solve(
        problem.projects,
        problem.judges,
        problem.per_submission,
        conflicts=problem.conflicts,
        fixed=problem.fixed,
    )
    return sorted((int(sid), int(jid)) for sid, jid in plan.new_pairs)


def plan_digest(problem: Problem, new_pairs: Iterable[Pair]) -> str:
    """Names a plan: what is kept, added and removed. A commit must name the same plan."""
    content = [
        problem.round_id,
        problem.per_submission,
        problem.kept,
        sorted(new_pairs),
        problem.dropped,
    ]
    return hashlib.sha256(msgspec.json.encode(content)).hexdigest()


def expertise_matches(state: RoundState, pairs: Iterable[Pair]) -> tuple[int, int]:
    """(pairs whose project track is one of the judge's tracks, all pairs)."""
    matches = total = 0
    for submission_id, judge_id in pairs:
        total += 1
        project = state.project_by_id.get(submission_id)
        judge = state.judge_by_id.get(judge_id)
        if project and judge and project.track and project.track in judge.tracks:
            matches += 1
    return matches, total


def match_rate(matches: int, total: int) -> float | None:
    return matches / total if total else None


# --- Explaining, in sentences a translator can handle ------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    """One reason why (part of) a round could not be assigned: a message id, its parameters
    and the numbers behind it (``missing == required - capacity``)."""

    round_id: int
    code: str
    message: str
    params: dict[str, Any]
    submission_ids: tuple[int, ...] = ()
    judge_ids: tuple[int, ...] = ()
    required: int = 0
    capacity: int = 0
    missing: int = 0


HEADLINE = N_(
    "No assignment satisfies the rules: %(required)s new assignments are needed but at most "
    "%(achievable)s can be made."
)
ANY_REASON = N_(
    "%(required)s judges are needed but only %(capacity)s can be found: %(missing)s missing."
)
REASON_MESSAGES = {
    "too_few_eligible_judges": N_(
        "“%(title)s” needs %(required)s more judges but only %(capacity)s eligible judges have "
        "room (not conflicted, not from its organization, below their maximum load): "
        "%(missing)s missing."
    ),
    "insufficient_capacity": N_(
        "%(required)s new assignments are needed but the judges can take only %(capacity)s "
        "more in total: capacity is %(missing)s short. Raise maximum loads or invite more "
        "judges."
    ),
    "flow_shortfall": N_(
        "%(count)s projects (%(titles)s) need %(required)s more judges between them but can "
        "get at most %(capacity)s, because the eligible judges they share are full: "
        "%(missing)s missing."
    ),
}


def _real_ids(ids: Iterable[str]) -> tuple[int, ...]:
    return tuple(int(value) for value in ids if not value.startswith(STAND_IN))


def _title(state: RoundState, submission_id: int) -> str:
    project = state.project_by_id.get(submission_id)
    return project.title if project else str(submission_id)


def explain(report: InfeasibilityReport, state: RoundState) -> list[Shortfall]:
    """The solver's reasons as localizable sentences naming projects by title.

    Kept pairs beyond a limit never reach the solver (see :func:`build_problem`), so the
    reasons are about projects lacking eligible judges and judges lacking room.
    """
    return [_shortfall(reason, state) for reason in report.reasons]


def headline(report: InfeasibilityReport) -> tuple[str, dict[str, Any]]:
    return HEADLINE, {"required": report.required, "achievable": report.achievable}


def _shortfall(reason: InfeasibilityReason, state: RoundState) -> Shortfall:
    submission_ids = _real_ids(reason.submission_ids)
    judge_ids = _real_ids(reason.judge_ids)
    params: dict[str, Any] = {
        "required": reason.required,
        "capacity": reason.capacity,
        "missing": reason.missing,
        "per_submission": state.per_submission,
        "count": len(submission_ids),
        "title": _title(state, submission_ids[0]) if submission_ids else "",
        # A list, joined in the reader's language when the sentence is shown ("、" in Chinese).
        "titles": [f"“{_title(state, sid)}”" for sid in submission_ids[:TITLES_SHOWN]]
        + ([MORE] if len(submission_ids) > TITLES_SHOWN else []),
    }
    return Shortfall(
        round_id=state.round_id,
        code=reason.code,
        message=REASON_MESSAGES.get(reason.code, ANY_REASON),
        params=params,
        submission_ids=submission_ids,
        judge_ids=judge_ids,
        required=reason.required,
        capacity=reason.capacity,
        missing=reason.missing,
    )


# --- Adding one pair by hand ---------------------------------------------------------------------

# Why a judge may not judge a project, beside the form field of the judge.
TIE_MESSAGES = {
    Tie.OWN_PROJECT: N_("This judge entered this project."),
    Tie.TEAM_MEMBER: N_("This judge is on this project's team."),
    Tie.SAME_ORGANIZATION: N_("This judge is from the project's organization."),
    Tie.DECLARED: N_("This judge has a conflict of interest with this project."),
}
# The solver's limits on one more pair.
ISSUE_FIELDS = {
    "already_assigned": ("judge_id", N_("This judge is already assigned to this project.")),
    "judge_at_max_load": (
        "judge_id",
        N_("This judge already has %(count)s projects in this round, their maximum load."),
    ),
    "submission_full": (
        "submission_id",
        N_("This project already has %(count)s judges; the round needs %(limit)s."),
    ),
}


def pair_errors(state: RoundState, submission_id: int, judge_id: int) -> list[FieldError]:
    """Why the pair may not be added by hand (empty when it may), each beside its form field.

    The conflict of interest comes from the one rule (:meth:`RoundState.tie`); loads, a full
    project and a duplicate from the solver's :func:`check_pair`.
    """
    errors = []
    tie = state.tie((submission_id, judge_id))
    if tie is not None:
        errors.append(FieldError("judge_id", TIE_MESSAGES[tie]))
    judge = state.judge_by_id[judge_id]
    existing = [pair for pair in state.assignments if pair[0] in state.project_by_id]
    issues: list[PairIssue] = check_pair(
        Project(str(submission_id)),
        Judge(str(judge_id), max_load=judge.max_load),
        state.per_submission,
        assigned=[(str(sid), str(jid)) for sid, jid in existing],
    )
    for issue in issues:
        name, message = ISSUE_FIELDS[issue.code]
        errors.append(FieldError(name, message, count=issue.count, limit=issue.limit))
    return errors
