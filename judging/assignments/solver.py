"""Exact judge assignment as a min-cost flow.

Pure module: no database, no HTTP, no file I/O. Give it projects (submissions),
judges, the number of judges each project needs, declared conflicts and the pairs
that already exist and must be kept; it returns the assignment that

1. gives every project exactly ``per_submission`` distinct judges, never pairs a
   project with a conflicted judge or a judge of the same (non-empty)
   organization, and never pushes a judge above ``max_load``;
2. among those, has the most (project, judge) pairs where the project's track is
   one of the judge's tracks (expertise matches);
3. among those, has the smallest sum over judges of (total load)².

The model, the proof that it is exact and the tie-breaking rule are written up in
``docs/assignment.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import msgspec
import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

__all__ = [
    "AssignmentError",
    "AssignmentInfeasible",
    "AssignmentInputError",
    "AssignmentPlan",
    "InfeasibilityReason",
    "InfeasibilityReport",
    "Judge",
    "Pair",
    "PairIssue",
    "Project",
    "check_pair",
    "solve",
]

_INT64_MAX = 2**63 - 1


# --------------------------------------------------------------------------- types


class Pair(NamedTuple):
    """One assignment: this judge reviews this submission."""

    submission_id: str
    judge_id: str


class Project(msgspec.Struct, frozen=True):
    """A submission to be judged.

    ``track`` is compared verbatim with judges' tracks; an empty ``track`` never
    matches. An empty ``organization`` never clashes with anybody.
    """

    submission_id: str
    track: str = ""
    organization: str = ""


class Judge(msgspec.Struct, frozen=True):
    """A judge.

    ``tracks`` may be given as any iterable of strings and is stored as a
    frozenset; an empty set means a generalist (eligible everywhere, never an
    expertise match). ``max_load`` is the most projects the judge may hold in
    total, kept pairs included; ``None`` means unlimited.
    """

    judge_id: str
    tracks: frozenset[str] = frozenset()
    max_load: int | None = None
    organization: str = ""

    def __post_init__(self) -> None:
        # A bare string would silently become a set of characters.
        if isinstance(self.tracks, str):
            raise TypeError(f"Judge {self.judge_id!r}: tracks must be a collection, not a str")
        if not isinstance(self.tracks, frozenset):
            msgspec.structs.force_setattr(self, "tracks", frozenset(self.tracks))


class AssignmentPlan(msgspec.Struct, frozen=True, kw_only=True):
    """An optimal assignment.

    Attributes
    ----------
    per_submission:
        K, the number of judges every project now has.
    pairs:
        The complete assignment (kept pairs and new pairs), sorted by
        (submission_id, judge_id).
    new_pairs:
        Only the pairs chosen by the solver (what the caller must insert), sorted.
    loads:
        Total load (kept + new) of every judge, keyed and ordered by judge_id.
    expertise_matches:
        Pairs in ``pairs`` whose project track is one of the judge's tracks.
    new_expertise_matches:
        The same count restricted to ``new_pairs``.
    load_sum_of_squares:
        Sum over judges of total load squared.
    """

    per_submission: int
    pairs: list[Pair]
    new_pairs: list[Pair]
    loads: dict[str, int]
    expertise_matches: int
    new_expertise_matches: int
    load_sum_of_squares: int


ReasonCode = Literal[
    "submission_over_assigned",
    "judge_over_max_load",
    "too_few_eligible_judges",
    "insufficient_capacity",
    "flow_shortfall",
]


class InfeasibilityReason(msgspec.Struct, frozen=True, kw_only=True):
    """One reason why no assignment exists.

    For every code ``missing == required - capacity > 0``; what the numbers
    count depends on the code:

    ``submission_over_assigned``
        ``submission_ids=(s,)``; ``required`` kept judges on s, ``capacity`` = K.
    ``judge_over_max_load``
        ``judge_ids=(j,)``; ``required`` kept pairs of j, ``capacity`` = max_load.
    ``too_few_eligible_judges``
        ``submission_ids=(s,)``; ``required`` judges s still needs, ``capacity``
        eligible judges with room left (listed in ``judge_ids``).
    ``insufficient_capacity``
        ``required`` new pairs needed overall, ``capacity`` new pairs the judges
        can still take overall.
    ``flow_shortfall``
        ``submission_ids`` the projects that cannot all be covered (source side
        of the minimum cut), ``judge_ids`` the full judges they compete for,
        ``required`` the judges those projects still need, ``capacity`` the most
        they can get.
    """

    code: ReasonCode
    message: str
    submission_ids: tuple[str, ...] = ()
    judge_ids: tuple[str, ...] = ()
    required: int = 0
    capacity: int = 0
    missing: int = 0


class InfeasibilityReport(msgspec.Struct, frozen=True, kw_only=True):
    """Why no assignment exists.

    ``required`` is the number of new pairs needed, ``achievable`` the most that
    can be placed under the rules (a maximum flow), ``reasons`` the explanation.
    """

    reasons: tuple[InfeasibilityReason, ...]
    required: int
    achievable: int

    def message(self) -> str:
        """The report as English sentences, one reason per line."""
        head = "No assignment satisfies the rules"
        if self.achievable < self.required:
            head += (
                f": {self.required} new assignment(s) are needed but at most "
                f"{self.achievable} can be made"
            )
        head += "."
        return "\n".join([head, *(f"- {reason.message}" for reason in self.reasons)])


PairIssueCode = Literal[
    "already_assigned",
    "conflict",
    "same_organization",
    "judge_at_max_load",
    "submission_full",
]


class PairIssue(msgspec.Struct, frozen=True, kw_only=True):
    """Why a hand-made assignment is not allowed.

    ``count``/``limit`` are the judge's current load and max_load for
    ``judge_at_max_load``, and the project's current judges and K for
    ``submission_full``; 0 otherwise.
    """

    code: PairIssueCode
    message: str
    submission_id: str
    judge_id: str
    count: int = 0
    limit: int = 0


class AssignmentError(Exception):
    """Base class of the errors raised by this module."""


class AssignmentInputError(AssignmentError, ValueError):
    """The input breaks a precondition (bad K, duplicate or unknown id, ...).

    ``code`` is a stable machine-readable identifier, ``str(error)`` a sentence.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class AssignmentInfeasible(AssignmentError):
    """No assignment satisfies the rules; ``report`` says why."""

    def __init__(self, report: InfeasibilityReport) -> None:
        super().__init__(report.message())
        self.report = report


