"""Published rankings as the public reads them: titles, tracks, ranks and scores only.

:func:`public_results` answers for public competitions only; :func:`organizer_results` gives
organizers the same view of any of their rounds. A row names its project by the title
it had when the version was published (frozen in the snapshot, see
:func:`judging.results.publication.shown.shown_document`; so are track, round and competition
names), except that a project withdrawn or disqualified since publication keeps its rank and
score but not its title; versions published before names were frozen read them as they are.
Nothing about contacts is read here at all, so no page built on it can show them, blind round
or not. Projects admitted into a later round are marked (finalists). A version withdrawn from
public view shows the public only when and why it was withdrawn (see
:mod:`judging.results.publication.withdrawal`). Four queries per page: the snapshot, its
withdrawal, the competition's projects and their admissions (and one more for the newest
version number of an old one).
"""

from __future__ import annotations

from typing import Any

from judging.errors import NotFound
from judging.results.publication.schemas import PublicResults, PublicRow, PublicTrack, RoundName
from judging.results.publication.shown import shown_from
from judging.results.publication.snapshots import policy_from, ranking_rows
from judging.results.publication.tables import RankingSnapshot
from judging.results.publication.withdrawal import withdrawal_of
from judging.submissions.tables import Advancement, Submission, SubmissionStatus

# What the public sees of a project's status: withdrawn stands for every status but these two.
SHOWN = SubmissionStatus.SUBMITTED
DISQUALIFIED = SubmissionStatus.DISQUALIFIED
WITHDRAWN = SubmissionStatus.WITHDRAWN

_COMPETITION = RankingSnapshot.round.competition


def _public(slug: str, round_id: int) -> Any:
    return (
        (RankingSnapshot.round == round_id)
        & (_COMPETITION.slug == slug)
        & _COMPETITION.is_public.eq(True)
    )


def _of_competition(competition_id: int, round_id: int) -> Any:
    return (RankingSnapshot.round == round_id) & (_COMPETITION.id == competition_id)


async def _snapshot(where: Any, version: int | None, *columns: Any) -> dict[str, Any]:
    query = RankingSnapshot.select(*(columns or RankingSnapshot.all_columns())).where(where)
    if version is not None:
        query = query.where(RankingSnapshot.version == version)
    row = await query.order_by(RankingSnapshot.version, ascending=False).first()
    if row is None:
        raise NotFound()
    return row


# The stored snapshot record whole (its documents byte for byte), for the public exports.
async def public_snapshot(slug: str, round_id: int, version: int | None = None) -> dict[str, Any]:
    """A published version (the latest when ``version`` is None) of a round of a public
    competition, not withdrawn from public view; else :class:`NotFound`."""
    snapshot = await _snapshot(_public(slug, round_id), version)
    if await withdrawal_of(snapshot["id"]) is not None:
        raise NotFound()
    return snapshot


def _status(found: dict[str, Any] | None) -> str:
    if found is None:
        return WITHDRAWN
    return found["status"] if found["status"] in (SHOWN, DISQUALIFIED) else WITHDRAWN


async def public_results(slug: str, round_id: int, version: int | None = None) -> PublicResults:
    """The latest (or the given) published version of the round of a public competition;
    a version withdrawn from public view comes without its ranking, saying when and why."""
    return await _results(_public(slug, round_id), round_id, version, public=True)


async def organizer_results(
    competition_id: int, round_id: int, version: int | None = None
) -> PublicResults:
    """The same for the competition's organizers, public competition or not."""
    return await _results(
        _of_competition(competition_id, round_id), round_id, version, public=False
    )


async def admissions_after(
    competition_id: int, position: int, submission_ids: list[int]
) -> dict[int, list[RoundName]]:
    """The rounds after ``position`` of the competition each project is admitted into, in
    round order."""
    if not submission_ids:
        return {}
    rows = (
        await Advancement.select(
            Advancement.submission,
            Advancement.round.as_alias("round_id"),
            Advancement.round.name_en.as_alias("round_name_en"),
            Advancement.round.name_zh.as_alias("round_name_zh"),
        )
        .where(
            (Advancement.round.competition == competition_id)
            & (Advancement.round.position > position)
        )
        .order_by(Advancement.round.position)
        .order_by(Advancement.round)
    )
    wanted = set(submission_ids)
    found: dict[int, list[RoundName]] = {}
    for row in rows:
        if row["submission"] in wanted:
            found.setdefault(row["submission"], []).append(
                RoundName(
                    round_id=row["round_id"],
                    round_name_en=row["round_name_en"],
                    round_name_zh=row["round_name_zh"],
                )
            )
    return found


