"""Rule 1 (scorecards and judge scores) and validation of the long-form input."""

from decimal import Decimal

import pandas as pd
import pytest

from scoring import Criterion, Policy, Rubric, ScoringInputError, rank, scorecard_total
from tests.scoring.scoring_helpers import long_scores

RUBRIC = Rubric(
    criteria=[Criterion("idea", 0.6, 0, 10), Criterion("team", 0.4, 1, 5)],
    tie_breakers=["idea"],
)
LOOSE = Policy(normalize="none", min_judges=1)


def test_judge_score_is_weighted_scaled_sum():
    # 0.6 * (7 - 0) / 10 * 100 + 0.4 * (4 - 1) / 4 * 100 = 42 + 30
    scores = long_scores({("S1", "J1"): {"idea": 7, "team": 4}})
    card = rank(scores, RUBRIC, LOOSE).scorecards.iloc[0]
    assert card["judge_score"] == pytest.approx(72.0)
    assert card["idea"] == pytest.approx(70.0)
    assert card["team"] == pytest.approx(75.0)


def test_scorecard_total_equals_judge_score_exactly():
    cards = {("S1", f"J{i}"): {"idea": i * 0.7 % 10, "team": 1 + i * 0.37 % 4} for i in range(30)}
    result = rank(long_scores(cards), RUBRIC, LOOSE)
    for row in result.scorecards.itertuples():
        total = scorecard_total(RUBRIC, cards[(row.submission_id, row.judge_id)])
        assert total == row.judge_score


def test_scorecard_total_rejects_a_missing_criterion():
    with pytest.raises(ScoringInputError, match="no score for criterion 'team'"):
        scorecard_total(RUBRIC, {"idea": 5})


def test_scorecard_total_rejects_a_score_out_of_range():
    with pytest.raises(ScoringInputError, match="outside"):
        scorecard_total(RUBRIC, {"idea": 5, "team": 0})


def test_incomplete_scorecard_is_reported_with_missing_criteria():
    scores = long_scores({("S1", "J1"): {"idea": 7, "team": 4}, ("S1", "J2"): {"idea": 9}})
    result = rank(scores, RUBRIC, LOOSE)
    assert result.incomplete.to_dict("records") == [
        {"submission_id": "S1", "judge_id": "J2", "track": None, "missing_criteria": ("team",)}
    ]


def test_incomplete_scorecard_is_left_out_of_everything():
    scores = long_scores({("S1", "J1"): {"idea": 7, "team": 4}, ("S1", "J2"): {"idea": 0}})
    result = rank(scores, RUBRIC, LOOSE)
    assert list(result.scorecards["judge_id"]) == ["J1"]
    row = result.table.iloc[0]
    assert row["n_judges"] == 1
    assert row["score"] == pytest.approx(72.0)
    assert row["idea"] == pytest.approx(70.0)


def test_submission_with_only_incomplete_scorecards_is_listed_without_score():
    scores = long_scores({("S1", "J1"): {"idea": 7, "team": 4}, ("S2", "J1"): {"idea": 3}})
    table = rank(scores, RUBRIC, LOOSE).table.set_index("submission_id")
    assert table.loc["S2", "n_judges"] == 0
    assert pd.isna(table.loc["S2", "score"])
    assert pd.isna(table.loc["S2", "rank"])


def test_integer_identifiers_are_kept_as_integers():
    scores = long_scores({(10, 2): {"idea": 7, "team": 4}, (9, 2): {"idea": 5, "team": 4}})
    result = rank(scores, RUBRIC, LOOSE)
    assert list(result.table["submission_id"]) == [10, 9]
    assert result.scorecards["judge_id"].tolist() == [2, 2]


def test_fully_blank_rows_are_ignored():
    scores = long_scores({("S1", "J1"): {"idea": 7, "team": 4}})
    blank = pd.DataFrame([{c: None for c in scores.columns}])
    result = rank(pd.concat([scores, blank], ignore_index=True), RUBRIC, LOOSE)
    assert list(result.table["submission_id"]) == ["S1"]


def _bad(rows: list[dict]) -> ScoringInputError:
    frame = pd.DataFrame(rows, columns=["submission_id", "judge_id", "criterion", "score"])
    with pytest.raises(ScoringInputError) as info:
        rank(frame, RUBRIC)
    return info.value


GOOD = {"submission_id": "S1", "judge_id": "J1", "criterion": "idea", "score": 5}


def test_unknown_criterion_names_the_row():
    error = _bad([GOOD, {**GOOD, "criterion": "looks"}])
    assert (error.row, error.message) == (3, "unknown criterion 'looks'")