# ----------------------------------------------------------------------- public API


def solve(
    projects: Sequence[Project],
    judges: Sequence[Judge],
    per_submission: int,
    conflicts: Iterable[tuple[str, str]] = (),
    fixed: Iterable[tuple[str, str]] = (),
) -> AssignmentPlan:
    """Return the exact lexicographic optimum assignment.

    Parameters
    ----------
    projects, judges:
        Unique ids; any order (the result does not depend on it).
    per_submission:
        K >= 1, the number of distinct judges every project must end up with.
    conflicts:
        (submission_id, judge_id) pairs that must never be assigned.
    fixed:
        (submission_id, judge_id) pairs that already exist and are kept. They
        count toward the project's K and the judge's load and max_load, and their
        judge is not assigned to that project again.

    Returns
    -------
    AssignmentPlan
        Kept plus new pairs, loads and objective values.

    Raises
    ------
    AssignmentInputError
        If the input is malformed (see ``AssignmentInputError.code``).
    AssignmentInfeasible
        If no assignment satisfies the rules; ``.report`` explains why.
    """
    k = _validated_k(per_submission)
    instance = _build_instance(projects, judges, k, conflicts, fixed)
    reasons = _simple_reasons(instance, k)
    if reasons:
        raise _infeasible(instance, reasons, _max_flow(instance)[0])
    new_mask = _min_cost_assignment(instance)
    if new_mask is None:
        achievable, source_side = _max_flow(instance)
        reason = _min_cut_reason(instance, achievable, source_side)
        raise _infeasible(instance, [reason], achievable)
    return _plan(instance, k, new_mask)


