"""What the domains above hold of a competition's tracks and rounds, asked without importing them.

Competitions sits below submissions and reviews (the layers in pyproject.toml), yet refuses to
delete a track that holds projects and to change a rubric that judges have scored with. The
foreign keys by which those domains refer to a track and to a round are declared where every
domain's tables meet, :mod:`judging.piccolo_app`, which Piccolo loads with the engine: any
process that reaches the database has them. The questions here count the rows behind them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from piccolo.columns import ForeignKey

from judging.declared import Declared

# Failing closed when undeclared: without them a track with projects could be deleted.
_PROJECT_TRACK = Declared[ForeignKey]("The foreign key by which a project refers to its track")
_SCORECARD_ROUND = Declared[ForeignKey]("The foreign key by which a scorecard refers to its round")


def declare(*, projects: ForeignKey, scorecards: ForeignKey) -> None:
    """Name the foreign key by which a project refers to its track and a scorecard to its round."""
    _PROJECT_TRACK.declare(projects)
    _SCORECARD_ROUND.declare(scorecards)


async def projects_per_track(track_ids: Iterable[int]) -> dict[int, int]:
    """Track id -> how many projects (in any status) are in it, for the tracks given."""
    wanted = list(track_ids)
    if not wanted:
        return {}
    track = _PROJECT_TRACK.get()
    rows = await track._meta.table.select(track.as_alias("track")).where(track.is_in(wanted))
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        counts[row["track"]] += 1
    return dict(counts)


async def projects_in_track(track_id: int) -> int:
    """How many projects (in any status) are in the track."""
    track = _PROJECT_TRACK.get()
    return await track._meta.table.count().where(track == track_id)


async def is_scored(round_id: int) -> bool:
    """True once any scorecard (draft or submitted) exists for the round."""
    scored = _SCORECARD_ROUND.get()
    return await scored._meta.table.exists().where(scored == round_id)


async def scored_rounds(round_ids: Iterable[int]) -> set[int]:
    """Which of the rounds have any scorecard (one query)."""
    wanted = list(round_ids)
    if not wanted:
        return set()
    scored = _SCORECARD_ROUND.get()
    rows = (
        await scored._meta.table.select(scored.as_alias("round"))
        .where(scored.is_in(wanted))
        .distinct()
    )
    return {row["round"] for row in rows}
