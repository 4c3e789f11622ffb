"""The exact solve: the lexicographic optimum assignment, or an error saying why none exists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from judging.assignments.solver.flow import max_flow_with_cut, min_cost_assignment
from judging.assignments.solver.inputs import Instance, build_instance, validated_k
from judging.assignments.solver.model import AssignmentPlan, Judge, Pair, Project
from judging.assignments.solver.reasons import infeasible, min_cut_reason, simple_reasons


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
    k = validated_k(per_submission)
    instance = build_instance(projects, judges, k, conflicts, fixed)
    reasons = simple_reasons(instance, k)
    if reasons:
        raise infeasible(instance, reasons, max_flow_with_cut(instance)[0])
    new_mask = min_cost_assignment(instance)
    if new_mask is None:
        achievable, source_side = max_flow_with_cut(instance)
        reason = min_cut_reason(instance, achievable, source_side)
        raise infeasible(instance, [reason], achievable)
    return _plan(instance, k, new_mask)


def _plan(instance: Instance, k: int, new_mask: np.ndarray) -> AssignmentPlan:
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
