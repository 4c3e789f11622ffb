"""What the pages show beside a snapshot's numbers, frozen at publication.

A snapshot's ``shown_json`` (see :func:`shown_document`) keeps the project titles,
organizations and teams (names and roles), the track, round and competition names as they
were at publication, so a later edit changes no published page, file or live board. It is
not part of the hash: it does not enter the ranking an auditor recomputes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from judging.competitions import services as competitions
from judging.results.publication.snapshots import canonical_json
from judging.results.publication.tables import RankingSnapshot
from judging.submissions.tables import Submission

# Ids per IN (...) query when reading the ranked projects.
_CHUNK = 900


@dataclass(frozen=True)
class Shown:
    """A snapshot's frozen display values (``shown_json`` decoded).

    ``projects`` maps a submission id to its ``title``, ``organization``, ``team`` (name and
    role of each member) and ``track_key``; ``tracks`` maps a track key to its ``name_en``,
    ``name_zh`` and ``position``; ``round`` and ``competition`` hold ``name_en``/``name_zh``.
    """

    projects: dict[int, dict[str, Any]]
    tracks: dict[str, dict[str, Any]]
    round: dict[str, str]
    competition: dict[str, str]


def _team_shown(team: Any) -> list[dict[str, str]]:
    if isinstance(team, str | bytes):
        team = msgspec.json.decode(team or "[]")
    return [
        {"name": str(member.get("name", "")), "role": str(member.get("role", ""))}
        for member in team or []
        if isinstance(member, dict)
    ]


async def shown_document(competition_id: int, round_id: int, submission_ids: list[int]) -> str:
    """The ``shown_json`` of a snapshot ranking ``submission_ids``: their titles,
    organizations, teams (no contacts) and tracks, and the names of the competition's tracks,
    the round and the competition, as they are now (canonical JSON)."""
    projects: dict[str, dict[str, Any]] = {}
    for start in range(0, len(submission_ids), _CHUNK):
        for found in await Submission.select(
            Submission.id,
            Submission.title,
            Submission.organization,
            Submission.team,
            Submission.track.key.as_alias("track_key"),
        ).where(Submission.id.is_in(submission_ids[start : start + _CHUNK])):
            projects[str(found["id"])] = {
                "title": found["title"],
                "organization": found["organization"],
                "team": _team_shown(found["team"]),
                "track_key": found["track_key"],
            }
    competition = await competitions.get_competition(competition_id)
    current = await competitions.get_round(competition_id, round_id)
    tracks = {
        track["key"]: {
            "name_en": track["name_en"],
            "name_zh": track["name_zh"],
            "position": track["position"],
        }
        for track in await competitions.tracks(competition_id)
    }
    return canonical_json(
        {
            "projects": projects,
            "tracks": tracks,
            "round": {"name_en": current.name_en, "name_zh": current.name_zh},
            "competition": {"name_en": competition.name_en, "name_zh": competition.name_zh},
        }
    )


def shown_from(shown_json: str | None) -> Shown | None:
    """A snapshot's frozen display values, or None for a version published before they were
    kept (its pages then read the projects as they are)."""
    if not shown_json:
        return None
    document = msgspec.json.decode(shown_json)
    return Shown(
        projects={int(key): value for key, value in document["projects"].items()},
        tracks=document["tracks"],
        round=document["round"],
        competition=document["competition"],
    )


async def latest_shown(round_id: int) -> Shown | None:
    """The frozen display values of the round's latest published version, if any."""
    row = (
        await RankingSnapshot.select(RankingSnapshot.shown_json)
        .where(RankingSnapshot.round == round_id)
        .order_by(RankingSnapshot.version, ascending=False)
        .first()
    )
    return shown_from(row["shown_json"]) if row else None
