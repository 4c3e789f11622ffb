"""The worked example of docs/scoring.md, end to end (a golden test of the text form)."""

import pandas as pd
import pytest

from scoring import Policy, Rubric, advance, agreement, rank, ranking_to_csv

RUBRIC = Rubric.from_json(
    """{"criteria": [
        {"key": "innovation",   "weight": 0.5, "min": 0, "max": 10, "label": "Innovation"},
        {"key": "feasibility",  "weight": 0.3, "min": 0, "max": 10},
        {"key": "presentation", "weight": 0.2, "min": 1, "max": 5}],
       "tie_breakers": ["innovation", "feasibility"]}"""
)
SHEET = {
    "S1": ("hardware", {"A": (8, 7, 4), "B": (9, 8, 5), "C": (7, 6, 4)}),
    "S2": ("hardware", {"A": (6, 6, 3), "B": (8, 7, 4), "C": (5, 5, 3)}),
    "S3": ("software", {"A": (7, 8, 4), "B": (7, 9, 4), "C": (6, 7, 5), "D": (10, 10, 5)}),
    "S4": ("software", {"A": (5, 4, 2), "B": (6, 5, 3), "C": (4, 4, 2), "D": (9, 9, None)}),
}
PUBLISHED = """\
submission_id,track,score,rank,track_rank,n_judges,flagged,score_std,innovation,feasibility,presentation
S1,hardware,84.6770870566,1,1,3,false,2.6744795979,80,70,83.3333333333
S3,software,84.5497376325,2,1,4,false,10.358703769,75,85,87.5
S2,hardware,63.3557714663,3,2,3,false,4.560195838,63.3333333333,60,58.3333333333
S4,software,41.1828759158,4,2,3,false,1.1609110165,50,43.3333333333,33.3333333333
"""


def _scores():
    rows = [
        (sub, judge, key, str(value), track)
        for sub, (track, cards) in SHEET.items()
        for judge, values in cards.items()
        for key, value in zip(RUBRIC.keys, values, strict=True)
        if value is not None
    ]
    return pd.DataFrame(rows, columns=["submission_id", "judge_id", "criterion", "score", "track"])


def test_worked_example_reproduces_the_published_ranking():
    assert ranking_to_csv(rank(_scores(), RUBRIC).table) == PUBLISHED


def test_worked_example_normalizes_judge_a_as_documented():
    cards = rank(_scores(), RUBRIC).scorecards.set_index(["submission_id", "judge_id"])
    assert cards.loc[("S1", "A"), "judge_score"] == 76
    assert cards.loc[("S1", "A"), "normalized_score"] == pytest.approx(84.26, abs=0.005)
    assert cards.loc[("S3", "D"), "normalized_score"] == 100


def test_worked_example_without_normalization_lets_s3_win():
    table = rank(_scores(), RUBRIC, Policy(normalize="none")).table
    assert table["submission_id"].tolist()[:2] == ["S3", "S1"]


def test_worked_example_agreement_matches_the_documented_figures():
    report = agreement(_scores(), RUBRIC)
    assert report.krippendorff_alpha == pytest.approx(0.5717, abs=5e-5)
    assert report.judges.set_index("judge_id")["leniency"]["D"] == pytest.approx(26.0)


def test_worked_example_advances_the_best_of_each_track():
    advancing = advance(rank(_scores(), RUBRIC).table, top_n=1).advancing
    assert advancing["submission_id"].tolist() == ["S1", "S3"]
