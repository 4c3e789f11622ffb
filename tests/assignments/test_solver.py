"""Specification of the pure judge-assignment solver."""

from __future__ import annotations

from collections import Counter
from itertools import combinations, product

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import maximum_flow

from judging.assignments.solver.exact import solve
from judging.assignments.solver.model import (
    AssignmentInfeasible,
    AssignmentInputError,
    AssignmentPlan,
    InfeasibilityReport,
    Judge,
    Pair,
    Project,
)
from judging.assignments.solver.pair_check import check_pair

TRACKS = ("ai", "bio", "energy")
ORGS = ("", "", "NJU", "SEU")

# Deterministic example generation keeps CI reproducible; the brute force below
# is exhaustive for every instance drawn.
PROPERTY = settings(max_examples=250, deadline=None, derandomize=True)


# ------------------------------------------------------------------ reference


def _same_org(project: Project, judge: Judge) -> bool:
    return bool(project.organization) and project.organization == judge.organization


def _allowed(project: Project, judge: Judge, conflicts: set[tuple[str, str]]) -> bool:
    return (project.submission_id, judge.judge_id) not in conflicts and not _same_org(
        project, judge
    )


def brute_force_optimum(
    projects: list[Project],
    judges: list[Judge],
    k: int,
    conflicts: set[tuple[str, str]],
    fixed: set[tuple[str, str]],
) -> tuple[int, int] | None:
    """(expertise matches, load sum of squares) of the lexicographic optimum found
    by enumerating every assignment, or None when none satisfies the rules."""
    tracks = {j.judge_id: j.tracks for j in judges}
    track_of = {p.submission_id: p.track for p in projects}
    choices = []
    for p in projects:
        need = k - sum(1 for s, _ in fixed if s == p.submission_id)
        if need < 0:
            return None
        candidates = [
            j.judge_id
            for j in judges
            if _allowed(p, j, conflicts) and (p.submission_id, j.judge_id) not in fixed
        ]
        choices.append(
            [[(p.submission_id, c) for c in combo] for combo in combinations(candidates, need)]
        )
    best: tuple[int, int] | None = None
    for choice in product(*choices):
        pairs = [*fixed, *(pair for group in choice for pair in group)]
        load = Counter(j for _, j in pairs)
        if any(j.max_load is not None and load[j.judge_id] > j.max_load for j in judges):
            continue
        matches = sum(track_of[s] in tracks[j] for s, j in pairs)
        key = (-matches, sum(load[j.judge_id] ** 2 for j in judges))
        if best is None or key < best:
            best = key
    return None if best is None else (-best[0], best[1])


def scipy_max_new_pairs(
    projects: list[Project],
    judges: list[Judge],
    k: int,
    conflicts: set[tuple[str, str]],
    fixed: set[tuple[str, str]],
) -> int:
    """Most new pairs placeable under the rules, by an independent max-flow code."""
    n_p, n_j = len(projects), len(judges)
    source, sink = 0, n_p + n_j + 1
    kept = Counter(s for s, _ in fixed)
    load = Counter(j for _, j in fixed)
    cap = np.zeros((n_p + n_j + 2, n_p + n_j + 2), dtype=np.int32)
    for i, p in enumerate(projects):
        cap[source, 1 + i] = max(0, k - kept[p.submission_id])
        for m, j in enumerate(judges):
            if _allowed(p, j, conflicts) and (p.submission_id, j.judge_id) not in fixed:
                cap[1 + i, 1 + n_p + m] = 1
    for m, j in enumerate(judges):
        limit = n_p if j.max_load is None else j.max_load
        cap[1 + n_p + m, sink] = max(0, limit - load[j.judge_id])
    return int(maximum_flow(csr_matrix(cap), source, sink).flow_value)


