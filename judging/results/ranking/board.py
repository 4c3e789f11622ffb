"""A round's ranking as the organizers see it, and another policy's ranking beside it.

Pure: everything here is computed from a :class:`RoundRanking` (the scoring module's result
on a loaded sheet) and the round's criteria and tracks; nothing reads the database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import msgspec
import numpy as np
import pandas as pd

import scoring
from judging.competitions.rubric import FULL_WEIGHT_BP
from judging.results.ranking.schemas import (
    CriterionOut,
    PolicyComparison,
    PolicyOut,
    PolicyQuery,
    RankedProject,
    RankingBoard,
    RankMove,
    TrackOut,
    UnscoredProject,
)
from judging.results.sheets.round_ranking import RoundRanking

# Shown digits of scores on the pages (the API gives full precision).
SCORE_DIGITS = 2


def policy_out(policy: scoring.Policy) -> PolicyOut:
    return PolicyOut(
        normalize=policy.normalize,
        aggregate=policy.aggregate,
        trim=policy.trim,
        min_judges=policy.min_judges,
        disagreement=policy.disagreement,
    )


def preview_policy(current: scoring.Policy, query: PolicyQuery) -> scoring.Policy:
    """The round's policy with the fields the query gives replaced."""
    changes = {
        name: getattr(query, name)
        for name in query.__struct_fields__
        if getattr(query, name) is not None
    }
    return scoring.Policy(
        **{
            name: changes.get(name, getattr(current, name))
            for name in PolicyQuery.__struct_fields__
        }
    )


def _plain(values: pd.Series | np.ndarray) -> list[Any]:
    """Python ints/floats with None for missing values (NaN, pd.NA)."""
    series = pd.Series(values)
    return series.astype(object).where(series.notna(), None).tolist()


def criteria_out(rows: Iterable[Mapping[str, Any]]) -> list[CriterionOut]:
    return [
        CriterionOut(
            key=row["key"],
            label_en=row["label_en"],
            label_zh=row["label_zh"],
            weight_percent=row["weight_bp"] * 100 / FULL_WEIGHT_BP,
            scale_min=row["scale_min"],
            scale_max=row["scale_max"],
            tie_break_rank=row.get("tie_break_rank"),
        )
        for row in rows
    ]


def tie_breaker_rubric(criteria: Iterable[CriterionOut]) -> dict[str, Any]:
    """The board's criteria as the rubric document :func:`tie_breaker_names` reads."""
    ranked = sorted(
        (criterion for criterion in criteria if criterion.tie_break_rank is not None),
        key=lambda criterion: criterion.tie_break_rank or 0,
    )
    return {
        "criteria": [
            {"key": c.key, "label_en": c.label_en, "label_zh": c.label_zh} for c in criteria
        ],
        "tie_breakers": [criterion.key for criterion in ranked],
    }


def ranked_projects(ranking: RoundRanking) -> list[RankedProject]:
    """One row per project with counted cards, in the scoring module's (overall) order."""
    table = ranking.table
    keys = list(ranking.sheet.rubric.keys)
    means = table[keys].to_numpy(dtype=float) if keys else np.empty((len(table), 0))
    criteria = [[None if math.isnan(value) else value for value in row] for row in means.tolist()]
    columns = zip(
        _plain(table["submission_id"]),
        table["title"].fillna("").tolist(),
        _plain(table["track"]) if "track" in table else [""] * len(table),
        _plain(table["score"]),
        _plain(table["rank"]),
        _plain(table["track_rank"]),
        table["n_judges"].tolist(),
        table["flagged"].tolist(),
        _plain(table["score_std"]),
        criteria,
        strict=True,
    )
    return [
        RankedProject(
            submission_id=submission_id,
            title=title,
            track=track or "",
            score=score,
            rank=rank,
            track_rank=track_rank,
            n_judges=int(n_judges),
            flagged=bool(flagged),
            score_std=score_std,
            criteria=means_row,
        )
        for (
            submission_id,
            title,
            track,
            score,
            rank,
            track_rank,
            n_judges,
            flagged,
            score_std,
            means_row,
        ) in columns
    ]


