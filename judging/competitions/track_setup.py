"""Organizers setting up a competition's tracks: adding, renaming, ordering and deleting them."""

from __future__ import annotations

from typing import Any

import msgspec

from judging.audit import services as audit
from judging.competitions import usage
from judging.competitions.schemas import TrackFields, TrackOut, TrackPatch
from judging.competitions.services import get_competition, get_track, sent_fields, tracks
from judging.competitions.tables import Track
from judging.database import writing
from judging.errors import Conflict, NotFound, ValidationFailed
from judging.i18n import N_


def _track_values(track: Track) -> dict[str, Any]:
    return {name: getattr(track, name) for name in TrackFields.__struct_fields__}


def track_fields(track: Track) -> TrackFields:
    return TrackFields(**_track_values(track))


def track_out(track: Track | dict[str, Any]) -> TrackOut:
    """A track (or a row of :func:`services.tracks`) as the API answers it."""
    row = track if isinstance(track, dict) else track.to_dict()
    return msgspec.convert({**row, "competition_id": row["competition"]}, TrackOut)


async def add_track(competition_id: int, fields: TrackFields, actor_id: int) -> Track:
    """A new track; it goes last unless a position is given."""
    async with writing():
        await get_competition(competition_id)
        if await Track.exists().where(
            (Track.competition == competition_id) & (Track.key == fields.key)
        ):
            raise ValidationFailed.single("key", N_("Another track already uses this key."))
        position = fields.position
        if position is None:
            existing = await tracks(competition_id)
            position = max((row["position"] for row in existing), default=-1) + 1
        track = Track(
            competition=competition_id,
            key=fields.key,
            name_en=fields.name_en,
            name_zh=fields.name_zh,
            position=position,
        )
        await track.save()
        await audit.record(
            actor_id=actor_id,
            entity="track",
            entity_id=track.id,
            action="created",
            after={"competition_id": competition_id, **_track_values(track)},
        )
    return track


async def update_track(
    competition_id: int, track_id: int, fields: TrackFields, actor_id: int
) -> Track:
    """Rename or move a track; its key is fixed (judges' expertise and imports refer to it)."""
    async with writing():
        track = await get_track(competition_id, track_id)
        if fields.key != track.key:
            raise ValidationFailed.single(
                "key",
                N_("The key of a track cannot change: judges' expertise and imports use it."),
            )
        before = _track_values(track)
        after = {**before, **msgspec.structs.asdict(fields)}
        if after["position"] is None:
            after["position"] = track.position
        if before == after:
            return track
        await Track.update(after).where(Track.id == track_id)
        await audit.record(
            actor_id=actor_id,
            entity="track",
            entity_id=track_id,
            action="updated",
            before=before,
            after=after,
        )
    return await get_track(competition_id, track_id)


async def patch_track(
    competition_id: int, track_id: int, patch: TrackPatch, actor_id: int
) -> Track:
    current = track_fields(await get_track(competition_id, track_id))
    fields = msgspec.structs.replace(current, **sent_fields(patch))
    return await update_track(competition_id, track_id, fields, actor_id)


async def reorder_tracks(competition_id: int, positions: dict[int, int], actor_id: int) -> None:
    """Give tracks new positions (track id -> position); ids of other competitions are refused."""
    async with writing():
        current = {row["id"]: row for row in await tracks(competition_id)}
        if any(track_id not in current for track_id in positions):
            raise NotFound()
        for track_id, position in positions.items():
            before = current[track_id]["position"]
            if before == position:
                continue
            await Track.update({Track.position: position}).where(Track.id == track_id)
            await audit.record(
                actor_id=actor_id,
                entity="track",
                entity_id=track_id,
                action="updated",
                before={"position": before},
                after={"position": position},
            )


async def delete_track(competition_id: int, track_id: int, actor_id: int) -> None:
    """Delete a track without projects; one with projects is refused (they would go with it)."""
    async with writing():
        track = await get_track(competition_id, track_id)
        count = await usage.projects_in_track(track_id)
        if count:
            raise Conflict(
                N_(
                    "Projects in this track: %(count)s. A track that holds projects cannot "
                    "be deleted; move them to another track first."
                ),
                count=count,
            )
        await Track.delete().where(Track.id == track_id)
        await audit.record(
            actor_id=actor_id,
            entity="track",
            entity_id=track_id,
            action="deleted",
            before={"competition_id": competition_id, **_track_values(track)},
        )
