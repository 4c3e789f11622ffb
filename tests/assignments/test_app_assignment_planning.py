"""From a round's state to the solver's input: kept, conflicted and refilled pairs."""

import pytest

from judging.assignments.conflicts import ConflictIndex
from judging.assignments.planning import (
    JudgeInfo,
    ProjectInfo,
    RoundState,
    Shortfall,
    build_problem,
    explain,
    plan_digest,
    solve_problem,
)
from judging.assignments.solver.model import (
    AssignmentInfeasible,
    InfeasibilityReason,
    InfeasibilityReport,
)
from judging.i18n import translate


def _judge(judge_id: int, organization: str = "", tracks=(), max_load=None, available=True):
    return JudgeInfo(
        id=judge_id,
        profile_id=judge_id,
        display_name=f"Judge {judge_id}",
        email=f"j{judge_id}@example.com",
        organization=organization,
        tracks=tuple(tracks),
        max_load=max_load,
        available=available,
    )


def _project(project_id: int, organization: str = "", track: str = "ai"):
    return ProjectInfo(
        id=project_id, title=f"P{project_id}", track=track, organization=organization
    )


def _state(projects, judges, assignments=(), conflicts=(), k=1):
    return RoundState(
        round_id=1,
        per_submission=k,
        projects=list(projects),
        judges=list(judges),
        conflicts=ConflictIndex(conflicts),
        assignments=list(assignments),
    )


def test_a_refill_counts_loads_outside_it_and_leaves_other_short_projects_alone():
    # Project 2 lacks a judge but is not being refilled. Judge 10 holds two projects and
    # judge 30 one, so project 1 goes to judges 20 and 30.
    state = _state(
        [_project(1), _project(2), _project(3)],
        [_judge(10), _judge(20), _judge(30)],
        assignments=[(2, 10), (3, 10), (3, 30)],
        k=2,
    )
    assert solve_problem(build_problem(state, refill={1})) == [(1, 20), (1, 30)]


def test_a_refill_that_needs_more_judges_than_exist_is_infeasible():
    state = _state([_project(1)], [_judge(10), _judge(20)], k=3)
    with pytest.raises(AssignmentInfeasible):
        solve_problem(build_problem(state, refill={1}))


def test_a_refill_prefers_the_less_loaded_of_two_equal_judges():
    state = _state(
        [_project(1), _project(2), _project(3)],
        [_judge(10), _judge(20)],
        assignments=[(2, 10), (3, 10)],
    )
    assert solve_problem(build_problem(state, refill={1})) == [(1, 20)]


def test_existing_conflicted_pairs_are_dropped_not_kept():
    state = _state(
        [_project(1, organization="Acme")],
        [_judge(10, organization="ACME"), _judge(20)],
        assignments=[(1, 10)],
    )
    problem = build_problem(state)
    assert problem.dropped == [(1, 10)]
    assert problem.kept == []
    assert solve_problem(problem) == [(1, 20)]


def test_a_dropped_out_judge_keeps_scored_pairs_but_gets_nothing_new():
    state = _state(
        [_project(1), _project(2)],
        [_judge(10, available=False), _judge(20)],
        assignments=[(1, 10)],
    )
    problem = build_problem(state)
    assert problem.kept == [(1, 10)]
    assert solve_problem(problem) == [(2, 20)]


def test_a_judge_above_a_lowered_load_limit_keeps_projects_and_gets_no_more():
    state = _state(
        [_project(1), _project(2), _project(3)],
        [_judge(10, max_load=1), _judge(20)],
        assignments=[(1, 10), (2, 10)],
    )
    assert solve_problem(build_problem(state)) == [(3, 20)]


def test_the_digest_names_the_plan():
    state = _state([_project(1)], [_judge(10), _judge(20)])
    problem = build_problem(state)
    assert plan_digest(problem, [(1, 10)]) != plan_digest(problem, [(1, 20)])
    assert plan_digest(problem, [(1, 10)]) == plan_digest(build_problem(state), [(1, 10)])


def _flow_shortfall(count: int) -> Shortfall:
    report = InfeasibilityReport(
        reasons=(
            InfeasibilityReason(
                code="flow_shortfall",
                message="",
                submission_ids=tuple(str(sid) for sid in range(1, count + 1)),
                required=2 * count,
                capacity=count,
                missing=count,
            ),
        ),
        required=2 * count,
        achievable=count,
    )
    state = _state([_project(sid) for sid in range(1, count + 1)], [_judge(9)], k=2)
    (shortfall,) = explain(report, state)
    return shortfall


def test_shortfall_titles_are_listed_with_the_chinese_enumeration_comma():
    shortfall = _flow_shortfall(3)
    chinese = translate("zh_CN", shortfall.message, **shortfall.params)
    assert "“P1”、“P2”和“P3”" in chinese
    assert ", " not in chinese
    english = translate("en", shortfall.message, **shortfall.params)
    assert "“P1”, “P2”, and “P3”" in english


def test_shortfall_of_many_projects_names_five_and_ends_the_list_with_an_ellipsis():
    shortfall = _flow_shortfall(7)
    chinese = translate("zh_CN", shortfall.message, **shortfall.params)
    assert "“P1”、“P2”、“P3”、“P4”、“P5”、…" in chinese
    assert "P6" not in chinese
    assert "“P4”, “P5”, …" in translate("en", shortfall.message, **shortfall.params)