def ranking_board(
    ranking: RoundRanking,
    competition_id: int,
    criteria_rows: Sequence[Mapping[str, Any]],
    track_rows: Sequence[Mapping[str, Any]],
) -> RankingBoard:
    """The board of a ranking: every project (overall order), the tracks taking part in the
    competition's track order, and the projects without a counted card."""
    projects = ranked_projects(ranking)
    per_track = ranking.sheet.projects["track"].value_counts().to_dict()
    ranked_per_track = (
        ranking.table.loc[ranking.table["rank"].notna(), "track"].value_counts().to_dict()
        if "track" in ranking.table
        else {}
    )
    tracks = [
        TrackOut(
            key=row["key"],
            name_en=row["name_en"],
            name_zh=row["name_zh"],
            projects=int(per_track.get(row["key"], 0)),
            ranked=int(ranked_per_track.get(row["key"], 0)),
        )
        for row in track_rows
        if row["key"] in per_track
    ]
    unscored = [
        UnscoredProject(submission_id=int(row.submission_id), title=row.title, track=row.track)
        for row in ranking.unscored.itertuples(index=False)
    ]
    return RankingBoard(
        competition_id=competition_id,
        round_id=ranking.sheet.round_id,
        policy=policy_out(ranking.policy),
        criteria=criteria_out(criteria_rows),
        tracks=tracks,
        projects=projects,
        unscored=unscored,
        counted_cards=len(ranking.result.scorecards),
        flagged=sum(project.flagged for project in projects),
    )


def _change(before: int | None, after: int | None) -> int | None:
    return None if before is None or after is None else before - after


def _move_order(move: RankMove) -> tuple[Any, ...]:
    # Projects entering or leaving the ranking first, then the biggest moves.
    entering = (move.current_rank is None) != (move.preview_rank is None)
    return (
        not entering,
        -abs(move.rank_change or 0),
        -abs(move.track_rank_change or 0),
        move.preview_rank if move.preview_rank is not None else float("inf"),
        move.submission_id,
    )


def compare_rankings(current: RankingBoard, preview: RankingBoard) -> PolicyComparison:
    """The projects whose rank or track rank differs between two boards of the same sheet
    (the round's policy and another), with the change in positions and in score, biggest
    moves first."""
    before = {project.submission_id: project for project in current.projects}
    moves = []
    moved = moved_in_track = 0
    for after in preview.projects:
        was = before[after.submission_id]
        if was.rank != after.rank:
            moved += 1
        if was.track_rank != after.track_rank:
            moved_in_track += 1
        if was.rank == after.rank and was.track_rank == after.track_rank:
            continue
        score_change = None if was.score is None or after.score is None else after.score - was.score
        moves.append(
            RankMove(
                submission_id=after.submission_id,
                title=after.title,
                track=after.track,
                current_rank=was.rank,
                preview_rank=after.rank,
                rank_change=_change(was.rank, after.rank),
                current_track_rank=was.track_rank,
                preview_track_rank=after.track_rank,
                track_rank_change=_change(was.track_rank, after.track_rank),
                current_score=was.score,
                preview_score=after.score,
                score_change=score_change,
            )
        )
    moves.sort(key=_move_order)
    return PolicyComparison(
        policy=preview.policy,
        preview=preview,
        moves=moves,
        moved=moved,
        moved_in_track=moved_in_track,
    )


# ---------------------------------------------------------------- display


def score_text(value: float | None) -> str:
    return "" if value is None else f"{value:.{SCORE_DIGITS}f}"


def signed_text(value: float | None, digits: int = SCORE_DIGITS) -> str:
    """``+3.20``, ``−1.05`` (a real minus sign), ``0.00``; empty for None."""
    if value is None:
        return ""
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


# One row of the ranking page: (submission_id, rank, track rank, title, track key, score,
# judges, flagged, spread, criterion means), every number formatted; the page escapes the texts.
DisplayRow = tuple[int, str, str, str, str, str, int, bool, str, list[str]]


