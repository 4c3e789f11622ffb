"""A round's ranking as the scoring module computes it from the counted scorecards."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import scoring
from judging.results.sheets.score_sheet import RoundSheet, round_sheet


@dataclass(frozen=True)
class RoundRanking:
    """The scoring module's result for a round, with the projects' names beside it.

    ``table`` is :attr:`scoring.RankingResult.table` (one row per project with counted
    cards) left-joined to the sheet's projects, so it also has ``title``,
    ``track_name_en``, ``track_name_zh`` and ``organization``; projects without any counted
    card are listed in ``unscored``.
    """

    sheet: RoundSheet
    policy: scoring.Policy
    result: scoring.RankingResult
    table: pd.DataFrame
    unscored: pd.DataFrame


def rank_sheet(sheet: RoundSheet, policy: scoring.Policy | None = None) -> RoundRanking:
    """Rank a loaded sheet with ``policy`` (default: the round's own); pure, no I/O."""
    chosen = policy or sheet.policy
    result = scoring.rank(sheet.scores, sheet.rubric, chosen)
    names = sheet.projects.drop(columns=["track"])
    table = result.table.merge(names, on="submission_id", how="left", validate="one_to_one")
    unscored = sheet.projects[~sheet.projects["submission_id"].isin(table["submission_id"])]
    return RoundRanking(
        sheet=sheet,
        policy=chosen,
        result=result,
        table=table,
        unscored=unscored.reset_index(drop=True),
    )


async def round_ranking(round_id: int, policy: scoring.Policy | None = None) -> RoundRanking:
    """Load the round's sheet and rank it."""
    return rank_sheet(await round_sheet(round_id), policy)