def lp_optimum(
    projects: list[Project],
    judges: list[Judge],
    k: int,
    conflicts: set[tuple[str, str]],
    fixed: set[tuple[str, str]],
) -> tuple[int, int] | None:
    """(matches, load sum of squares) from a linear program solved by HiGHS.

    Independent of the solver's graph code and of its tight weight: one variable
    per new pair and per unit of judge load, a crude 10**6 weight on matches. The
    constraint matrix is a network matrix, so the LP optimum is integral.
    """
    kept = Counter(s for s, _ in fixed)
    load = Counter(j for _, j in fixed)
    tracks = {j.judge_id: j.tracks for j in judges}
    pairs = [
        (i, m)
        for i, p in enumerate(projects)
        for m, j in enumerate(judges)
        if _allowed(p, j, conflicts) and (p.submission_id, j.judge_id) not in fixed
    ]
    units = [
        (m, step)
        for m, j in enumerate(judges)
        for step in range(
            1, (len(projects) if j.max_load is None else j.max_load) - load[j.judge_id] + 1
        )
    ]
    rows, cols, vals = [], [], []
    for col, (i, m) in enumerate(pairs):
        rows += [i, len(projects) + m]
        cols += [col, col]
        vals += [1, 1]
    for col, (m, _) in enumerate(units, start=len(pairs)):
        rows.append(len(projects) + m)
        cols.append(col)
        vals.append(-1)
    a_eq = coo_matrix(
        (vals, (rows, cols)), shape=(len(projects) + len(judges), len(pairs) + len(units))
    )
    b_eq = [k - kept[p.submission_id] for p in projects] + [0] * len(judges)
    over_limit = any(j.max_load is not None and load[j.judge_id] > j.max_load for j in judges)
    if over_limit or min(b_eq) < 0:
        return None
    match = [projects[i].track in tracks[judges[m].judge_id] for i, m in pairs]
    unit_cost = [2 * (load[judges[m].judge_id] + step) - 1 for m, step in units]
    cost = [-(10**6) * int(hit) for hit in match] + unit_cost
    result = linprog(cost, A_eq=a_eq.tocsr(), b_eq=b_eq, bounds=(0, 1), method="highs")
    if result.status == 2:  # infeasible
        return None
    assert result.status == 0, result.message
    x = np.round(result.x).astype(int)
    track_of = {p.submission_id: p.track for p in projects}
    kept_matches = sum(track_of[s] in tracks[j] for s, j in fixed)
    kept_squares = sum(v * v for v in load.values())
    return (
        kept_matches + int(np.dot(match, x[: len(pairs)])),
        kept_squares + int(np.dot(unit_cost, x[len(pairs) :])),
    )


def assert_satisfies_rules(
    plan: AssignmentPlan,
    projects: list[Project],
    judges: list[Judge],
    k: int,
    conflicts: set[tuple[str, str]],
    fixed: set[tuple[str, str]],
) -> None:
    by_project = {p.submission_id: p for p in projects}
    by_judge = {j.judge_id: j for j in judges}
    assert len(set(plan.pairs)) == len(plan.pairs)
    assert Counter(s for s, _ in plan.pairs) == {p.submission_id: k for p in projects}
    assert fixed <= set(plan.pairs)
    assert set(plan.new_pairs) == set(plan.pairs) - fixed
    for s, j in plan.new_pairs:
        assert _allowed(by_project[s], by_judge[j], conflicts)
    load = Counter(j for _, j in plan.pairs)
    assert plan.loads == {j.judge_id: load[j.judge_id] for j in judges}
    for j in judges:
        assert j.max_load is None or plan.loads[j.judge_id] <= j.max_load
    assert plan.expertise_matches == sum(
        by_project[s].track in by_judge[j].tracks for s, j in plan.pairs
    )
    assert plan.load_sum_of_squares == sum(v * v for v in plan.loads.values())


@st.composite
def instances(draw: st.DrawFn, max_projects: int = 4, max_judges: int = 5):
    n_p = draw(st.integers(1, max_projects))
    n_j = draw(st.integers(1, max_judges))
    k = draw(st.integers(1, 2))
    projects = [
        Project(f"S{i}", draw(st.sampled_from((*TRACKS, ""))), draw(st.sampled_from(ORGS)))
        for i in range(n_p)
    ]
    judges = [
        Judge(
            f"J{m}",
            draw(st.frozensets(st.sampled_from(TRACKS), max_size=2)),
            draw(st.none() | st.integers(0, 4)),
            draw(st.sampled_from(ORGS)),
        )
        for m in range(n_j)
    ]
    every_pair = [(p.submission_id, j.judge_id) for p in projects for j in judges]
    conflicts = set(draw(st.lists(st.sampled_from(every_pair), max_size=4)))
    allowed = [
        (p.submission_id, j.judge_id) for p in projects for j in judges if _allowed(p, j, conflicts)
    ]
    fixed = set(draw(st.lists(st.sampled_from(allowed), max_size=3))) if allowed else set()
    return projects, judges, k, conflicts, fixed