def test_score_outside_range_names_the_row():
    error = _bad([GOOD, GOOD | {"criterion": "team", "score": 6}])
    assert error.row == 3
    assert error.message == "score 6 for criterion 'team' is outside [1, 5]"


def test_score_that_is_not_a_number_names_the_row():
    error = _bad([GOOD, GOOD | {"criterion": "team", "score": "four"}])
    assert (error.row, error.message) == (3, "score 'four' is not a number")


def test_missing_score_names_the_row():
    error = _bad([GOOD | {"score": None}])
    assert (error.row, error.message) == (2, "empty score")


def test_duplicate_row_names_both_rows():
    error = _bad([GOOD, GOOD | {"criterion": "team"}, GOOD | {"score": 6}])
    assert error.row == 4
    assert "duplicate score for submission 'S1', judge 'J1', criterion 'idea'" in error.message
    assert "first given on line 2" in error.message


def test_earliest_bad_row_is_reported():
    error = _bad([GOOD, GOOD | {"score": 11}, GOOD | {"criterion": "x"}])
    assert error.row == 3


def test_missing_column_is_reported_on_the_header_line():
    frame = pd.DataFrame([GOOD]).drop(columns="judge_id")
    with pytest.raises(ScoringInputError, match="missing column 'judge_id'") as info:
        rank(frame, RUBRIC)
    assert info.value.row == 1


def test_empty_identifier_is_rejected():
    error = _bad([GOOD, GOOD | {"judge_id": ""}])
    assert (error.row, error.message) == (3, "empty judge_id")


def test_submission_in_two_tracks_is_rejected():
    frame = long_scores(
        {("S1", "J1"): {"idea": 1, "team": 2}},
        tracks={"S1": "A"},
    )
    frame.loc[1, "track"] = "B"
    with pytest.raises(ScoringInputError, match="in track 'B' here but in track 'A' on line 2"):
        rank(frame, RUBRIC)


def test_scores_must_be_a_dataframe():
    with pytest.raises(ScoringInputError, match="DataFrame"):
        rank([GOOD], RUBRIC)


def test_decimal_scores_are_accepted():
    frame = pd.DataFrame([GOOD | {"score": Decimal("7.5")}, GOOD | {"criterion": "team"}])
    card = rank(frame, RUBRIC, LOOSE).scorecards.iloc[0]
    assert card["idea"] == pytest.approx(75.0)
    assert scorecard_total(RUBRIC, {"idea": Decimal("7.5"), "team": 5}) == card["judge_score"]


def test_missing_value_in_nullable_integer_ids_is_an_empty_identifier():
    frame = pd.DataFrame([GOOD, GOOD | {"criterion": "team"}])
    frame["judge_id"] = pd.array([1, None], dtype="Int64")
    with pytest.raises(ScoringInputError, match="empty judge_id") as info:
        rank(frame, RUBRIC)
    assert info.value.row == 3


def test_each_incomplete_scorecard_lists_its_own_missing_criteria():
    three = Rubric(
        [Criterion("x", 0.2, 0, 1), Criterion("y", 0.3, 0, 1), Criterion("z", 0.5, 0, 1)]
    )
    scores = long_scores(
        {
            ("S2", "J1"): {"y": 1},
            ("S1", "J1"): {"x": 1, "y": 1, "z": 0},
            ("S1", "J2"): {"z": 1, "x": 0},
            ("S3", "J3"): {"x": 1},
        }
    )
    incomplete = rank(scores, three, LOOSE).incomplete
    assert incomplete[["submission_id", "judge_id", "missing_criteria"]].values.tolist() == [
        ["S1", "J2", ("y",)],
        ["S2", "J1", ("x", "z")],
        ["S3", "J3", ("y", "z")],
    ]


def test_categorical_columns_are_validated_like_text():
    frame = long_scores(
        {("S1", "J1"): {"idea": 1, "team": 2}, ("S2", "J1"): {"idea": 3, "team": 4}},
        tracks={"S1": "A", "S2": ""},
    )
    frame["criterion"] = frame["criterion"].astype("category")
    frame["track"] = frame["track"].astype("category")
    table = rank(frame, RUBRIC, LOOSE).table.set_index("submission_id")
    assert table.loc["S1", "track"] == "A"
    assert table["track"].isna().sum() == 1  # the blank category is no track
    frame.loc[3, "track"] = "A"
    with pytest.raises(ScoringInputError, match="is in track 'A' here but in no track on line 4"):
        rank(frame, RUBRIC)