def _score_texts(values: Iterable[float | None]) -> list[str]:
    # Inline rather than score_text per cell: a board has tens of thousands of scores.
    return ["" if value is None else f"{value:.{SCORE_DIGITS}f}" for value in values]


def display_rows(board: RankingBoard) -> list[DisplayRow]:
    """The board's rows as the ranking page shows them, in overall order, formatted once (and
    stored with the board), so that a page of ten thousand projects renders without
    formatting each cell again."""
    projects = board.projects
    scores = _score_texts(project.score for project in projects)
    spreads = _score_texts(project.score_std for project in projects)
    columns = [
        _score_texts(project.criteria[index] for project in projects)
        for index in range(len(board.criteria))
    ]
    means = [list(row) for row in zip(*columns, strict=True)] if columns else [[]] * len(projects)
    return [
        (
            project.submission_id,
            _rank_text(project.rank),
            _rank_text(project.track_rank),
            project.title,
            project.track,
            score,
            project.n_judges,
            project.flagged,
            spread,
            criteria,
        )
        for project, score, spread, criteria in zip(projects, scores, spreads, means, strict=True)
    ]


def track_rows(rows: Sequence[DisplayRow], track: str | None) -> Sequence[DisplayRow]:
    """The rows of one track (all rows for None), in track-rank order: overall order is
    track-rank order within each track, as both rank by the same keys."""
    if track is None:
        return rows
    return [row for row in rows if row[4] == track]


RANKING_PAGE_SIZE = 100


class RankingPage(msgspec.Struct, frozen=True):
    """One page of a ranking view (a track or all, perhaps searched) and where it sits."""

    rows: list[DisplayRow]
    total: int
    page: int
    pages: int
    first: int
    """The position of the page's first row in the view (1-based; 0 when the view is empty)."""

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def ranking_page_of(
    rows: Sequence[DisplayRow],
    track: str | None,
    search: str,
    page: int,
    size: int = RANKING_PAGE_SIZE,
) -> RankingPage:
    """The ``page`` of the view: the track's rows (all for None) whose title contains
    ``search`` (any case), ``size`` at a time; a page beyond the last shows the last."""
    chosen = track_rows(rows, track)
    needle = search.strip().casefold()
    if needle:
        chosen = [row for row in chosen if needle in row[3].casefold()]
    pages = max(1, -(-len(chosen) // size))
    page = min(max(page, 1), pages)
    start = (page - 1) * size
    return RankingPage(
        rows=list(chosen[start : start + size]),
        total=len(chosen),
        page=page,
        pages=pages,
        first=start + 1 if chosen else 0,
    )


def localized_name(locale: str, row: Any) -> str:
    """A track's or round's name in ``locale`` (Chinese or English), else in the other."""
    first, second = (row.name_zh, row.name_en) if locale == "zh_CN" else (row.name_en, row.name_zh)
    return first or second


def track_names(locale: str, rows: Iterable[TrackOut]) -> dict[str, str]:
    """Track key -> the track's name in ``locale``."""
    return {row.key: localized_name(locale, row) or row.key for row in rows}


def _rank_text(value: int | None) -> str:
    return "" if value is None else str(value)


def _positions_text(value: int | None) -> str:
    return "" if value is None else signed_text(value, digits=0)


def display_moves(
    moves: Sequence[RankMove], track_names: Mapping[str, str], limit: int | None = None
) -> list[tuple[Any, ...]]:
    """The first ``limit`` moves as the page shows them: ``(submission_id, title, track name,
    current rank, preview rank, rank change, current track rank, preview track rank, track
    rank change, current score, preview score, score change)``, numbers formatted as text."""
    shown = moves if limit is None else moves[:limit]
    return [
        (
            move.submission_id,
            move.title,
            track_names.get(move.track, move.track),
            _rank_text(move.current_rank),
            _rank_text(move.preview_rank),
            _positions_text(move.rank_change),
            _rank_text(move.current_track_rank),
            _rank_text(move.preview_track_rank),
            _positions_text(move.track_rank_change),
            score_text(move.current_score),
            score_text(move.preview_score),
            signed_text(move.score_change),
        )
        for move in shown
    ]
