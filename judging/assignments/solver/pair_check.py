"""The rules for one pair an organizer adds by hand, checked without solving anything."""

from __future__ import annotations

from collections.abc import Iterable

from judging.assignments.solver.inputs import (
    as_pair,
    same_organization,
    validate_judge_fields,
    validated_k,
)
from judging.assignments.solver.model import Judge, Pair, PairIssue, PairIssueCode, Project


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
    k = validated_k(per_submission)
    validate_judge_fields(judge)
    sid, jid = project.submission_id, judge.judge_id
    existing = {as_pair(p, "assigned") for p in assigned}
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
    if any(as_pair(c, "conflicts") == (sid, jid) for c in conflicts):
        add("conflict", f"Judge {jid!r} has declared a conflict with submission {sid!r}.")
    if same_organization(project.organization, judge.organization):
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
