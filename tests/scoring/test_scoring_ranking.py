"""Rule 5: ranking, ties, tie-breakers, tracks and output order."""

import pandas as pd

from scoring import Policy, rank
from scoring.ranking import SCORECARD_COLUMNS, TABLE_COLUMNS
from tests.scoring.scoring_helpers import ONE, TWO, by_submission, long_scores, one_criterion

RAW = Policy(normalize="none", min_judges=3)


def _panel(score_by_submission, tracks=None):
    """Three judges giving each submission the same score."""
    scores = {s: {"J1": v, "J2": v, "J3": v} for s, v in score_by_submission.items()}
    return one_criterion(scores, tracks)


def _ranks(table, column="rank"):
    return by_submission(table)[column].to_dict()


def test_higher_score_ranks_first():
    table = rank(_panel({"A": 50, "B": 90, "C": 70}), ONE, RAW).table
    assert _ranks(table) == {"B": 1, "C": 2, "A": 3}


def test_equal_scores_share_a_rank_and_skip_the_next():
    table = rank(_panel({"A": 90, "B": 80, "C": 80, "D": 70}), ONE, RAW).table
    assert _ranks(table) == {"A": 1, "B": 2, "C": 2, "D": 4}


def test_scores_within_1e9_are_equal():
    table = rank(_panel({"A": 80.0, "B": 80.0 + 5e-10}), ONE, RAW).table
    assert _ranks(table) == {"A": 1, "B": 1}


def test_scores_further_apart_than_1e9_are_not_equal():
    table = rank(_panel({"A": 80.0, "B": 80.0 + 1e-7}), ONE, RAW).table
    assert _ranks(table) == {"B": 1, "A": 2}


def test_tie_breaker_orders_equal_scores_by_criterion_mean():
    cards = {}
    for judge in ("J1", "J2", "J3"):
        cards[("A", judge)] = {"a": 70, "b": 90}  # 80 overall
        cards[("B", judge)] = {"a": 90, "b": 70}  # 80 overall, better on "a"
        cards[("C", judge)] = {"a": 95, "b": 95}
    table = rank(long_scores(cards), TWO, RAW).table
    assert _ranks(table) == {"C": 1, "B": 2, "A": 3}


def test_without_tie_breakers_equal_scores_stay_tied():
    cards = {}
    for judge in ("J1", "J2", "J3"):
        cards[("A", judge)] = {"a": 70, "b": 90}
        cards[("B", judge)] = {"a": 90, "b": 70}
    rubric = type(TWO)(criteria=TWO.criteria, tie_breakers=[])
    assert _ranks(rank(long_scores(cards), rubric, RAW).table) == {"A": 1, "B": 1}


def test_submission_with_too_few_judges_gets_a_score_but_no_rank():
    scores = one_criterion({"A": {"J1": 50, "J2": 50, "J3": 50}, "B": {"J1": 90, "J2": 90}})
    table = by_submission(rank(scores, ONE, RAW).table)
    assert table.loc["B", "score"] == 90
    assert pd.isna(table.loc["B", "rank"])
    assert pd.isna(table.loc["B", "track_rank"])
    assert table.loc["A", "rank"] == 1


def test_ranks_are_nullable_integers():
    table = rank(_panel({"A": 50}), ONE, RAW).table
    assert str(table["rank"].dtype) == "Int64"
    assert str(table["track_rank"].dtype) == "Int64"


def test_track_rank_ranks_within_each_track():
    tracks = {"A": "X", "B": "Y", "C": "X", "D": "Y"}
    table = rank(_panel({"A": 90, "B": 80, "C": 70, "D": 60}, tracks), ONE, RAW).table
    assert _ranks(table) == {"A": 1, "B": 2, "C": 3, "D": 4}
    assert _ranks(table, "track_rank") == {"A": 1, "B": 1, "C": 2, "D": 2}


def test_missing_track_is_a_group_of_its_own():
    tracks = {"A": "X", "B": None, "C": None}
    table = rank(_panel({"A": 90, "B": 80, "C": 70}, tracks), ONE, RAW).table
    assert _ranks(table, "track_rank") == {"A": 1, "B": 1, "C": 2}


def test_without_track_column_track_is_missing_and_track_rank_equals_rank():
    table = rank(_panel({"A": 90, "B": 80}), ONE, RAW).table
    assert table["track"].isna().all()
    assert table["track_rank"].tolist() == table["rank"].tolist()


def test_table_is_ordered_by_rank_then_submission_id():
    scores = one_criterion(
        {
            "D": {"J1": 80, "J2": 80, "J3": 80},
            "C": {"J1": 80, "J2": 80, "J3": 80},
            "B": {"J1": 99, "J2": 99},
            "A": {"J1": 90, "J2": 90, "J3": 90},
            "E": {"J1": 10},
        }
    )
    table = rank(scores, ONE, RAW).table
    assert table["submission_id"].tolist() == ["A", "C", "D", "B", "E"]


def test_table_has_the_documented_columns():
    table = rank(long_scores({("A", "J1"): {"a": 1, "b": 2}}), TWO, RAW).table
    assert list(table.columns) == [
        "submission_id",
        "track",
        "score",
        "rank",
        "track_rank",
        "n_judges",
        "flagged",
        "score_std",
        "a",
        "b",
    ]
    assert tuple(table.columns[:-2]) == TABLE_COLUMNS


def test_scorecards_table_has_the_documented_columns():
    cards = rank(long_scores({("A", "J1"): {"a": 1, "b": 2}}), TWO, RAW).scorecards
    assert list(cards.columns) == [*SCORECARD_COLUMNS, "a", "b"]
