"""Published rankings as the public reads them: titles, tracks, ranks and scores only.

:func:`public_results` answers for public competitions only; :func:`organizer_results` gives
organizers the same view of any of their rounds. A row names its project by the title
it had when the version was published (frozen in the snapshot, see
:func:`judging.results.publication.shown_document`; so are track, round and competition
names), except that a project withdrawn or disqualified since publication keeps its rank and
score but not its title; versions published before names were frozen read them as they are.
Nothing about contacts is read here at all, so no page built on it can show them, blind round
or not. Two queries per page: the snapshot,
then the competition's projects (and one more for the newest version number of an old one).
"""

from __future__ import annotations

from typing import Any

from judging.errors import NotFound
from judging.results.publication import policy_from, ranking_rows, shown_from
from judging.results.publication_schemas import PublicResults, PublicRow, PublicTrack
from judging.results.tables import RankingSnapshot
from judging.submissions.tables import Submission

SHOWN = "submitted"
DISQUALIFIED = "disqualified"
WITHDRAWN = "withdrawn"

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


async def public_snapshot(slug: str, round_id: int, version: int | None = None) -> dict[str, Any]:
    """A published version (the latest when ``version`` is None) of a round of a public
    competition; else :class:`NotFound`."""
    return await _snapshot(_public(slug, round_id), version)


def _status(found: dict[str, Any] | None) -> str:
    if found is None:
        return WITHDRAWN
    return found["status"] if found["status"] in (SHOWN, DISQUALIFIED) else WITHDRAWN


async def public_results(slug: str, round_id: int, version: int | None = None) -> PublicResults:
    """The latest (or the given) published version of the round of a public competition."""
    return await _results(_public(slug, round_id), round_id, version)


async def organizer_results(
    competition_id: int, round_id: int, version: int | None = None
) -> PublicResults:
    """The same for the competition's organizers, public competition or not."""
    return await _results(_of_competition(competition_id, round_id), round_id, version)


async def _results(where: Any, round_id: int, version: int | None) -> PublicResults:
    snapshot = await _snapshot(
        where,
        version,
        RankingSnapshot.version,
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
    for line in ranking_rows(snapshot["ranking_csv"]):
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
            )
        )
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
    )