def _solve_or_none(projects, judges, k, conflicts, fixed) -> AssignmentPlan | None:
    try:
        return solve(projects, judges, k, conflicts, fixed)
    except AssignmentInfeasible:
        return None


# ------------------------------------------------------------------ optimality


@PROPERTY
@given(instances())
def test_solution_is_the_lexicographic_optimum_found_by_brute_force(instance) -> None:
    projects, judges, k, conflicts, fixed = instance
    expected = brute_force_optimum(projects, judges, k, conflicts, fixed)
    plan = _solve_or_none(projects, judges, k, conflicts, fixed)
    if expected is None:
        assert plan is None
    else:
        assert plan is not None
        assert_satisfies_rules(plan, projects, judges, k, conflicts, fixed)
        assert (plan.expertise_matches, plan.load_sum_of_squares) == expected


@PROPERTY
@given(instances())
def test_infeasibility_report_states_the_true_maximum_number_of_new_pairs(instance) -> None:
    projects, judges, k, conflicts, fixed = instance
    try:
        solve(projects, judges, k, conflicts, fixed)
    except AssignmentInfeasible as error:
        report = error.report
        assert report.achievable == scipy_max_new_pairs(projects, judges, k, conflicts, fixed)
        over_limits = {"submission_over_assigned", "judge_over_max_load"}
        assert report.reasons
        if not any(reason.code in over_limits for reason in report.reasons):
            assert report.achievable < report.required
        for reason in report.reasons:
            assert reason.missing == reason.required - reason.capacity > 0


@pytest.mark.parametrize("seed", range(6))
def test_solution_matches_an_independent_linear_program_on_mid_sized_instances(seed) -> None:
    rng = np.random.default_rng(seed)
    projects = [
        Project(f"S{i:02d}", str(rng.choice(TRACKS)), str(rng.choice(ORGS))) for i in range(40)
    ]
    judges = [
        Judge(
            f"J{m:02d}",
            frozenset(rng.choice(TRACKS, size=rng.integers(0, 3), replace=False).tolist()),
            int(rng.integers(8, 20)),
            str(rng.choice(ORGS)),
        )
        for m in range(12)
    ]
    allowed = [
        (p.submission_id, j.judge_id) for p in projects for j in judges if _allowed(p, j, set())
    ]
    picks = rng.permutation(len(allowed))
    conflicts = {allowed[i] for i in picks[:25]}
    fixed = {allowed[i] for i in picks[25:60]}
    plan = _solve_or_none(projects, judges, 3, conflicts, fixed)
    expected = lp_optimum(projects, judges, 3, conflicts, fixed)
    assert (plan is None) == (expected is None)
    if plan is not None:
        assert_satisfies_rules(plan, projects, judges, 3, conflicts, fixed)
        assert (plan.expertise_matches, plan.load_sum_of_squares) == expected


def test_expertise_outranks_balance_however_loaded_the_expert_already_is() -> None:
    kept = [Project(f"OLD{i}", "ai") for i in range(6)]
    new = Project("NEW", "ai")
    expert, generalist = Judge("EXPERT", {"ai"}), Judge("GENERALIST")
    plan = solve(
        [*kept, new],
        [expert, generalist],
        1,
        fixed=[(p.submission_id, "EXPERT") for p in kept],
    )
    assert plan.new_pairs == [Pair("NEW", "EXPERT")]


def test_loads_are_balanced_when_expertise_is_tied() -> None:
    projects = [Project(f"S{i}", "ai") for i in range(6)]
    judges = [Judge("A"), Judge("B"), Judge("C")]
    plan = solve(projects, judges, 1)
    assert plan.loads == {"A": 2, "B": 2, "C": 2}


def test_generalists_and_trackless_projects_never_count_as_matches() -> None:
    projects = [Project("S1", ""), Project("S2", "ai")]
    plan = solve(projects, [Judge("G"), Judge("E", {"bio"})], 2)
    assert plan.expertise_matches == 0


