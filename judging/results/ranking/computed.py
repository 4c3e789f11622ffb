"""A round's computed results, kept in a shared store until anything they come from changes.

Ranking a round of ten thousand projects means loading fifty thousand cards; the organizers'
pages (ranking, project breakdown, calibration, advancement) all need that computation, and
organizers reload them while they moderate. So the result is stored (one entry per round, in
the ``rankings`` store shared by every app process) with a *fingerprint*: the hash of every
row the computation reads (:class:`~judging.results.sheets.score_sheet.SheetInputs`: the
round and its policy, its rubric, the competition's tracks and projects with their status,
the rounds' order, the advancements into the round, and the counted cards with their
scores). The fingerprint is taken of the rows themselves, not of version counters that each
write would have to remember to bump, so any change (a card excluded by a new conflict, a
project disqualified, a card sent back) gives a new fingerprint and the next page computes
afresh.
What is stored saves the ranking itself: decoding scores, normalizing, aggregating and
building the board. A stored result is never served for other inputs.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import msgspec
import numpy as np
from litestar.stores.base import Store

from judging.competitions.tables import Round
from judging.database import reading
from judging.results.ranking.board import DisplayRow, display_rows, ranking_board
from judging.results.ranking.calibration import round_calibration_numbers
from judging.results.ranking.schemas import Calibration, RankingBoard
from judging.results.sheets.round_ranking import RoundRanking, rank_sheet
from judging.results.sheets.score_sheet import SheetInputs, build_sheet, sheet_inputs

logger = logging.getLogger("judging.results")

STORE_NAME = "rankings"
# A round's entry is replaced as soon as its inputs change; this only bounds forgotten ones.
EXPIRES_SECONDS = 7 * 24 * 3600


class CardScores(msgspec.Struct, kw_only=True):
    """Each counted card's raw and normalized score, as little-endian arrays (by project)."""

    submission_ids: bytes
    judge_ids: bytes
    judge_scores: bytes
    normalized: bytes

    @classmethod
    def of(cls, ranking: RoundRanking) -> CardScores:
        cards = ranking.result.scorecards
        return cls(
            submission_ids=cards["submission_id"].to_numpy(dtype="<i8").tobytes(),
            judge_ids=cards["judge_id"].to_numpy(dtype="<i8").tobytes(),
            judge_scores=cards["judge_score"].to_numpy(dtype="<f8").tobytes(),
            normalized=cards["normalized_score"].to_numpy(dtype="<f8").tobytes(),
        )

    def of_project(self, submission_id: int) -> dict[int, tuple[float, float]]:
        """Judge id -> (raw judge score, normalized score) of the project's counted cards."""
        projects = np.frombuffer(self.submission_ids, dtype="<i8")
        start, stop = np.searchsorted(projects, [submission_id, submission_id + 1])
        judges = np.frombuffer(self.judge_ids, dtype="<i8")[start:stop]
        raw = np.frombuffer(self.judge_scores, dtype="<f8")[start:stop]
        normalized = np.frombuffer(self.normalized, dtype="<f8")[start:stop]
        return {
            int(judge): (float(a), float(b))
            for judge, a, b in zip(judges, raw, normalized, strict=True)
        }


class ComputedRound(msgspec.Struct, kw_only=True):
    """What the organizers' pages show of a round, computed with the round's own policy:
    the board, its rows as the ranking page prints them, the calibration numbers and each
    counted card's scores."""

    fingerprint: str
    board: RankingBoard
    rows: list[DisplayRow]
    calibration: Calibration
    cards: CardScores


class _Stamp(msgspec.Struct):
    fingerprint: str


def compute_round(
    ranking: RoundRanking,
    fingerprint: str,
    criteria_rows: list[dict[str, Any]],
    track_rows: list[dict[str, Any]],
) -> ComputedRound:
    """The pages' views of a ranking (pure; CPU-bound for large rounds)."""
    competition_id = ranking.sheet.round["competition"]
    board = ranking_board(ranking, competition_id, criteria_rows, track_rows)
    return ComputedRound(
        fingerprint=fingerprint,
        board=board,
        rows=display_rows(board),
        calibration=round_calibration_numbers(ranking, competition_id),
        cards=CardScores.of(ranking),
    )


# Raised when what a stored entry holds changes meaning without changing shape (v2: the rows'
# texts are no longer HTML-escaped), so an older release's entries are never read.
FORMAT = 2


def _key(round_id: int) -> str:
    return f"round-{round_id}-v{FORMAT}"


async def _stored(store: Store | None, round_id: int, fingerprint: str) -> ComputedRound | None:
    if store is None:
        return None
    blob = await store.get(_key(round_id))
    if blob is None:
        return None
    try:
        # Reading only the fingerprint skips the rest without building it: a stale entry
        # of a large round costs almost nothing.
        if msgspec.msgpack.decode(blob, type=_Stamp).fingerprint != fingerprint:
            return None
        return msgspec.msgpack.decode(blob, type=ComputedRound)
    except msgspec.DecodeError:
        # Written by an older release with another shape: computed afresh.
        return None


async def computed_round(round_row: Round, store: Store | None) -> ComputedRound:
    """The round's computed results, from ``store`` when its inputs are unchanged.

    The inputs are read in one snapshot and the fingerprint is their hash, so a stored result
    always belongs to exactly the inputs it was computed from.
    """
    round_id = round_row.id
    async with reading():
        inputs = await sheet_inputs(round_id)
    fingerprint = await asyncio.to_thread(inputs.fingerprint)
    stored = await _stored(store, round_id, fingerprint)
    if stored is not None:
        return stored
    # Ranking ten thousand projects takes a while: off the event loop, judges keep saving.
    computed = await asyncio.to_thread(_rank_and_compute, inputs, fingerprint)
    if store is not None:
        blob = await asyncio.to_thread(msgspec.msgpack.encode, computed)
        await store.set(_key(round_id), blob, expires_in=EXPIRES_SECONDS)
    return computed


def _rank_and_compute(inputs: SheetInputs, fingerprint: str) -> ComputedRound:
    ranking = rank_sheet(build_sheet(inputs))
    return compute_round(ranking, fingerprint, inputs.criteria, inputs.tracks)
