"""Small builders shared by the scoring tests (imported as a plain module)."""

from __future__ import annotations

import pandas as pd

from scoring import Criterion, Rubric

#: One criterion scored 0-100 with weight 1: a judge score equals the score
#: (up to the rounding of ``s / 100 * 100``).
ONE = Rubric(criteria=[Criterion("q", 1.0, 0, 100)])

#: Two criteria of equal weight, for tie-breaker tests.
TWO = Rubric(
    criteria=[Criterion("a", 0.5, 0, 100), Criterion("b", 0.5, 0, 100)], tie_breakers=["a"]
)


def long_scores(cards: dict, tracks: dict | None = None) -> pd.DataFrame:
    """Long-form scores from ``{(submission, judge): {criterion: score}}``.

    ``tracks`` maps submission -> track and adds a ``track`` column.
    """
    rows = []
    for (submission, judge), card in cards.items():
        for criterion, score in card.items():
            row = {
                "submission_id": submission,
                "judge_id": judge,
                "criterion": criterion,
                "score": score,
            }
            if tracks is not None:
                row["track"] = tracks[submission]
            rows.append(row)
    columns = ["submission_id", "judge_id", "criterion", "score"]
    return pd.DataFrame(rows, columns=[*columns, "track"] if tracks is not None else columns)


def one_criterion(scores: dict, tracks: dict | None = None) -> pd.DataFrame:
    """Long-form scores for :data:`ONE` from ``{submission: {judge: score}}``."""
    cards = {(s, j): {"q": v} for s, by_judge in scores.items() for j, v in by_judge.items()}
    return long_scores(cards, tracks)


def by_submission(table: pd.DataFrame) -> pd.DataFrame:
    """The ranking table indexed by submission_id."""
    return table.set_index("submission_id")