# ------------------------------------------------------------------ hard rules


def test_every_submission_gets_exactly_k_distinct_judges() -> None:
    projects = [Project(f"S{i}", TRACKS[i % 3]) for i in range(7)]
    judges = [Judge(f"J{m}", {TRACKS[m % 3]}, 5) for m in range(6)]
    plan = solve(projects, judges, 3)
    assert Counter(s for s, _ in plan.pairs) == {p.submission_id: 3 for p in projects}
    assert len(set(plan.pairs)) == 21


def test_conflicted_pairs_are_never_assigned() -> None:
    projects = [Project("S1", "ai"), Project("S2", "ai")]
    judges = [Judge("EXPERT", {"ai"}), Judge("OTHER")]
    plan = solve(projects, judges, 1, conflicts=[("S1", "EXPERT")])
    assert Pair("S1", "EXPERT") not in plan.pairs


def test_same_organization_pairs_are_never_assigned() -> None:
    projects = [Project("S1", "ai", "NJU")]
    judges = [Judge("EXPERT", {"ai"}, None, "NJU"), Judge("OTHER", (), None, "SEU")]
    assert solve(projects, judges, 1).pairs == [Pair("S1", "OTHER")]


def test_empty_organizations_never_clash() -> None:
    plan = solve([Project("S1", "ai", "")], [Judge("J1", {"ai"}, None, "")], 1)
    assert plan.pairs == [Pair("S1", "J1")]


def test_no_judge_exceeds_max_load() -> None:
    projects = [Project(f"S{i}", "ai") for i in range(4)]
    judges = [Judge("EXPERT", {"ai"}, 1), Judge("OTHER")]
    plan = solve(projects, judges, 1)
    assert plan.loads == {"EXPERT": 1, "OTHER": 3}


# --------------------------------------------------------------- fixed pairs


def test_fixed_pairs_are_kept_and_count_toward_k() -> None:
    projects = [Project("S1", "ai")]
    judges = [Judge("A"), Judge("B", {"ai"}), Judge("C")]
    plan = solve(projects, judges, 2, fixed=[("S1", "A")])
    assert plan.pairs == [Pair("S1", "A"), Pair("S1", "B")]
    assert plan.new_pairs == [Pair("S1", "B")]


def test_fixed_pairs_count_toward_the_judges_max_load() -> None:
    projects = [Project("OLD", "ai"), Project("NEW", "ai")]
    judges = [Judge("EXPERT", {"ai"}, 1), Judge("OTHER")]
    plan = solve(projects, judges, 1, fixed=[("OLD", "EXPERT")])
    assert plan.new_pairs == [Pair("NEW", "OTHER")]


def test_a_fixed_judge_is_not_assigned_to_the_same_submission_again() -> None:
    plan = solve([Project("S1", "ai")], [Judge("A", {"ai"}), Judge("B")], 2, fixed=[("S1", "A")])
    assert plan.new_pairs == [Pair("S1", "B")]


def test_load_balance_counts_fixed_load() -> None:
    projects = [Project("OLD1"), Project("OLD2"), Project("NEW")]
    judges = [Judge("BUSY"), Judge("IDLE")]
    plan = solve(projects, judges, 1, fixed=[("OLD1", "BUSY"), ("OLD2", "BUSY")])
    assert plan.new_pairs == [Pair("NEW", "IDLE")]
    assert plan.load_sum_of_squares == 2**2 + 1**2


def test_nothing_is_added_when_fixed_pairs_already_complete_every_submission() -> None:
    plan = solve([Project("S1")], [Judge("A")], 1, fixed=[("S1", "A")])
    assert plan.new_pairs == []
    assert plan.pairs == [Pair("S1", "A")]


# --------------------------------------------------------------- determinism


@PROPERTY
@given(instances(max_projects=5, max_judges=6), st.randoms(use_true_random=False))
def test_plan_does_not_depend_on_input_order(instance, rng) -> None:
    projects, judges, k, conflicts, fixed = instance

    def shuffled(items):
        items = list(items)
        rng.shuffle(items)
        return items

    first = _solve_or_none(projects, judges, k, sorted(conflicts), sorted(fixed))
    second = _solve_or_none(
        shuffled(projects), shuffled(judges), k, shuffled(conflicts), shuffled(fixed)
    )
    assert first == second


