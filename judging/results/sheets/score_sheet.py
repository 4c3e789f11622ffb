"""A round's score sheet: the submitted scorecards in the long form the scoring module reads.

The same sheet feeds the organizers' ranking page, the live leaderboard and publication, so
a published ranking is exactly what the ranking page showed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
from dataclasses import dataclass
from typing import Any

import msgspec
import numpy as np
import pandas as pd

import scoring
from judging.competitions import services as competitions
from judging.competitions.rubric import round_rubric, to_scoring_rubric
from judging.reviews.tables import Scorecard, ScorecardStatus
from judging.submissions.participation import admitted_ids, first_round_id, round_row, taking_part
from judging.submissions.tables import Submission

SHEET_COLUMNS = ["submission_id", "judge_id", "track", "criterion", "score"]
_PROJECT_COLUMNS = [
    "submission_id",
    "title",
    "organization",
    "track",
    "track_name_en",
    "track_name_zh",
]


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


@dataclass(frozen=True)
class SheetInputs:
    """Every row a round's ranking is computed from, exactly as read from the database.

    The sheet, and from it the ranking, the organizers' board and the calibration, are pure
    functions of these rows (:func:`build_sheet`), and :meth:`fingerprint` hashes them all:
    a stored computation is served only for the very rows it came from, whichever write
    changed them. An input the ranking needs is added here, so it is in the hash too.

    ``projects`` are every project of the competition (a round's are chosen by status and
    admission); ``cards`` the round's submitted cards that moderation has not excluded.
    """

    # The rows as read: hashed whole for the fingerprint and turned into the sheet's frame,
    # never shown (a page reads the ranking computed from them).
    round: dict[str, Any]
    first_round_id: int | None
    criteria: list[dict[str, Any]]
    tracks: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    admitted: list[int]
    cards: list[dict[str, Any]]

    def fingerprint(self) -> str:
        """SHA-256 of every input row (CPU-bound for large rounds)."""
        encoded = msgspec.json.encode(dataclasses.astuple(self), enc_hook=str)
        return hashlib.sha256(encoded).hexdigest()


async def sheet_inputs(round_id: int) -> SheetInputs:
    """Read the inputs of the round's ranking (callers wanting one consistent snapshot read
    inside :func:`judging.database.reading`)."""
    current = await round_row(round_id)
    competition_id = current["competition"]
    # One query for the competition's projects, filtered when the sheet is built: a round can
    # hold tens of thousands of projects, too many for one IN (...) and slow in many small ones.
    projects = (
        await Submission.select(
            Submission.id.as_alias("submission_id"),
            Submission.status,
            Submission.title,
            Submission.organization,
            Submission.track.key.as_alias("track"),
            Submission.track.name_en.as_alias("track_name_en"),
            Submission.track.name_zh.as_alias("track_name_zh"),
        )
        .where(Submission.competition == competition_id)
        .order_by(Submission.id)
    )
    cards = (
        await Scorecard.select(Scorecard.submission, Scorecard.judge, Scorecard.scores)
        .where(
            (Scorecard.round == round_id)
            & (Scorecard.status == ScorecardStatus.SUBMITTED)
            & Scorecard.excluded.eq(False)
        )
        .order_by(Scorecard.submission, Scorecard.judge)
    )
    return SheetInputs(
        round=current,
        first_round_id=await first_round_id(competition_id),
        criteria=await round_rubric(round_id),
        tracks=await competitions.tracks(competition_id),
        projects=projects,
        admitted=await admitted_ids(round_id),
        cards=cards,
    )


# Each card's scores: a JSON document (criterion key -> score), free-form by rubric.
def _decoded_scores(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    texts = [card["scores"] for card in cards]
    if all(isinstance(text, str) for text in texts):
        # One decode of a JSON array is several times faster than one decode per card.
        return msgspec.json.decode("[" + ",".join(texts) + "]")
    return [msgspec.json.decode(text) if isinstance(text, str) else text for text in texts]


def long_scores(
    cards: list[dict[str, Any]], tracks: dict[int, str], criterion_keys: list[str]
) -> pd.DataFrame:
    """One row per (card, criterion) from scorecard rows whose ``scores`` is JSON text.

    Rows are ordered by submission, judge and criterion (rubric order); a criterion a card
    has no score for has no row.
    """
    submissions = np.fromiter((card["submission"] for card in cards), np.int64, len(cards))
    judges = np.fromiter((card["judge"] for card in cards), np.int64, len(cards))
    decoded = _decoded_scores(cards)
    # cards x criteria, NaN where a card has no score for a criterion.
    values = pd.DataFrame(decoded, columns=criterion_keys, dtype=float).to_numpy()
    values = values.reshape(len(cards), len(criterion_keys))
    order = np.lexsort((judges, submissions))
    submissions, judges, values = submissions[order], judges[order], values[order]
    track_codes, track_labels = pd.factorize(
        pd.Series(tracks, dtype=object).reindex(submissions).to_numpy(), sort=True
    )
    present = ~np.isnan(values)
    per_card = present.sum(axis=1)
    frame = pd.DataFrame(
        {
            "submission_id": np.repeat(submissions, per_card),
            "judge_id": np.repeat(judges, per_card),
            "track": pd.Categorical.from_codes(
                np.repeat(track_codes, per_card), categories=track_labels
            ),
            "criterion": pd.Categorical.from_codes(
                np.nonzero(present)[1], categories=criterion_keys
            ),
            "score": values[present],
        },
        columns=SHEET_COLUMNS,
    )
    return frame


def build_sheet(inputs: SheetInputs) -> RoundSheet:
    """The round's sheet from its inputs (pure)."""
    round_id = inputs.round["id"]
    rubric = to_scoring_rubric(inputs.criteria)
    project_ids = taking_part(
        {row["submission_id"]: row["status"] for row in inputs.projects},
        inputs.first_round_id == round_id,
        inputs.admitted,
    )
    frame = pd.DataFrame(inputs.projects, columns=["status", *_PROJECT_COLUMNS])
    projects = frame[frame["submission_id"].isin(project_ids)].loc[:, _PROJECT_COLUMNS]
    projects = projects.reset_index(drop=True)
    tracks = dict(zip(projects["submission_id"], projects["track"], strict=True))
    taking = set(project_ids)
    cards = [card for card in inputs.cards if card["submission"] in taking]
    return RoundSheet(
        round_id=round_id,
        round=inputs.round,
        rubric=rubric,
        policy=policy_of(inputs.round),
        scores=long_scores(cards, tracks, list(rubric.keys)),
        projects=projects,
    )


async def round_sheet(round_id: int) -> RoundSheet:
    """The counted scores, rubric, policy and projects of a round."""
    return build_sheet(await sheet_inputs(round_id))


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
