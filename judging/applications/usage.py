"""The answers projects hold, asked without importing the submissions domain above.

A question whose change would make answers already given invalid, or whose deletion would
lose them, is refused; the answers live on the projects (:mod:`judging.submissions`), whose
columns :mod:`judging.piccolo_app` declares here, as :mod:`judging.competitions.usage` does
for tracks and rounds.
"""

from __future__ import annotations

from typing import Any

import msgspec
from piccolo.columns import JSON, ForeignKey, Varchar

from judging.declared import Declared


class AnswerColumns(msgspec.Struct, frozen=True):
    """A project's answers (a JSON object, question key -> value), competition and track."""

    answers: JSON
    competition: ForeignKey
    track: ForeignKey


ANSWER_COLUMNS = Declared[AnswerColumns]("The columns of a project's answers")


class StoredAnswers(msgspec.Struct, frozen=True):
    track_id: int
    answers: dict[str, Any]


async def stored_answers(competition_id: int) -> list[StoredAnswers]:
    """Every project's answers in the competition (projects that answered nothing too)."""
    columns = ANSWER_COLUMNS.get()
    rows = (
        await columns.answers._meta.table.select(
            columns.answers.as_alias("answers"), columns.track.as_alias("track_id")
        )
        .where(columns.competition == competition_id)
        .output(load_json=True)
    )
    return [
        StoredAnswers(row["track_id"], row["answers"] if isinstance(row["answers"], dict) else {})
        for row in rows
    ]


class FileColumns(msgspec.Struct, frozen=True):
    """A project's attachment file: its slot key, competition, and its project's track."""

    slot: Varchar
    competition: ForeignKey
    track: ForeignKey


FILE_COLUMNS = Declared[FileColumns]("The columns of a project's attachment files")


async def files_per_slot(competition_id: int) -> dict[str, dict[int, int]]:
    """Slot key -> track id -> how many files (every version) projects in that track gave."""
    columns = FILE_COLUMNS.get()
    rows = await columns.slot._meta.table.select(
        columns.slot.as_alias("slot"), columns.track.as_alias("track_id")
    ).where(columns.competition == competition_id)
    counts: dict[str, dict[int, int]] = {}
    for row in rows:
        per_track = counts.setdefault(row["slot"], {})
        per_track[row["track_id"]] = per_track.get(row["track_id"], 0) + 1
    return counts
