"""An entrant's own results: per round with a published ranking that includes the project.

From the round's latest version: the rank in the track, the score, the criterion means and
the number of judges; and the comments to entrants of the cards that count (submitted, not
excluded). Only ``comment_to_entrant`` is ever read from a scorecard here: never the private
note, never who wrote it. Callers check ownership (the routes' ``is_on_project_team`` guard).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import msgspec
from piccolo.query.functions.aggregate import Max

from judging.competitions.tables import Track
from judging.results.publication.schemas import (
    CriterionMean,
    EntrantResult,
    EntrantStanding,
    RoundName,
)
from judging.results.publication.snapshots import ranking_rows, rubric_labels
from judging.results.publication.tables import PublicationWithdrawal, RankingSnapshot
from judging.reviews.tables import Scorecard, ScorecardStatus
from judging.submissions.tables import Advancement, Submission

COUNTED = ScorecardStatus.SUBMITTED


class LatestVersion(msgspec.Struct, kw_only=True):
    """What an entrant's results need of a round's latest published version."""

    id: int
    round: int
    version: int
    published_at: datetime
    rubric_json: str
    ranking_csv: str
    round_name_en: str
    round_name_zh: str
    competition_id: int
    slug: str
    is_public: bool
    timezone: str


async def _latest_snapshots(competition_ids: list[int]) -> list[LatestVersion]:
    """The latest version of each published round of the competitions, oldest round first."""
    latest = (
        await RankingSnapshot.select(
            RankingSnapshot.round, Max(RankingSnapshot.version).as_alias("version")
        )
        .where(RankingSnapshot.round.competition.is_in(competition_ids))
        .group_by(RankingSnapshot.round)
    )
    if not latest:
        return []
    wanted = None
    for row in latest:
        condition = (RankingSnapshot.round == row["round"]) & (
            RankingSnapshot.version == row["version"]
        )
        wanted = condition if wanted is None else wanted | condition
    competition = RankingSnapshot.round.competition
    rows = (
        await RankingSnapshot.select(
            RankingSnapshot.id,
            RankingSnapshot.round,
            RankingSnapshot.version,
            RankingSnapshot.published_at,
            RankingSnapshot.rubric_json,
            RankingSnapshot.ranking_csv,
            RankingSnapshot.round.name_en.as_alias("round_name_en"),
            RankingSnapshot.round.name_zh.as_alias("round_name_zh"),
            RankingSnapshot.round.position.as_alias("round_position"),
            competition.id.as_alias("competition_id"),
            competition.slug.as_alias("slug"),
            competition.is_public.as_alias("is_public"),
            competition.timezone.as_alias("timezone"),
        )
        .where(wanted)
        .order_by(RankingSnapshot.round.position)
        .order_by(RankingSnapshot.round)
    )
    # A latest version withdrawn from public view gives its entrants no result either.
    withdrawn = (
        {
            row["snapshot"]
            for row in await PublicationWithdrawal.select(PublicationWithdrawal.snapshot).where(
                PublicationWithdrawal.snapshot.is_in([row["id"] for row in rows])
            )
        }
        if rows
        else set()
    )
    return [
        msgspec.convert(row, LatestVersion, strict=False)
        for row in rows
        if row["id"] not in withdrawn
    ]


async def _comments(submission_ids: list[int], round_ids: list[int]) -> dict[tuple, list[str]]:
    rows = await Scorecard.select(
        Scorecard.submission, Scorecard.round, Scorecard.comment_to_entrant
    ).where(
        Scorecard.submission.is_in(submission_ids)
        & Scorecard.round.is_in(round_ids)
        & (Scorecard.status == COUNTED)
        & Scorecard.excluded.eq(False)
    )
    comments: dict[tuple, list[str]] = defaultdict(list)
    for row in rows:
        text = row["comment_to_entrant"].strip()
        if text:
            comments[(row["submission"], row["round"])].append(text)
    # Sorted by text: an order that says nothing about which judge wrote which.
    return {key: sorted(texts) for key, texts in comments.items()}


async def results_of_projects(submission_ids: Iterable[int]) -> dict[int, EntrantStanding]:
    """Each project's standing: its results, one per published round that includes it (round
    order), and the rounds it is admitted into; projects with neither are left out."""
    ids = sorted(set(submission_ids))
    results = await _published_results(ids)
    admitted = await _admissions(ids)
    return {
        sid: EntrantStanding(results=results.get(sid, []), admitted_to=admitted.get(sid, []))
        for sid in ids
        if sid in results or sid in admitted
    }


async def _admissions(submission_ids: list[int]) -> dict[int, list[RoundName]]:
    """The rounds each project is admitted into by an organizer's advancement, round order."""
    if not submission_ids:
        return {}
    rows = (
        await Advancement.select(
            Advancement.submission,
            Advancement.round.as_alias("round_id"),
            Advancement.round.name_en.as_alias("round_name_en"),
            Advancement.round.name_zh.as_alias("round_name_zh"),
        )
        .where(Advancement.submission.is_in(submission_ids))
        .order_by(Advancement.round.position)
        .order_by(Advancement.round)
    )
    found: dict[int, list[RoundName]] = defaultdict(list)
    for row in rows:
        found[row["submission"]].append(
            RoundName(
                round_id=row["round_id"],
                round_name_en=row["round_name_en"],
                round_name_zh=row["round_name_zh"],
            )
        )
    return dict(found)


