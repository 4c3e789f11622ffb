"""Rule 2: zscore normalization per judge."""

import math

import pytest

from scoring import Criterion, Policy, Rubric, rank
from tests.scoring.scoring_helpers import ONE, long_scores, one_criterion

# Judge scores: J1 60, 70, 80 and J2 20, 50, 80 on S1, S2, S3.
# All six: M = 60, S = sqrt(2600 / 6).  Both judges' z-scores are
# -sqrt(3/2), 0, +sqrt(3/2), so after normalization they agree exactly.
SCORES = {"S1": {"J1": 60, "J2": 20}, "S2": {"J1": 70, "J2": 50}, "S3": {"J1": 80, "J2": 80}}
M, S, Z = 60.0, math.sqrt(2600 / 6), math.sqrt(3 / 2)
ZSCORE = Policy(normalize="zscore", aggregate="mean", min_judges=1)


def _normalized(scores, policy=ZSCORE):
    cards = rank(one_criterion(scores), ONE, policy).scorecards
    return {(r.submission_id, r.judge_id): r.normalized_score for r in cards.itertuples()}


def test_zscore_maps_judges_onto_the_pooled_mean_and_std():
    normalized = _normalized(SCORES)
    for judge in ("J1", "J2"):
        assert normalized[("S1", judge)] == pytest.approx(M - S * Z)
        assert normalized[("S2", judge)] == pytest.approx(M)
        assert normalized[("S3", judge)] == pytest.approx(M + S * Z)


def test_zscore_reports_pooled_mean_and_std():
    result = rank(one_criterion(SCORES), ONE, ZSCORE)
    assert result.target_mean == pytest.approx(M)
    assert result.target_std == pytest.approx(S)


def test_judge_with_fewer_than_three_scorecards_keeps_raw_scores():
    scores = {s: {**by_judge} for s, by_judge in SCORES.items()}
    scores["S1"]["J3"] = 33
    scores["S2"]["J3"] = 44
    normalized = _normalized(scores)
    assert normalized[("S1", "J3")] == pytest.approx(33)
    assert normalized[("S2", "J3")] == pytest.approx(44)
    assert normalized[("S2", "J1")] != pytest.approx(70)


def test_judge_with_zero_spread_keeps_raw_scores():
    scores = {s: {**by_judge, "J3": 50} for s, by_judge in SCORES.items()}
    normalized = _normalized(scores)
    assert [normalized[(s, "J3")] for s in SCORES] == pytest.approx([50, 50, 50])


def test_judges_table_tells_who_was_normalized():
    scores = {s: {**by_judge, "J3": 50} for s, by_judge in SCORES.items()}
    judges = rank(one_criterion(scores), ONE, ZSCORE).judges.set_index("judge_id")
    assert judges["normalized"].to_dict() == {"J1": True, "J2": True, "J3": False}
    assert judges.loc["J2", "std"] == pytest.approx(math.sqrt(600))


def test_normalize_none_keeps_raw_scores():
    normalized = _normalized(SCORES, Policy(normalize="none", min_judges=1))
    assert normalized[("S1", "J2")] == pytest.approx(20)


def test_zscore_does_not_clip():
    scores = {f"S{i}": {"J1": v} for i, v in enumerate([0, 0, 0, 0, 100])}
    scores["S0"]["J2"] = 0
    scores["S1"]["J2"] = 50
    scores["S2"]["J2"] = 100
    normalized = _normalized(scores)
    assert max(normalized.values()) > 100


def test_rounding_noise_is_not_spread():
    # (0, 3, 1) and (0, 0, 2) are both worth exactly 10 points, but the first
    # sums to 9.999999999999998 in floating point.  J1 gave 10 points three
    # times; rescaling by a noise-level std would turn that into +/-1.4 sigma.
    rubric = Rubric(
        [Criterion("a", 0.3, 0, 7), Criterion("b", 0.3, 0, 9), Criterion("c", 0.4, 1, 5)]
    )
    cards = {
        ("S1", "J1"): {"a": 0, "b": 3, "c": 1},
        ("S2", "J1"): {"a": 0, "b": 0, "c": 2},
        ("S3", "J1"): {"a": 0, "b": 0, "c": 2},
        ("S1", "J2"): {"a": 7, "b": 9, "c": 5},
        ("S2", "J2"): {"a": 3, "b": 4, "c": 2},
        ("S3", "J2"): {"a": 0, "b": 1, "c": 1},
    }
    result = rank(long_scores(cards), rubric, ZSCORE)
    assert not result.judges.set_index("judge_id").loc["J1", "normalized"]
    j1 = result.scorecards[result.scorecards["judge_id"] == "J1"]
    assert j1["normalized_score"].tolist() == pytest.approx([10, 10, 10])