def check_pair(
    project: Project,
    judge: Judge,
    per_submission: int,
    *,
    assigned: Iterable[tuple[str, str]] = (),
    conflicts: Iterable[tuple[str, str]] = (),
) -> list[PairIssue]:
    """List why adding the pair (project, judge) by hand would break a rule.

    Parameters
    ----------
    project, judge:
        The pair an organizer wants to add.
    per_submission:
        K >= 1.
    assigned:
        Every existing (submission_id, judge_id) pair of the competition; only
        the ones involving this project or judge matter.
    conflicts:
        Declared (submission_id, judge_id) conflicts.

    Returns
    -------
    list[PairIssue]
        Empty when the pair is allowed; otherwise every applicable issue, in the
        order already_assigned, conflict, same_organization, judge_at_max_load,
        submission_full.
    """
    k = _validated_k(per_submission)
    _validate_judge_fields(judge)
    sid, jid = project.submission_id, judge.judge_id
    existing = {_as_pair(p, "assigned") for p in assigned}
    judge_load = sum(1 for p in existing if p.judge_id == jid)
    project_judges = sum(1 for p in existing if p.submission_id == sid)
    issues: list[PairIssue] = []

    def add(code: PairIssueCode, message: str, count: int = 0, limit: int = 0) -> None:
        issues.append(
            PairIssue(
                code=code,
                message=message,
                submission_id=sid,
                judge_id=jid,
                count=count,
                limit=limit,
            )
        )

    if Pair(sid, jid) in existing:
        add("already_assigned", f"Judge {jid!r} is already assigned to submission {sid!r}.")
    if any(_as_pair(c, "conflicts") == (sid, jid) for c in conflicts):
        add("conflict", f"Judge {jid!r} has declared a conflict with submission {sid!r}.")
    if _same_organization(project.organization, judge.organization):
        add(
            "same_organization",
            f"Judge {jid!r} and submission {sid!r} are both from {project.organization!r}.",
        )
    if judge.max_load is not None and judge_load >= judge.max_load:
        add(
            "judge_at_max_load",
            f"Judge {jid!r} already has {judge_load} assignment(s), "
            f"the maximum of {judge.max_load}.",
            judge_load,
            judge.max_load,
        )
    if project_judges >= k:
        add(
            "submission_full",
            f"Submission {sid!r} already has {project_judges} judge(s); "
            f"{k} per submission are required.",
            project_judges,
            k,
        )
    return issues


# ------------------------------------------------------------------ validation


def _validated_k(per_submission: object) -> int:
    if isinstance(per_submission, bool) or not isinstance(per_submission, int):
        raise AssignmentInputError(
            "bad_per_submission", f"per_submission must be an integer, got {per_submission!r}."
        )
    if per_submission < 1:
        raise AssignmentInputError(
            "bad_per_submission", f"per_submission must be at least 1, got {per_submission}."
        )
    return per_submission


def _validate_judge_fields(judge: Judge) -> None:
    load = judge.max_load
    if load is not None and (isinstance(load, bool) or not isinstance(load, int) or load < 0):
        raise AssignmentInputError(
            "bad_max_load",
            f"Judge {judge.judge_id!r}: max_load must be a non-negative integer or None, "
            f"got {load!r}.",
        )


