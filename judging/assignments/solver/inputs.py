"""The solver's input checked and put in canonical (id-sorted) order, as numpy arrays.

Every precondition a caller can break raises :class:`AssignmentInputError` with a stable code;
the order of the input never changes the result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from judging.assignments.solver.model import AssignmentInputError, Judge, Pair, Project


def validated_k(per_submission: object) -> int:
    if isinstance(per_submission, bool) or not isinstance(per_submission, int):
        raise AssignmentInputError(
            "bad_per_submission", f"per_submission must be an integer, got {per_submission!r}."
        )
    if per_submission < 1:
        raise AssignmentInputError(
            "bad_per_submission", f"per_submission must be at least 1, got {per_submission}."
        )
    return per_submission


def validate_judge_fields(judge: Judge) -> None:
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


def as_pair(value: object, source: str) -> Pair:
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
        sid, jid = as_pair(raw, source)
        if sid not in project_index:
            raise AssignmentInputError(
                "unknown_submission_id", f"{source}: unknown submission_id {sid!r}."
            )
        if jid not in judge_index:
            raise AssignmentInputError("unknown_judge_id", f"{source}: unknown judge_id {jid!r}.")
        out.append((project_index[sid], judge_index[jid]))
    return out


def same_organization(a: str, b: str) -> bool:
    return bool(a) and a == b


@dataclass(frozen=True)
class Instance:
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


def build_instance(
    projects: Sequence[Project],
    judges: Sequence[Judge],
    k: int,
    conflicts: Iterable[tuple[str, str]],
    fixed: Iterable[tuple[str, str]],
) -> Instance:
    project_ids = _unique_sorted_ids(projects, Project, "submission_id", "project")
    judge_ids = _unique_sorted_ids(judges, Judge, "judge_id", "judge")
    for judge in judges:
        validate_judge_fields(judge)
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
    return Instance(
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
        if same_organization(projects[p].organization, judges[j].organization):
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
