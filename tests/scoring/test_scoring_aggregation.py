"""Rules 3 and 4: aggregation of judge scores and flags."""

import numpy as np
import pytest

from scoring import Policy, rank
from scoring.aggregation import aggregate
from tests.scoring.scoring_helpers import ONE, one_criterion


def _score(judge_scores, **policy):
    policy = Policy(**{"normalize": "none", "min_judges": 1, **policy})
    scores = one_criterion({"S1": {f"J{i}": v for i, v in enumerate(judge_scores)}})
    return rank(scores, ONE, policy).table.iloc[0]


def test_trimmed_mean_drops_highest_and_lowest():
    assert _score([10, 50, 60, 70, 100])["score"] == pytest.approx(60)


def test_trimmed_mean_falls_back_to_mean_when_fewer_than_three_would_remain():
    assert _score([10, 50, 60, 100])["score"] == pytest.approx(55)


def test_trimmed_mean_with_trim_two_drops_two_at_each_end():
    assert _score([0, 1, 40, 50, 60, 99, 100], trim=2)["score"] == pytest.approx(50)


def test_trim_zero_is_the_plain_mean():
    assert _score([10, 50, 60, 70, 100], trim=0)["score"] == pytest.approx(58)


def test_mean_aggregation_averages_all_scores():
    assert _score([10, 50, 60, 70, 100], aggregate="mean")["score"] == pytest.approx(58)


def test_median_aggregation_takes_the_middle_score():
    assert _score([10, 50, 60, 100], aggregate="median")["score"] == pytest.approx(55)


def test_aggregate_is_nan_for_a_group_without_scores():
    result = aggregate(np.array([1.0, 2.0]), np.array([0, 0]), 2, "trimmed", 1)
    assert result[0] == 1.5
    assert np.isnan(result[1])


def test_submission_with_wide_disagreement_is_flagged():
    row = _score([20, 50, 80], min_judges=3)
    assert row["score_std"] == pytest.approx(np.sqrt(600))
    assert row["flagged"]


def test_submission_with_close_scores_is_not_flagged():
    assert not _score([45, 50, 55], min_judges=3)["flagged"]


def test_disagreement_flag_needs_spread_strictly_above_threshold():
    spread = _score([20, 50, 80])["score_std"]
    assert not _score([20, 50, 80], disagreement=spread)["flagged"]
    assert _score([20, 50, 80], disagreement=np.nextafter(spread, 0))["flagged"]


def test_submission_with_too_few_judges_is_flagged():
    assert _score([50, 50], min_judges=3)["flagged"]