def _unique_sorted_ids(items: Sequence[object], cls: type, attr: str, kind: str) -> list[str]:
    ids: list[str] = []
    for item in items:
        if not isinstance(item, cls):
            raise AssignmentInputError(
                f"bad_{kind}", f"Expected {cls.__name__} objects, got {type(item).__name__}."
            )
        value = getattr(item, attr)
        if not isinstance(value, str) or not value:
            raise AssignmentInputError(
                f"bad_{attr}", f"{attr} must be a non-empty string, got {value!r}."
            )
        ids.append(value)
    duplicates = sorted(v for v, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise AssignmentInputError(
            f"duplicate_{attr}", f"Duplicate {attr}: {', '.join(map(repr, duplicates))}."
        )
    return sorted(ids)


def _as_pair(value: object, source: str) -> Pair:
    if (
        not isinstance(value, tuple | list)
        or len(value) != 2
        or not all(isinstance(v, str) for v in value)
    ):
        raise AssignmentInputError(
            "bad_pair",
            f"{source}: expected (submission_id, judge_id) string pairs, got {value!r}.",
        )
    return Pair(value[0], value[1])


def _indexed_pairs(
    pairs: Iterable[tuple[str, str]],
    source: str,
    project_index: dict[str, int],
    judge_index: dict[str, int],
) -> list[tuple[int, int]]:
    """Map id pairs to index pairs, rejecting unknown ids."""
    out = []
    for raw in pairs:
        sid, jid = _as_pair(raw, source)
        if sid not in project_index:
            raise AssignmentInputError(
                "unknown_submission_id", f"{source}: unknown submission_id {sid!r}."
            )
        if jid not in judge_index:
            raise AssignmentInputError("unknown_judge_id", f"{source}: unknown judge_id {jid!r}.")
        out.append((project_index[sid], judge_index[jid]))
    return out


def _same_organization(a: str, b: str) -> bool:
    return bool(a) and a == b


# -------------------------------------------------------------------- instance


@dataclass(frozen=True)
class _Instance:
    """Validated input in canonical (id-sorted) order, as arrays.

    ``need[p]`` is K minus the kept judges of project p (may be negative when
    the kept pairs already exceed K); ``room[j]`` is how many more projects
    judge j may take (max_load minus kept load, may be negative; an unlimited
    judge gets the number of projects, which no load can exceed).
    ``eligible[p, j]`` is True when the pair may be newly assigned.
    """

    project_ids: list[str]
    judge_ids: list[str]
    need: np.ndarray
    room: np.ndarray
    fixed_load: np.ndarray
    max_load: list[int | None]
    eligible: np.ndarray
    match: np.ndarray
    fixed: list[tuple[int, int]]

    @property
    def required(self) -> int:
        """New pairs needed overall."""
        return int(np.maximum(self.need, 0).sum())

    def open_eligible(self) -> np.ndarray:
        """Eligible pairs restricted to projects that need judges and judges with room."""
        return self.eligible & (self.need > 0)[:, None] & (self.room > 0)[None, :]

    def usable_room(self) -> np.ndarray:
        """Room capped by the number of projects the judge could actually take."""
        return np.minimum(np.maximum(self.room, 0), self.open_eligible().sum(axis=0))


def _build_instance(
    projects: Sequence[Project],
    judges: Sequence[Judge],
    k: int,
    conflicts: Iterable[tuple[str, str]],
    fixed: Iterable[tuple[str, str]],
) -> _Instance:
    project_ids = _unique_sorted_ids(projects, Project, "submission_id", "project")
    judge_ids = _unique_sorted_ids(judges, Judge, "judge_id", "judge")
    for judge in judges:
        _validate_judge_fields(judge)
    project_by_id = {p.submission_id: p for p in projects}
    judge_by_id = {j.judge_id: j for j in judges}
    ps = [project_by_id[i] for i in project_ids]
    js = [judge_by_id[i] for i in judge_ids]
    p_index = {sid: i for i, sid in enumerate(project_ids)}
    j_index = {jid: i for i, jid in enumerate(judge_ids)}

    conflict_idx = set(_indexed_pairs(conflicts, "conflicts", p_index, j_index))
    fixed_list = _indexed_pairs(fixed, "fixed", p_index, j_index)
    _validate_fixed(fixed_list, conflict_idx, ps, js)

    n_p, n_j = len(ps), len(js)
    same_org = _same_org_matrix(ps, js)
    eligible = ~same_org
    for idx in (conflict_idx, fixed_list):
        if idx:
            rows, cols = np.array(sorted(idx), dtype=np.int64).T
            eligible[rows, cols] = False

    fixed_count = np.zeros(n_p, dtype=np.int64)
    fixed_load = np.zeros(n_j, dtype=np.int64)
    for p, j in fixed_list:
        fixed_count[p] += 1
        fixed_load[j] += 1
    limit = np.array([n_p if j.max_load is None else j.max_load for j in js], dtype=np.int64)
    return _Instance(
        project_ids=project_ids,
        judge_ids=judge_ids,
        need=k - fixed_count,
        room=limit - fixed_load,
        fixed_load=fixed_load,
        max_load=[j.max_load for j in js],
        eligible=eligible,
        match=_match_matrix(ps, js),
        fixed=sorted(fixed_list),
    )


def _validate_fixed(
    fixed: list[tuple[int, int]],
    conflicts: set[tuple[int, int]],
    projects: list[Project],
    judges: list[Judge],
) -> None:
    seen: set[tuple[int, int]] = set()
    for p, j in fixed:
        pair = f"({projects[p].submission_id!r}, {judges[j].judge_id!r})"
        if (p, j) in seen:
            raise AssignmentInputError("duplicate_fixed_pair", f"fixed: duplicate pair {pair}.")
        seen.add((p, j))
        # A kept pair that breaks a hard rule is a contradiction the caller must
        # resolve (e.g. drop the pair), not something the solver may paper over.
        if (p, j) in conflicts:
            raise AssignmentInputError(
                "fixed_pair_conflicted", f"fixed: pair {pair} is also declared a conflict."
            )
        if _same_organization(projects[p].organization, judges[j].organization):
            raise AssignmentInputError(
                "fixed_pair_same_organization",
                f"fixed: pair {pair} has the same organization {projects[p].organization!r}.",
            )


def _same_org_matrix(projects: list[Project], judges: list[Judge]) -> np.ndarray:
    codes: dict[str, int] = {}
    # Empty organizations get distinct negative codes so they never compare equal.
    p_org = np.array(
        [codes.setdefault(p.organization, len(codes)) if p.organization else -1 for p in projects],
        dtype=np.int64,
    )
    j_org = np.array(
        [codes.setdefault(j.organization, len(codes)) if j.organization else -2 for j in judges],
        dtype=np.int64,
    )
    return p_org[:, None] == j_org[None, :]


def _match_matrix(projects: list[Project], judges: list[Judge]) -> np.ndarray:
    vocabulary = sorted({t for j in judges for t in j.tracks if t})
    t_index = {t: i for i, t in enumerate(vocabulary)}
    judge_tracks = np.zeros((len(judges), len(vocabulary) + 1), dtype=bool)
    for row, judge in enumerate(judges):
        for track in judge.tracks:
            if track:
                judge_tracks[row, t_index[track]] = True
    # Tracks no judge covers map to the extra all-False column.
    p_track = np.array([t_index.get(p.track, len(vocabulary)) for p in projects], dtype=np.int64)
    return judge_tracks[:, p_track].T.reshape(len(projects), len(judges))


# ---------------------------------------------------------------- exact solver


def _unit_arc_costs(instance: _Instance, room: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Judge index and cost of each unit arc judge -> sink.

    The l-th new project of judge j raises its total load from f+l-1 to f+l, so
    the sum of squares grows by (f+l)² - (f+l-1)² = 2(f+l) - 1: convex and
    increasing, hence the flow fills each judge's cheapest arcs first and the
    flow cost equals the sum of squares up to a constant.
    """
    judge_of_arc = np.repeat(np.arange(len(room), dtype=np.int64), room)
    starts = np.repeat(np.cumsum(room) - room, room)
    step = np.arange(len(judge_of_arc), dtype=np.int64) - starts + 1
    return judge_of_arc, 2 * (instance.fixed_load[judge_of_arc] + step) - 1


def _min_cost_assignment(instance: _Instance) -> np.ndarray | None:
    """Boolean P x J mask of the new pairs of the optimum, or None if infeasible.

    Graph: source -> project (cap need) -> judge (cap 1; cost 0 for an
    expertise match, BIG otherwise) -> sink via unit arcs of the marginal
    load-squared cost. With BIG = spread + 1, where spread is the largest minus
    the smallest unit-arc cost, the scalar optimum is the lexicographic one:
    every simple residual cycle passes the sink at most once, so it changes the
    load cost by at most ``spread`` while any change in matches costs at least
    BIG (proof in docs/assignment.md).
    """
    n_p, n_j = len(instance.project_ids), len(instance.judge_ids)
    required = instance.required
    if required == 0:
        return np.zeros((n_p, n_j), dtype=bool)
    open_pairs = instance.open_eligible()
    room = instance.usable_room()
    judge_of_unit, unit_cost = _unit_arc_costs(instance, room)
    if len(unit_cost) == 0:
        return None
    # Every feasible flow uses exactly `required` unit arcs, so shifting them all
    # by the same constant changes no comparison and keeps costs small.
    unit_cost = unit_cost - unit_cost.min()
    big = int(unit_cost.max()) + 1
    n_nodes = n_p + n_j + 2
    # OR-Tools multiplies costs by (n+1) internally; its docs guarantee no overflow
    # when every |cost| < INT64_MAX / (2 n²). BIG <= 2 * n_projects keeps that true
    # up to roughly a million nodes.
    if big * 2 * n_nodes * n_nodes >= _INT64_MAX:
        raise AssignmentInputError(
            "instance_too_large",
            f"{n_p} projects x {n_j} judges is too large for exact int64 costs.",
        )

    source, sink = 0, n_nodes - 1
    projects = np.flatnonzero(instance.need > 0)
    pair_p, pair_j = np.nonzero(open_pairs)  # row-major, i.e. canonical order
    pair_cost = np.where(instance.match[pair_p, pair_j], 0, big)
    units = len(unit_cost)
    # Arc order: source arcs, pair arcs, unit arcs; pair arcs start at len(projects).
    tails = np.concatenate([np.full(len(projects), source), 1 + pair_p, 1 + n_p + judge_of_unit])
    heads = np.concatenate([1 + projects, 1 + n_p + pair_j, np.full(units, sink)])
    capacities = np.concatenate(
        [instance.need[projects], np.ones(len(pair_p) + units, dtype=np.int64)]
    )
    costs = np.concatenate([np.zeros(len(projects), dtype=np.int64), pair_cost, unit_cost])

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        capacities.astype(np.int64),
        costs.astype(np.int64),
    )
    flow.set_node_supply(source, required)
    flow.set_node_supply(sink, -required)
    status = flow.solve()
    if status == flow.INFEASIBLE:
        return None
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow failed with status {status!r}.")
    first = len(projects)
    used = flow.flows(np.arange(first, first + len(pair_p), dtype=np.int32)) > 0
    mask = np.zeros((n_p, n_j), dtype=bool)
    mask[pair_p[used], pair_j[used]] = True
    return mask


def _plan(instance: _Instance, k: int, new_mask: np.ndarray) -> AssignmentPlan:
    pids, jids = instance.project_ids, instance.judge_ids
    new_p, new_j = np.nonzero(new_mask)
    new_idx = list(zip(new_p.tolist(), new_j.tolist(), strict=True))
    all_idx = sorted(instance.fixed + new_idx)
    loads = instance.fixed_load + new_mask.sum(axis=0)
    return AssignmentPlan(
        per_submission=k,
        pairs=[Pair(pids[p], jids[j]) for p, j in all_idx],
        new_pairs=[Pair(pids[p], jids[j]) for p, j in new_idx],
        loads={jid: int(load) for jid, load in zip(jids, loads, strict=True)},
        expertise_matches=sum(bool(instance.match[p, j]) for p, j in all_idx),
        new_expertise_matches=int(instance.match[new_mask].sum()),
        load_sum_of_squares=int((loads.astype(np.int64) ** 2).sum()),
    )


# ------------------------------------------------------------- infeasibility


def _ids(ids: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(repr(i) for i in ids[:limit])
    return shown if len(ids) <= limit else f"{shown} and {len(ids) - limit} more"


def _simple_reasons(instance: _Instance, k: int) -> list[InfeasibilityReason]:
    """Reasons visible without a flow: kept pairs over limits, too few eligible
    judges for a project, too little capacity overall."""
    reasons: list[InfeasibilityReason] = []
    pids, jids = instance.project_ids, instance.judge_ids
    for p in np.flatnonzero(instance.need < 0):
        kept = k - int(instance.need[p])
        reasons.append(
            InfeasibilityReason(
                code="submission_over_assigned",
                message=(
                    f"Submission {pids[p]!r} already has {kept} kept judges, "
                    f"more than the {k} per submission."
                ),
                submission_ids=(pids[p],),
                required=kept,
                capacity=k,
                missing=kept - k,
            )
        )
    for j in np.flatnonzero(instance.room < 0):
        kept, limit = int(instance.fixed_load[j]), instance.max_load[j]
        assert limit is not None  # unlimited judges always have room >= 0
        reasons.append(
            InfeasibilityReason(
                code="judge_over_max_load",
                message=(
                    f"Judge {jids[j]!r} already has {kept} kept assignments, "
                    f"more than their max_load of {limit}."
                ),
                judge_ids=(jids[j],),
                required=kept,
                capacity=limit,
                missing=kept - limit,
            )
        )
    available = instance.eligible & (instance.room > 0)[None, :]
    for p in np.flatnonzero(instance.need > 0):
        need, candidates = int(instance.need[p]), np.flatnonzero(available[p])
        if len(candidates) < need:
            kept = k - need
            needs = (
                f"needs {need} more judge(s) besides its {kept} kept"
                if kept
                else (f"needs {need} judge(s)")
            )
            reasons.append(
                InfeasibilityReason(
                    code="too_few_eligible_judges",
                    message=(
                        f"Submission {pids[p]!r} {needs} but only {len(candidates)} "
                        f"eligible judge(s) have room (not conflicted, not from its "
                        f"organization, not already assigned, below max_load): "
                        f"{need - len(candidates)} missing."
                    ),
                    submission_ids=(pids[p],),
                    judge_ids=tuple(jids[j] for j in candidates),
                    required=need,
                    capacity=len(candidates),
                    missing=need - len(candidates),
                )
            )
    required, capacity = instance.required, int(instance.usable_room().sum())
    # Only worth a line when the per-project shortages above do not account for it.
    explained = sum(r.missing for r in reasons if r.code == "too_few_eligible_judges")
    if capacity < required - explained:
        reasons.append(
            InfeasibilityReason(
                code="insufficient_capacity",
                message=(
                    f"{required} new assignment(s) are needed but the judges can take at "
                    f"most {capacity} more in total (max_load minus current load, and at "
                    f"most one per eligible submission): {required - capacity} short."
                ),
                required=required,
                capacity=capacity,
                missing=required - capacity,
            )
        )
    return reasons


def _max_flow(instance: _Instance) -> tuple[int, list[int]]:
    """Maximum number of new pairs and the source side of a minimum cut."""
    n_p, n_j = len(instance.project_ids), len(instance.judge_ids)
    source, sink = 0, n_p + n_j + 1
    projects = np.flatnonzero(instance.need > 0)
    pair_p, pair_j = np.nonzero(instance.open_eligible())
    room = instance.usable_room()
    judges = np.flatnonzero(room > 0)
    tails = np.concatenate([np.full(len(projects), source), 1 + pair_p, 1 + n_p + judges])
    heads = np.concatenate([1 + projects, 1 + n_p + pair_j, np.full(len(judges), sink)])
    capacities = np.concatenate(
        [instance.need[projects], np.ones(len(pair_p), dtype=np.int64), room[judges]]
    )
    flow = max_flow.SimpleMaxFlow()
    if len(tails) == 0:
        return 0, [source]
    flow.add_arcs_with_capacity(
        tails.astype(np.int32), heads.astype(np.int32), capacities.astype(np.int64)
    )
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError("OR-Tools max flow failed.")
    return int(flow.optimal_flow()), sorted(flow.get_source_side_min_cut())


def _min_cut_reason(
    instance: _Instance, achievable: int, source_side: list[int]
) -> InfeasibilityReason:
    """Hall-type explanation from the minimal source side of a minimum cut.

    Projects reachable from the source in the residual graph are exactly those
    that lack judges or could only gain one by taking it from another of them;
    the judges reachable from them are all full.
    """
    n_p = len(instance.project_ids)
    side = source_side
    missing = instance.required - achievable
    cut_projects = [n - 1 for n in side if 1 <= n <= n_p]
    cut_judges = [n - 1 - n_p for n in side if n_p < n <= n_p + len(instance.judge_ids)]
    sids = tuple(instance.project_ids[p] for p in cut_projects)
    jids = tuple(instance.judge_ids[j] for j in cut_judges)
    required = int(instance.need[cut_projects].sum()) if cut_projects else 0
    judges_text = (
        f"the eligible judges they compete for are all full: {_ids(jids)}"
        if jids
        else "they have no eligible judge with room left"
    )
    return InfeasibilityReason(
        code="flow_shortfall",
        message=(
            f"Submissions {_ids(sids)} still need {required} judge(s) between them but can "
            f"get at most {required - missing}; {judges_text}. {missing} missing."
        ),
        submission_ids=sids,
        judge_ids=jids,
        required=required,
        capacity=required - missing,
        missing=missing,
    )


def _infeasible(
    instance: _Instance, reasons: list[InfeasibilityReason], achievable: int
) -> AssignmentInfeasible:
    return AssignmentInfeasible(
        InfeasibilityReport(
            reasons=tuple(reasons), required=instance.required, achievable=achievable
        )
    )
