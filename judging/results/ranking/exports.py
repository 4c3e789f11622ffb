"""The organizers' workbench ranking as a file: every ranked project of the round, as the
page shows them a hundred at a time (the published files are in ``publication``)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from judging.results.ranking.board import DisplayRow
from judging.results.ranking.schemas import RankingBoard
from judging.submissions.exports import to_csv

COLUMNS = [
    "rank",
    "track_rank",
    "submission_id",
    "title",
    "track",
    "score",
    "judges",
    "flagged",
    "spread",
]


def ranking_csv_bytes(board: RankingBoard, rows: Sequence[DisplayRow]) -> bytes:
    """One line per ranked project in overall order; scores 0-100 as the page prints them,
    then one column per criterion (the mean of the judges' scores on it, scaled to 0-100)."""
    keys = [criterion.key for criterion in board.criteria]
    records = [
        {
            "rank": rank,
            "track_rank": track_rank,
            "submission_id": sid,
            "title": title,
            "track": track,
            "score": score,
            "judges": n_judges,
            "flagged": "yes" if flagged else "",
            "spread": spread,
            **dict(zip(keys, criteria, strict=True)),
        }
        for sid, rank, track_rank, title, track, score, n_judges, flagged, spread, criteria in rows
    ]
    return to_csv(pd.DataFrame.from_records(records, columns=COLUMNS + keys))
