"""Property tests (hypothesis): invariances and agreement with the oracle."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scoring import Criterion, Policy, Rubric, agreement, rank
from scoring.aggregation import aggregate
from tests.scoring.scoring_oracle import reference_scoring

RUBRIC = Rubric(
    criteria=[Criterion("a", 0.3, 0, 10), Criterion("b", 0.7, 0, 5)], tie_breakers=["b", "a"]
)
NO_TIE_BREAKERS = Rubric(criteria=RUBRIC.criteria)
COLUMNS = ["submission_id", "judge_id", "criterion", "score", "track"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Scores on a half-point grid: realistic, with frequent exact ties.
half_points = st.integers(0, 20).map(lambda k: k / 2)


@st.composite
def competitions(draw, dense=False):
    """Long-form scores (DataFrame rows as tuples) for a small competition."""
    n_subs = draw(st.integers(3 if dense else 1, 7))
    n_judges = draw(st.integers(2 if dense else 1, 4))
    use_track = draw(st.booleans())
    rows = []
    for s in range(n_subs):
        track = draw(st.sampled_from(["X", "Y", None])) if use_track else None
        for j in range(n_judges):
            kind = (
                "complete"
                if dense
                else draw(
                    st.sampled_from(["absent", "complete", "complete", "complete", "partial"])
                )
            )
            if kind == "absent":
                continue
            rows.append((f"S{s}", f"J{j}", "a", draw(half_points), track))
            if kind == "complete":
                rows.append((f"S{s}", f"J{j}", "b", draw(half_points) / 2, track))
    assume(rows)
    return rows


policies = st.builds(
    Policy,
    normalize=st.sampled_from(["zscore", "none"]),
    aggregate=st.sampled_from(["trimmed", "mean", "median"]),
    trim=st.integers(0, 2),
    min_judges=st.integers(1, 4),
    disagreement=st.sampled_from([7.123, 15.123, 30.123]),
)


def frame(rows, categorical=False):
    """The rows as a DataFrame; optionally with categorical criterion and track."""
    scores = pd.DataFrame(rows, columns=COLUMNS)
    if categorical:
        scores["criterion"] = scores["criterion"].astype("category")
        scores["track"] = scores["track"].astype("category")
    return scores


@SETTINGS
@given(competitions(), policies, st.randoms(use_true_random=False), st.booleans())
def test_row_order_does_not_matter(rows, policy, random, categorical):
    shuffled = list(rows)
    random.shuffle(shuffled)
    first = rank(frame(rows, categorical), RUBRIC, policy)
    second = rank(frame(shuffled, categorical), RUBRIC, policy)
    pd.testing.assert_frame_equal(first.table, second.table, check_exact=True)
    pd.testing.assert_frame_equal(first.scorecards, second.scorecards, check_exact=True)
    pd.testing.assert_frame_equal(first.incomplete, second.incomplete, check_exact=True)


@SETTINGS
@given(
    competitions(dense=True),
    st.floats(0.2, 1.0),
    st.floats(0.0, 1.0),
    st.sampled_from(["trimmed", "mean", "median"]),
)
def test_affine_change_of_one_judge_does_not_change_zscore_results(rows, factor, shift, how):
    # Every criterion score s of judge J0 becomes factor * s + shift * (1 - factor) * max,
    # which stays in range and changes J0's judge scores by one affine map.
    policy = Policy(normalize="zscore", aggregate=how, min_judges=1)
    before = rank(frame(rows), NO_TIE_BREAKERS, policy)
    assume(before.judges["normalized"].all())  # every judge has 3+ scorecards and spread
    maxima = {c.key: c.max for c in RUBRIC.criteria}
    changed = [
        (s, j, c, factor * v + shift * (1 - factor) * maxima[c] if j == "J0" else v, t)
        for s, j, c, v, t in rows
    ]
    after = rank(frame(changed), NO_TIE_BREAKERS, policy)
    assert after.judges["normalized"].all()

    def standardized(result):
        cards = result.scorecards
        return (cards["normalized_score"] - result.target_mean) / result.target_std

    np.testing.assert_allclose(standardized(after), standardized(before), atol=1e-9)
    pd.testing.assert_series_equal(after.table["rank"], before.table["rank"])
    pd.testing.assert_series_equal(after.table["track_rank"], before.table["track_rank"])


def assert_competition_ranking(scores, ranks):
    """``ranks`` is a 1, 2, 2, 4 ranking, monotone in ``scores``."""
    n = len(ranks)
    for r in ranks:
        assert r == 1 + sum(other < r for other in ranks)
    for i in range(n):
        for k in range(n):
            if scores[i] - scores[k] > n * 1e-9:
                assert ranks[i] < ranks[k]


@SETTINGS
@given(competitions(), policies)
def test_ranks_are_a_competition_ranking_consistent_with_scores(rows, policy):
    table = rank(frame(rows), RUBRIC, policy).table
    ranked = table[table["n_judges"] >= policy.min_judges]
    assert table["rank"].notna().tolist() == (table["n_judges"] >= policy.min_judges).tolist()
    assert_competition_ranking(ranked["score"].tolist(), ranked["rank"].tolist())
    for _, group in ranked.groupby("track", dropna=False):
        assert_competition_ranking(group["score"].tolist(), group["track_rank"].tolist())


@SETTINGS
@given(competitions(), policies)
def test_equal_scores_share_a_rank_without_tie_breakers(rows, policy):
    table = rank(frame(rows), NO_TIE_BREAKERS, policy).table.dropna(subset=["rank"])
    scores, ranks = table["score"].tolist(), table["rank"].tolist()
    for i in range(len(scores)):
        for k in range(len(scores)):
            if abs(scores[i] - scores[k]) <= 1e-9:
                assert ranks[i] == ranks[k]


@SETTINGS
@given(
    st.lists(st.floats(0, 100), min_size=1, max_size=9),
    st.booleans(),
    st.floats(0.01, 1000),
    st.integers(0, 3),
)
def test_trimming_never_raises_the_influence_of_an_extreme_judge(values, high, push, trim):
    group = np.zeros(len(values), dtype=int)
    extreme = int(np.argmax(values) if high else np.argmin(values))
    moved = list(values)
    moved[extreme] += push if high else -push

    def change(method):
        before = aggregate(np.array(values), group, 1, method, trim)[0]
        after = aggregate(np.array(moved), group, 1, method, trim)[0]
        return abs(after - before)

    assert change("trimmed") <= change("mean") + 1e-9
    trimmed = aggregate(np.array(values), group, 1, "trimmed", trim)[0]
    assert min(values) - 1e-9 <= trimmed <= max(values) + 1e-9


def _na(value):
    return None if value is pd.NA or (isinstance(value, float) and math.isnan(value)) else value


@SETTINGS
@given(competitions(), policies, st.booleans())
def test_rank_matches_the_pure_python_oracle(rows, policy, categorical):
    result = rank(frame(rows, categorical), RUBRIC, policy)
    expected = reference_scoring(
        rows,
        [(c.key, c.weight, c.min, c.max) for c in RUBRIC.criteria],
        RUBRIC.tie_breakers,
        normalize=policy.normalize,
        aggregate=policy.aggregate,
        trim=policy.trim,
        min_judges=policy.min_judges,
        disagreement=policy.disagreement,
    )
    table = result.table.set_index("submission_id")
    assert set(table.index) == set(expected["submissions"])
    for sid, want in expected["submissions"].items():
        got = table.loc[sid]
        assert _na(got["rank"]) == want["rank"]
        assert _na(got["track_rank"]) == want["track_rank"]
        assert got["n_judges"] == want["n_judges"]
        assert bool(got["flagged"]) == want["flagged"]
        assert _na(got["track"]) == want["track"]
        for column, value in [("score", want["score"]), ("score_std", want["std"])] + [
            (k, v) for k, v in want["criteria"].items()
        ]:
            assert got[column] == pytest.approx(value, abs=1e-9, nan_ok=True)
    incomplete = set(
        zip(result.incomplete["submission_id"], result.incomplete["judge_id"], strict=True)
    )
    assert incomplete == expected["incomplete"]


@SETTINGS
@given(competitions())
def test_agreement_matches_the_pure_python_oracle(rows):
    result = agreement(frame(rows), RUBRIC)
    expected = reference_scoring(rows, [(c.key, c.weight, c.min, c.max) for c in RUBRIC.criteria])
    if expected["alpha"] is None:
        assert result.krippendorff_alpha is None
    else:
        assert result.krippendorff_alpha == pytest.approx(expected["alpha"], abs=1e-9)
    judges = result.judges.set_index("judge_id")
    for jid, want in expected["judges"].items():
        got = judges.loc[jid]
        assert got["n_scorecards"] == want["n"]
        for column in ("mean", "std", "leniency"):
            assert got[column] == pytest.approx(want[column], abs=1e-9, nan_ok=True)
