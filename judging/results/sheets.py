"""A round's score sheet: the submitted scorecards in the long form the scoring module reads.

The same sheet feeds the organizers' ranking page, the live leaderboard and publication, so
a published ranking is exactly what the ranking page showed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import msgspec
import pandas as pd

import scoring
from judging.competitions.rubric import round_rubric, to_scoring_rubric
from judging.results.participation import round_project_ids, round_row
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission

SHEET_COLUMNS = ["submission_id", "judge_id", "track", "criterion", "score"]
# SQLite and PostgreSQL both take this many bind parameters in one IN (...) comfortably.
_CHUNK = 900


@dataclass(frozen=True)
class RoundSheet:
    """Everything the scoring module needs for one round, plus the projects' names.

    ``scores`` has one row per (submission, judge, criterion) of every counted scorecard:
    submitted, not excluded by moderation, of a project taking part in the round.
    ``projects`` has one row per project taking part (``submission_id``, ``title``,
    ``track`` key, ``track_name_en``, ``track_name_zh``, ``organization``).
    """

    round_id: int
    round: dict[str, Any]
    rubric: scoring.Rubric
    policy: scoring.Policy
    scores: pd.DataFrame
    projects: pd.DataFrame


def policy_of(round_values: dict[str, Any]) -> scoring.Policy:
    """The scoring policy a round is configured with."""
    return scoring.Policy(
        normalize=round_values["normalize"],
        aggregate=round_values["aggregate"],
        trim=round_values["trim"],
        min_judges=round_values["min_judges"],
        disagreement=float(round_values["disagreement"]),
    )


def _chunks(values: list[int]) -> list[list[int]]:
    return [values[start : start + _CHUNK] for start in range(0, len(values), _CHUNK)]


async def _projects(project_ids: list[int]) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(project_ids):
        rows += await Submission.select(
            Submission.id.as_alias("submission_id"),
            Submission.title,
            Submission.organization,
            Submission.track.key.as_alias("track"),
            Submission.track.name_en.as_alias("track_name_en"),
            Submission.track.name_zh.as_alias("track_name_zh"),
        ).where(Submission.id.is_in(chunk))
    columns = ["submission_id", "title", "organization", "track", "track_name_en", "track_name_zh"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("submission_id", ignore_index=True)


async def _counted_cards(round_id: int, project_ids: list[int]) -> list[dict[str, Any]]:
    cards: list[dict[str, Any]] = []
    for chunk in _chunks(project_ids):
        cards += await Scorecard.select(
            Scorecard.submission, Scorecard.judge, Scorecard.scores
        ).where(
            (Scorecard.round == round_id)
            & (Scorecard.status == "submitted")
            & Scorecard.excluded.eq(False)
            & Scorecard.submission.is_in(chunk)
        )
    return cards


def long_scores(
    cards: list[dict[str, Any]], tracks: dict[int, str], criterion_keys: list[str]
) -> pd.DataFrame:
    """One row per (card, criterion) from scorecard rows whose ``scores`` is JSON text."""
    submission_ids: list[int] = []
    judge_ids: list[int] = []
    criteria: list[str] = []
    values: list[float] = []
    for card in cards:
        scores = card["scores"]
        if isinstance(scores, str):
            scores = msgspec.json.decode(scores)
        for key in criterion_keys:
            if key in scores:
                submission_ids.append(card["submission"])
                judge_ids.append(card["judge"])
                criteria.append(key)
                values.append(float(scores[key]))
    frame = pd.DataFrame(
        {
            "submission_id": submission_ids,
            "judge_id": judge_ids,
            "track": pd.Categorical([tracks[s] for s in submission_ids]),
            "criterion": pd.Categorical(criteria, categories=criterion_keys),
            "score": values,
        },
        columns=SHEET_COLUMNS,
    )
    return frame.sort_values(["submission_id", "judge_id", "criterion"], ignore_index=True)


async def round_sheet(round_id: int) -> RoundSheet:
    """The counted scores, rubric, policy and projects of a round."""
    current = await round_row(round_id)
    rubric = to_scoring_rubric(await round_rubric(round_id))
    project_ids = await round_project_ids(round_id)
    projects = await _projects(project_ids)
    tracks = dict(zip(projects["submission_id"], projects["track"], strict=True))
    cards = await _counted_cards(round_id, project_ids)
    scores = long_scores(cards, tracks, list(rubric.keys))
    return RoundSheet(
        round_id=round_id,
        round=current,
        rubric=rubric,
        policy=policy_of(current),
        scores=scores,
        projects=projects,
    )


def judge_labels(judge_ids: pd.Series) -> dict[Any, str]:
    """Anonymous labels J1, J2, ... by ascending judge id (stable across publications)."""
    return {judge: f"J{index}" for index, judge in enumerate(sorted(set(judge_ids)), start=1)}


def anonymized(scores: pd.DataFrame) -> pd.DataFrame:
    """The sheet with judges replaced by their anonymous labels."""
    labels = judge_labels(scores["judge_id"])
    return scores.assign(judge_id=scores["judge_id"].map(labels))


def sheet_csv(scores: pd.DataFrame) -> str:
    """The score sheet as the CSV text ``python -m scoring rank`` reads."""
    frame = scores.loc[:, SHEET_COLUMNS]
    return frame.to_csv(index=False, lineterminator="\n")


def rank_sheet_text(
    scores_csv: str, rubric: scoring.Rubric, policy: scoring.Policy
) -> scoring.RankingResult:
    """Rank from the CSV text exactly as the CLI would: what an auditor recomputes."""
    return scoring.rank(scoring.read_scores_csv(io.StringIO(scores_csv)), rubric, policy)
