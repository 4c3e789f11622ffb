"""The board of a round at one moment: computed from its inputs (pure), and loaded.

Before the organizer reveals totals a state holds only progress (scorecards in per project,
of those expected); afterwards it also holds ranks and totals. It never names judges and
never carries notes or comments; in blind rounds it shows titles only. Once the round is
published, its projects read as published.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec
import pandas as pd

import scoring
from judging import permissions
from judging.assignments.tables import Assignment
from judging.competitions.tables import Round
from judging.errors import NotFound
from judging.results.live.schemas import LiveProject, LiveRound, LiveState, TakingPart
from judging.results.publication.shown import Shown, latest_shown
from judging.results.sheets.round_ranking import round_ranking
from judging.reviews.tables import Scorecard, ScorecardStatus
from judging.submissions.participation import round_project_ids
from judging.submissions.tables import Submission

logger = logging.getLogger("judging.live")

# A card counts on the board once submitted (drafts and returned cards do not).
SUBMITTED_CARD = ScorecardStatus.SUBMITTED


# ---------------------------------------------------------------- the state (pure)


def _score(value: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return round(number, 2) if math.isfinite(number) else None


def build_state(
    round_values: LiveRound,
    projects: Sequence[TakingPart],
    assigned: Iterable[tuple[int, int]],
    submitted: Iterable[tuple[int, int]],
    ranking: pd.DataFrame | None,
) -> LiveState:
    """The board from its inputs; pure.

    ``round_values`` is the round with what the board needs of its competition; ``projects``
    are the projects taking part. ``assigned`` and
    ``submitted`` are (submission id, judge id) pairs of the round's assignments and submitted
    scorecards; a card counts when its judge is assigned to its project. ``ranking`` is the
    round's ranking table (``submission_id``, ``rank``, ``score``) when totals are revealed,
    else None: nothing of it reaches the state then.
    """
    revealed = round_values.reveal_totals
    blind = round_values.is_blind
    assignments = set(assigned)
    expected = Counter(submission for submission, _ in assignments)
    received = Counter(pair[0] for pair in set(submitted) if pair in assignments)
    ranked: dict[int, tuple[int | None, float | None]] = {}
    if revealed and ranking is not None:
        for row in ranking.itertuples(index=False):
            rank = None if pd.isna(row.rank) else int(row.rank)
            ranked[int(row.submission_id)] = (rank, _score(row.score))
    board = []
    for pitch, project in enumerate(sorted(projects, key=lambda row: row.id), start=1):
        rank, score = ranked.get(project.id, (None, None))
        board.append(
            LiveProject(
                submission_id=project.id,
                pitch=pitch,
                title=project.title,
                organization=None if blind else project.organization,
                track_key=project.track_key,
                track_name_en=project.track_name_en,
                track_name_zh=project.track_name_zh,
                cards_in=received[project.id],
                cards_expected=expected[project.id],
                rank=rank,
                score=score,
            )
        )
    if revealed:
        # Ranked first by rank, then scored ones best first, then the rest in pitch order.
        board.sort(
            key=lambda item: (
                item.rank is None,
                item.rank or 0,
                item.score is None,
                -(item.score or 0.0),
                item.pitch,
            )
        )
    return LiveState(
        round_id=round_values.id,
        competition_id=round_values.competition,
        round_name_en=round_values.name_en,
        round_name_zh=round_values.name_zh,
        competition_name_en=round_values.competition_name_en,
        competition_name_zh=round_values.competition_name_zh,
        public=permissions.board_is_public(
            board_public=round_values.leaderboard_public,
            competition_public=round_values.competition_is_public,
        ),
        revealed=revealed,
        cards_in=sum(item.cards_in for item in board),
        cards_expected=sum(item.cards_expected for item in board),
        projects=board,
    )


# ---------------------------------------------------------------- loading it


_ROUND_COLUMNS = (
    Round.id,
    Round.competition,
    Round.name_en,
    Round.name_zh,
    Round.is_blind,
    Round.leaderboard_public,
    Round.reveal_totals,
    Round.competition.name_en.as_alias("competition_name_en"),
    Round.competition.name_zh.as_alias("competition_name_zh"),
    Round.competition.is_public.as_alias("competition_is_public"),
)


async def live_round(round_id: int) -> LiveRound:
    """The round with what its board needs of the competition, else :class:`NotFound`."""
    row = await Round.select(*_ROUND_COLUMNS).where(Round.id == round_id).first()
    if row is None:
        raise NotFound()
    return msgspec.convert(row, LiveRound, strict=False)


async def _projects(competition_id: int, project_ids: list[int]) -> list[TakingPart]:
    taking_part = set(project_ids)
    rows = await Submission.select(
        Submission.id,
        Submission.title,
        Submission.organization,
        Submission.track.key.as_alias("track_key"),
        Submission.track.name_en.as_alias("track_name_en"),
        Submission.track.name_zh.as_alias("track_name_zh"),
    ).where(Submission.competition == competition_id)
    return [msgspec.convert(row, TakingPart) for row in rows if row["id"] in taking_part]


def as_published(projects: list[TakingPart], shown: Shown | None) -> list[TakingPart]:
    """Once the round is published the board is its record: a project in the latest version
    reads as published there (title, organization, track), not as edited since."""
    if shown is None:
        return projects
    board = []
    for row in projects:
        frozen = shown.projects.get(row.id)
        if frozen is None:
            board.append(row)
            continue
        track = shown.tracks.get(frozen["track_key"], {})
        board.append(
            msgspec.structs.replace(
                row,
                title=frozen["title"],
                organization=frozen["organization"],
                track_key=frozen["track_key"],
                track_name_en=track.get("name_en", row.track_name_en),
                track_name_zh=track.get("name_zh", row.track_name_zh),
            )
        )
    return board


async def _ranking_table(round_id: int) -> pd.DataFrame | None:
    try:
        return (await round_ranking(round_id)).table
    except scoring.ScoringInputError:
        # An unfinished rubric cannot rank; the board then shows progress only.
        logger.warning("Round %s cannot be ranked for its live leaderboard", round_id)
        return None


async def round_state(round_id: int) -> LiveState:
    """The live board of the round as it is now (:class:`NotFound` for an unknown round)."""
    values = await live_round(round_id)
    projects = as_published(
        await _projects(values.competition, await round_project_ids(round_id)),
        await latest_shown(round_id),
    )
    assigned = await Assignment.select(Assignment.submission, Assignment.judge).where(
        Assignment.round == round_id
    )
    submitted = await Scorecard.select(Scorecard.submission, Scorecard.judge).where(
        (Scorecard.round == round_id) & (Scorecard.status == SUBMITTED_CARD)
    )
    ranking = await _ranking_table(round_id) if values.reveal_totals else None
    return build_state(
        values,
        projects,
        ((row["submission"], row["judge"]) for row in assigned),
        ((row["submission"], row["judge"]) for row in submitted),
        ranking,
    )