def test_ties_between_identical_judges_are_broken_the_same_way_in_any_order() -> None:
    projects = [Project(f"S{i}") for i in range(5)]
    judges = [Judge(f"J{m}") for m in range(4)]
    first = solve(projects, judges, 2)
    second = solve(projects[::-1], judges[::-1], 2)
    assert first == second


# ------------------------------------------------------------- infeasibility


def _report(*args, **kwargs) -> InfeasibilityReport:
    with pytest.raises(AssignmentInfeasible) as caught:
        solve(*args, **kwargs)
    return caught.value.report


def test_submission_with_too_few_eligible_judges_is_named_with_how_many_are_missing() -> None:
    projects = [Project("S1", "ai", "NJU")]
    judges = [Judge("SAME_ORG", (), None, "NJU"), Judge("CONFLICTED"), Judge("FREE")]
    report = _report(projects, judges, 2, conflicts=[("S1", "CONFLICTED")])
    (reason,) = report.reasons
    assert reason.code == "too_few_eligible_judges"
    assert reason.submission_ids == ("S1",)
    assert reason.judge_ids == ("FREE",)
    assert (reason.required, reason.capacity, reason.missing) == (2, 1, 1)
    assert "Submission 'S1' needs 2 judge(s) but only 1 eligible judge(s)" in reason.message


def test_overall_capacity_shortfall_reports_capacity_and_requirement() -> None:
    projects = [Project(f"S{i}") for i in range(3)]
    judges = [Judge("A", (), 1), Judge("B", (), 1)]
    report = _report(projects, judges, 1)
    (reason,) = report.reasons
    assert reason.code == "insufficient_capacity"
    assert (reason.required, reason.capacity, reason.missing) == (3, 2, 1)
    assert (report.required, report.achievable) == (3, 2)


def test_hidden_bottleneck_is_explained_by_the_minimum_cut() -> None:
    # S1 and S2 may only use J1 and J5 (one slot each); everyone else is plentiful,
    # so no single project and no overall total explains the shortfall.
    projects = [Project("S1", "", "NJU"), Project("S2", "", "NJU")]
    projects += [Project("S3"), Project("S4")]
    judges = [Judge("J1", (), 1), Judge("J5", (), 1)]
    judges += [Judge(f"J{m}", (), 2, "NJU") for m in (2, 3, 4)]
    report = _report(projects, judges, 2)
    (reason,) = report.reasons
    assert reason.code == "flow_shortfall"
    assert reason.submission_ids == ("S1", "S2")
    assert reason.judge_ids == ("J1", "J5")
    assert (reason.required, reason.capacity, reason.missing) == (4, 2, 2)
    assert (report.required, report.achievable) == (8, 6)


def test_fixed_pairs_beyond_k_are_reported() -> None:
    report = _report([Project("S1")], [Judge("A"), Judge("B")], 1, fixed=[("S1", "A"), ("S1", "B")])
    (reason,) = report.reasons
    assert reason.code == "submission_over_assigned"
    assert (reason.submission_ids, reason.required, reason.capacity) == (("S1",), 2, 1)


def test_fixed_pairs_beyond_max_load_are_reported() -> None:
    report = _report(
        [Project("S1"), Project("S2")], [Judge("A", (), 1)], 1, fixed=[("S1", "A"), ("S2", "A")]
    )
    (reason,) = report.reasons
    assert reason.code == "judge_over_max_load"
    assert (reason.judge_ids, reason.required, reason.capacity) == (("A",), 2, 1)


def test_infeasibility_report_is_plain_json_for_the_web_app() -> None:
    report = _report([Project("S1")], [Judge("A")], 2)
    decoded = msgspec.json.decode(msgspec.json.encode(report))
    assert decoded["required"] == 2
    assert decoded["reasons"][0]["code"] == "too_few_eligible_judges"
    assert decoded["reasons"][0]["missing"] == 1
    assert msgspec.json.decode(msgspec.json.encode(report), type=InfeasibilityReport) == report


