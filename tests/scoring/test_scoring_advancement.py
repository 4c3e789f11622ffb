"""Rule 7: advancement per track, with ties at the cut reported."""

import pandas as pd
import pytest

from scoring import Policy, ScoringInputError, advance, rank
from tests.scoring.scoring_helpers import ONE, one_criterion


def _table(ranks, track="X"):
    return pd.DataFrame(
        {
            "submission_id": [f"S{i}" for i in range(len(ranks))],
            "track": [track] * len(ranks),
            "track_rank": pd.array(ranks, dtype="Int64"),
        }
    )


def _status(result):
    return dict(zip(result.table["submission_id"], result.table["status"], strict=True))


def test_top_n_advances_the_n_best():
    result = advance(_table([1, 2, 3, 4]), top_n=2)
    assert _status(result) == {
        "S0": "advances",
        "S1": "advances",
        "S2": "eliminated",
        "S3": "eliminated",
    }


def test_tie_at_the_cut_is_reported_not_broken():
    result = advance(_table([1, 2, 2, 4]), top_n=2)
    assert _status(result) == {
        "S0": "advances",
        "S1": "tied_at_cut",
        "S2": "tied_at_cut",
        "S3": "eliminated",
    }
    summary = result.tracks.iloc[0]
    assert (summary["n_advancing"], summary["n_tied"], summary["open_slots"]) == (1, 2, 1)


def test_tie_that_fits_inside_the_cut_advances():
    result = advance(_table([1, 2, 2, 4]), top_n=3)
    assert list(result.advancing["submission_id"]) == ["S0", "S1", "S2"]
    assert result.tied.empty


def test_top_percent_rounds_places_up():
    result = advance(_table([1, 2, 3, 4, 5]), top_percent=50)  # ceil(2.5) = 3
    assert result.tracks.iloc[0]["slots"] == 3
    assert len(result.advancing) == 3


def test_advancement_is_decided_per_track():
    table = pd.concat([_table([1, 2]), _table([1, 2], track="Y")], ignore_index=True)
    table["submission_id"] = ["X1", "X2", "Y1", "Y2"]
    result = advance(table, top_n=1)
    assert list(result.advancing["submission_id"]) == ["X1", "Y1"]
    assert result.tracks["track"].tolist() == ["X", "Y"]


def test_unranked_submissions_do_not_advance():
    result = advance(_table([1, None]), top_n=5)
    assert _status(result) == {"S0": "advances", "S1": "unranked"}
    assert result.tracks.iloc[0]["n_ranked"] == 1


def test_advance_needs_exactly_one_cut():
    with pytest.raises(ScoringInputError, match="exactly one"):
        advance(_table([1]), top_n=1, top_percent=10)


def test_advance_rejects_a_percentage_outside_0_to_100():
    with pytest.raises(ScoringInputError, match="top_percent"):
        advance(_table([1]), top_percent=120)


def test_advance_accepts_a_ranking_result():
    scores = one_criterion({s: {"J1": v, "J2": v, "J3": v} for s, v in [("A", 90), ("B", 80)]})
    result = advance(rank(scores, ONE, Policy(normalize="none")), top_n=1)
    assert list(result.advancing["submission_id"]) == ["A"]
