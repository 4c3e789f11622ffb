"""Rule 6: Krippendorff's alpha and per-judge statistics."""

import math

import krippendorff
import numpy as np
import pytest

from scoring import Criterion, Rubric, agreement, interval_alpha, rank
from tests.scoring.scoring_helpers import ONE, one_criterion
from tests.scoring.scoring_oracle import interval_alpha_by_pairs

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the
# 4 observers x 12 units example; interval alpha = 0.849.
NAN = math.nan
PUBLISHED = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
)


def _long(matrix):
    judge, unit = np.nonzero(~np.isnan(matrix))
    return matrix[judge, unit], unit


def test_interval_alpha_reproduces_krippendorffs_published_example():
    values, unit = _long(PUBLISHED)
    assert round(interval_alpha(values, unit), 3) == 0.849


def test_agreement_uses_raw_judge_scores_of_complete_scorecards():
    rubric = Rubric([Criterion("q", 1.0, 1, 5)])
    scores = {
        f"U{u:02d}": {f"J{j}": PUBLISHED[j, u] for j in range(4) if not np.isnan(PUBLISHED[j, u])}
        for u in range(12)
    }
    result = agreement(one_criterion(scores), rubric)
    assert round(result.krippendorff_alpha, 3) == 0.849
    assert result.n_units == 11  # the unit rated once is not pairable


@pytest.mark.parametrize("seed", range(8))
def test_interval_alpha_matches_the_krippendorff_package(seed):
    rng = np.random.default_rng(seed)
    matrix = rng.integers(0, 8, size=(rng.integers(2, 6), rng.integers(3, 30))).astype(float)
    matrix += rng.normal(0, 0.5, size=(matrix.shape[0], 1))  # judge effects
    matrix[rng.random(matrix.shape) < 0.3] = np.nan
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
    values, unit = _long(matrix)
    assert interval_alpha(values, unit) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_interval_alpha_matches_the_pairwise_definition(seed):
    rng = np.random.default_rng(100 + seed)
    units = [list(rng.normal(50, 10, size=rng.integers(1, 5))) for _ in range(15)]
    values = np.concatenate([np.asarray(u) for u in units])
    unit = np.repeat(np.arange(len(units)), [len(u) for u in units])
    assert interval_alpha(values, unit) == pytest.approx(interval_alpha_by_pairs(units), abs=1e-12)


def test_alpha_is_none_when_no_submission_has_two_judges():
    scores = one_criterion({"A": {"J1": 50}, "B": {"J2": 70}})
    assert agreement(scores, ONE).krippendorff_alpha is None


def test_alpha_is_none_when_all_scores_are_equal():
    scores = one_criterion({"A": {"J1": 50, "J2": 50}, "B": {"J1": 50, "J2": 50}})
    assert agreement(scores, ONE).krippendorff_alpha is None


def test_alpha_is_one_for_perfect_agreement():
    scores = one_criterion({"A": {"J1": 50, "J2": 50}, "B": {"J1": 70, "J2": 70}})
    assert agreement(scores, ONE).krippendorff_alpha == pytest.approx(1.0)


def test_leniency_is_mean_difference_from_other_judges_of_same_submission():
    # S1: J1 80, J2 60.  S2: J1 70, J2 70, J3 40.
    # J1: (80 - 60 + 70 - 55) / 2 = 17.5; J2: (-20 + 15) / 2 = -2.5; J3: 40 - 70 = -30.
    scores = one_criterion({"S1": {"J1": 80, "J2": 60}, "S2": {"J1": 70, "J2": 70, "J3": 40}})
    judges = agreement(scores, ONE).judges.set_index("judge_id")
    assert judges["leniency"].to_dict() == pytest.approx({"J1": 17.5, "J2": -2.5, "J3": -30})
    assert judges["n_scorecards"].to_dict() == {"J1": 2, "J2": 2, "J3": 1}


def test_judge_statistics_are_population_mean_and_std():
    scores = one_criterion({"S1": {"J1": 80}, "S2": {"J1": 60}, "S3": {"J1": 70}})
    judge = agreement(scores, ONE).judges.iloc[0]
    assert judge["mean"] == pytest.approx(70)
    assert judge["std"] == pytest.approx(math.sqrt(200 / 3))


def test_leniency_is_missing_for_a_judge_who_never_shares_a_submission():
    scores = one_criterion({"S1": {"J1": 80, "J2": 60}, "S2": {"J3": 70}})
    judges = agreement(scores, ONE).judges.set_index("judge_id")
    assert math.isnan(judges.loc["J3", "leniency"])
    assert judges.loc["J3", "n_compared"] == 0


def test_ranking_result_gives_the_same_agreement_without_revalidating():
    scores = one_criterion({"S1": {"J1": 80, "J2": 60}, "S2": {"J1": 70, "J2": 75, "J3": 40}})
    direct, via_result = agreement(scores, ONE), rank(scores, ONE).agreement()
    assert direct.krippendorff_alpha == via_result.krippendorff_alpha
    assert direct.judges.equals(via_result.judges)
