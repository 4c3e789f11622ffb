"""The stable text form of rankings (what the CLI writes and auditors compare)."""

import math

import pandas as pd

from scoring import Policy, rank, ranking_to_csv
from scoring.export import format_float, round_float
from tests.scoring.scoring_helpers import ONE, one_criterion


def test_floats_are_rounded_to_ten_decimals_without_trailing_zeros():
    assert format_float(80.0) == "80"
    assert format_float(2 / 3) == "0.6666666667"
    assert format_float(70.00000000000001) == "70"
    assert format_float(12.5) == "12.5"


def test_negative_zero_and_tiny_negatives_are_written_as_zero():
    assert format_float(-0.0) == "0"
    assert format_float(-1e-12) == "0"


def test_missing_float_is_an_empty_cell():
    assert format_float(math.nan) == ""


def test_json_floats_are_rounded_and_missing_is_none():
    assert round_float(2 / 3) == 0.6666666667
    assert round_float(math.nan) is None
    assert math.copysign(1, round_float(-1e-13)) == 1


def test_ranking_csv_writes_booleans_as_true_false_and_missing_ranks_empty():
    scores = one_criterion({"A": {"J1": 50, "J2": 60, "J3": 70}, "B": {"J1": 90}})
    table = rank(scores, ONE, Policy(normalize="none")).table
    lines = ranking_to_csv(table).splitlines()
    assert lines[0] == "submission_id,track,score,rank,track_rank,n_judges,flagged,score_std,q"
    assert lines[1] == "A,,60,1,1,3,false,8.1649658093,60"
    assert lines[2] == "B,,90,,,1,true,0,90"


def test_ranking_csv_uses_unix_newlines_and_ends_with_one():
    table = pd.DataFrame({"submission_id": ["x"], "score": [1.0]})
    assert ranking_to_csv(table) == "submission_id,score\nx,1\n"