async def _results(
    where: Any, round_id: int, version: int | None, *, public: bool
) -> PublicResults:
    snapshot = await _snapshot(
        where,
        version,
        RankingSnapshot.id,
        RankingSnapshot.version,
        RankingSnapshot.round.position.as_alias("round_position"),
        RankingSnapshot.content_hash,
        RankingSnapshot.published_at,
        RankingSnapshot.policy,
        RankingSnapshot.ranking_csv,
        RankingSnapshot.shown_json,
        RankingSnapshot.round.name_en.as_alias("round_name_en"),
        RankingSnapshot.round.name_zh.as_alias("round_name_zh"),
        _COMPETITION.id.as_alias("competition_id"),
        _COMPETITION.slug.as_alias("competition_slug"),
        _COMPETITION.name_en.as_alias("competition_name_en"),
        _COMPETITION.name_zh.as_alias("competition_name_zh"),
        _COMPETITION.timezone.as_alias("timezone"),
        _COMPETITION.is_public.as_alias("is_public"),
    )
    latest = snapshot["version"]
    if version is not None:
        latest = (await _snapshot(where, None, RankingSnapshot.version))["version"]
    projects = {
        found["id"]: found
        for found in await Submission.select(
            Submission.id,
            Submission.title,
            Submission.status,
            Submission.track.key.as_alias("track_key"),
            Submission.track.name_en.as_alias("track_name_en"),
            Submission.track.name_zh.as_alias("track_name_zh"),
            Submission.track.position.as_alias("track_position"),
        ).where(Submission.competition == snapshot["competition_id"])
    }
    track_names = {
        found["track_key"]: (
            found["track_position"],
            found["track_name_en"],
            found["track_name_zh"],
        )
        for found in projects.values()
    }
    titles = {key: found["title"] for key, found in projects.items()}
    names = dict(snapshot)
    shown = shown_from(snapshot["shown_json"])
    if shown is not None:
        # As published: no later edit of a project, track, round or competition shows here.
        titles = {key: project["title"] for key, project in shown.projects.items()}
        track_names = {
            key: (track["position"], track["name_en"], track["name_zh"])
            for key, track in shown.tracks.items()
        }
        names.update({f"round_{key}": value for key, value in shown.round.items()})
        names.update({f"competition_{key}": value for key, value in shown.competition.items()})
    rows: list[PublicRow] = []
    lines = ranking_rows(snapshot["ranking_csv"])
    # Finalists: the projects admitted into a later round, marked beside their rank.
    admitted = await admissions_after(
        snapshot["competition_id"],
        snapshot["round_position"],
        [line.submission_id for line in lines],
    )
    for line in lines:
        found = projects.get(line.submission_id)
        status = _status(found)
        _, name_en, name_zh = track_names.get(line.track, (0, line.track, line.track))
        rows.append(
            PublicRow(
                submission_id=line.submission_id,
                rank=line.rank,
                track_rank=line.track_rank,
                title=titles.get(line.submission_id) if status == SHOWN else None,
                status=status,
                track=line.track,
                track_name_en=name_en,
                track_name_zh=name_zh,
                score=line.score,
                admitted_to=admitted.get(line.submission_id, []) if status == SHOWN else [],
            )
        )
    withdrawn = await withdrawal_of(snapshot["id"])
    if withdrawn is not None and public:
        # Withdrawn from public view: the public reads that it was, when and why, not the ranking.
        rows = []
    keys = sorted(
        {row.track for row in rows},
        key=lambda key: (track_names.get(key, (1_000_000,))[0], key),
    )
    tracks = [
        PublicTrack(
            key=key,
            name_en=track_names.get(key, (0, key, key))[1],
            name_zh=track_names.get(key, (0, key, key))[2],
        )
        for key in keys
    ]
    return PublicResults(
        competition_slug=snapshot["competition_slug"],
        competition_name_en=names["competition_name_en"],
        competition_name_zh=names["competition_name_zh"],
        timezone=snapshot["timezone"],
        is_public=bool(snapshot["is_public"]),
        round_id=round_id,
        round_name_en=names["round_name_en"],
        round_name_zh=names["round_name_zh"],
        version=snapshot["version"],
        latest_version=latest,
        content_hash=snapshot["content_hash"],
        published_at=snapshot["published_at"],
        policy=policy_from(snapshot["policy"]),
        tracks=tracks,
        rows=rows,
        withdrawn=withdrawn,
    )
