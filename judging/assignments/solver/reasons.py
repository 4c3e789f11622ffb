"""Why no assignment exists: the reasons visible without a flow (kept pairs over a limit, too
few eligible judges, too little capacity) and the Hall-type reason read off a minimum cut."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from judging.assignments.solver.inputs import Instance
from judging.assignments.solver.model import (
    AssignmentInfeasible,
    InfeasibilityReason,
    InfeasibilityReport,
)


def _ids(ids: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(repr(i) for i in ids[:limit])
    return shown if len(ids) <= limit else f"{shown} and {len(ids) - limit} more"


def simple_reasons(instance: Instance, k: int) -> list[InfeasibilityReason]:
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


def min_cut_reason(
    instance: Instance, achievable: int, source_side: list[int]
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


def infeasible(
    instance: Instance, reasons: list[InfeasibilityReason], achievable: int
) -> AssignmentInfeasible:
    return AssignmentInfeasible(
        InfeasibilityReport(
            reasons=tuple(reasons), required=instance.required, achievable=achievable
        )
    )