def test_infeasible_error_message_is_the_report_in_sentences() -> None:
    with pytest.raises(AssignmentInfeasible) as caught:
        solve([Project("S1")], [], 1)
    assert str(caught.value) == caught.value.report.message()
    assert str(caught.value).startswith("No assignment satisfies the rules")


def test_no_submissions_give_an_empty_plan() -> None:
    plan = solve([], [Judge("A", (), 0)], 3)
    assert (plan.pairs, plan.loads, plan.load_sum_of_squares) == ([], {"A": 0}, 0)


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        pytest.param({"per_submission": 0}, "bad_per_submission", id="k below one"),
        pytest.param({"per_submission": True}, "bad_per_submission", id="k not an int"),
        pytest.param(
            {"projects": [Project("S1"), Project("S1")]}, "duplicate_submission_id", id="dup sub"
        ),
        pytest.param({"judges": [Judge("A"), Judge("A")]}, "duplicate_judge_id", id="dup judge"),
        pytest.param({"judges": [Judge("A", (), -1)]}, "bad_max_load", id="negative max_load"),
        pytest.param({"projects": [Project("")]}, "bad_submission_id", id="empty id"),
        pytest.param({"conflicts": [("S9", "A")]}, "unknown_submission_id", id="conflict sub"),
        pytest.param({"conflicts": [("S1", "Z")]}, "unknown_judge_id", id="conflict judge"),
        pytest.param({"fixed": [("S1", "Z")]}, "unknown_judge_id", id="fixed judge"),
        pytest.param({"fixed": [("S1", "A"), ("S1", "A")]}, "duplicate_fixed_pair", id="dup fix"),
        pytest.param(
            {"fixed": [("S1", "A")], "conflicts": [("S1", "A")]},
            "fixed_pair_conflicted",
            id="fixed conflicted",
        ),
        pytest.param({"conflicts": ["S1A"]}, "bad_pair", id="pair not a pair"),
    ],
)
def test_malformed_input_is_rejected_with_one_coded_error_type(kwargs, code) -> None:
    arguments = {"projects": [Project("S1")], "judges": [Judge("A")], "per_submission": 1}
    arguments.update(kwargs)
    with pytest.raises(AssignmentInputError) as caught:
        solve(**arguments)
    assert caught.value.code == code


def test_fixed_pair_from_the_same_organization_is_rejected() -> None:
    with pytest.raises(AssignmentInputError, match="same organization"):
        solve([Project("S1", "", "NJU")], [Judge("A", (), None, "NJU")], 1, fixed=[("S1", "A")])


def test_judge_tracks_given_as_a_bare_string_are_refused() -> None:
    with pytest.raises(TypeError, match="tracks"):
        Judge("A", "ai;bio")  # type: ignore[arg-type]


# ---------------------------------------------------------------- check_pair


def _codes(*args, **kwargs) -> list[str]:
    return [issue.code for issue in check_pair(*args, **kwargs)]


def test_allowed_pair_has_no_issues() -> None:
    assert check_pair(Project("S1", "ai", "NJU"), Judge("A", {"ai"}, 3, "SEU"), 2) == []


def test_check_pair_reports_an_existing_assignment() -> None:
    assert _codes(Project("S1"), Judge("A"), 2, assigned=[("S1", "A")]) == ["already_assigned"]


def test_check_pair_reports_a_declared_conflict() -> None:
    assert _codes(Project("S1"), Judge("A"), 2, conflicts=[("S1", "A")]) == ["conflict"]


def test_check_pair_reports_the_same_organization() -> None:
    assert _codes(Project("S1", "", "NJU"), Judge("A", (), None, "NJU"), 2) == ["same_organization"]


def test_check_pair_reports_a_judge_at_max_load_with_counts() -> None:
    (issue,) = check_pair(Project("S1"), Judge("A", (), 1), 2, assigned=[("S2", "A")])
    assert (issue.code, issue.count, issue.limit) == ("judge_at_max_load", 1, 1)


def test_check_pair_reports_a_submission_that_already_has_k_judges() -> None:
    (issue,) = check_pair(Project("S1"), Judge("A"), 1, assigned=[("S1", "B")])
    assert (issue.code, issue.count, issue.limit) == ("submission_full", 1, 1)