async def _published_results(submission_ids: list[int]) -> dict[int, list[EntrantResult]]:
    ids = sorted(set(submission_ids))
    if not ids:
        return {}
    projects = await Submission.select(Submission.id, Submission.competition).where(
        Submission.id.is_in(ids)
    )
    competition_ids = sorted({row["competition"] for row in projects})
    if not competition_ids:
        return {}
    snapshots = await _latest_snapshots(competition_ids)
    if not snapshots:
        return {}
    tracks = {
        (row["competition"], row["key"]): row
        for row in await Track.select(
            Track.competition, Track.key, Track.name_en, Track.name_zh
        ).where(Track.competition.is_in(competition_ids))
    }
    comments = await _comments(ids, [snapshot.round for snapshot in snapshots])
    wanted = set(ids)
    found: dict[int, list[EntrantResult]] = defaultdict(list)
    for snapshot in snapshots:
        lines = ranking_rows(snapshot.ranking_csv)
        labels = rubric_labels(snapshot.rubric_json)
        ranked_in_track: dict[str, int] = defaultdict(int)
        for line in lines:
            if line.track_rank is not None:
                ranked_in_track[line.track] += 1
        for line in lines:
            if line.submission_id not in wanted:
                continue
            track = tracks.get((snapshot.competition_id, line.track), {})
            found[line.submission_id].append(
                EntrantResult(
                    submission_id=line.submission_id,
                    round_id=snapshot.round,
                    round_name_en=snapshot.round_name_en,
                    round_name_zh=snapshot.round_name_zh,
                    version=snapshot.version,
                    published_at=snapshot.published_at,
                    timezone=snapshot.timezone,
                    rank=line.rank,
                    track_rank=line.track_rank,
                    ranked_in_track=ranked_in_track[line.track],
                    track=line.track,
                    track_name_en=track.get("name_en", line.track),
                    track_name_zh=track.get("name_zh", line.track),
                    score=line.score,
                    n_judges=line.n_judges,
                    criteria=[
                        CriterionMean(
                            key=label["key"],
                            label_en=label["label_en"],
                            label_zh=label["label_zh"],
                            mean=line.criteria.get(label["key"]),
                        )
                        for label in labels
                    ],
                    comments=comments.get((line.submission_id, snapshot.round), []),
                    public_url=(
                        f"/competitions/{snapshot.slug}/results/{snapshot.round}"
                        if snapshot.is_public
                        else None
                    ),
                )
            )
    return dict(found)


async def project_results(submission_id: int) -> EntrantStanding:
    """One project's standing (see :func:`results_of_projects`)."""
    found = await results_of_projects([submission_id])
    return found.get(submission_id) or EntrantStanding(results=[], admitted_to=[])
