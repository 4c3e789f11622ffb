"""Organizers setting up the files an application asks for: adding, changing and deleting
attachment slots, never at the cost of a file already given.

A slot's key is fixed once created (file URLs and the API name it). Its kinds, size limit,
wording and visibility may change: files already given stay as they were accepted. Narrowing
a slot to one track while projects of other tracks gave files for it, or deleting a slot
with files, is refused with how many files stand in the way. Every change is audited.
"""

from __future__ import annotations

from typing import Any

import msgspec

from judging.applications.schemas import SlotFields, SlotOut
from judging.applications.tables import AttachmentSlot
from judging.applications.usage import files_per_slot
from judging.audit import services as audit
from judging.competitions.services import get_competition, get_track
from judging.database import writing
from judging.errors import Conflict, NotFound, ValidationFailed
from judging.i18n import N_

KEY_TAKEN = N_("Another file of this form already uses this key.")
KEY_FIXED = N_("The key of a file cannot change: file links and the API name it.")
FILES_WOULD_HIDE = N_(
    "Projects in other tracks gave files for this slot: %(count)s. Narrowed to one track, "
    "those files would no longer be asked or shown; keep it for every track."
)
FILES_NOT_DELETED = N_(
    "Projects gave files for this slot: %(count)s. A slot with files cannot be deleted, so "
    "that no file is lost."
)


def slot_out(row: dict[str, Any]) -> SlotOut:
    return msgspec.convert(
        {**row, "competition_id": row["competition"], "track_id": row["track"]},
        SlotOut,
        strict=False,
    )


def applies(slot: SlotOut, track_id: int | None) -> bool:
    """Whether a project in ``track_id`` is asked for this file."""
    return slot.track_id is None or slot.track_id == track_id


async def slots(competition_id: int) -> list[SlotOut]:
    """Every attachment slot of the competition's form, in its order."""
    rows = (
        await AttachmentSlot.select()
        .where(AttachmentSlot.competition == competition_id)
        .order_by(AttachmentSlot.position)
        .order_by(AttachmentSlot.id)
        .output(load_json=True)
    )
    return [slot_out(row) for row in rows]


async def slots_for(competition_id: int, track_id: int) -> list[SlotOut]:
    """The slots a project in ``track_id`` is asked to fill, in order."""
    return [slot for slot in await slots(competition_id) if applies(slot, track_id)]


async def get_slot(competition_id: int, slot_id: int) -> SlotOut:
    row = (
        await AttachmentSlot.select()
        .where((AttachmentSlot.id == slot_id) & (AttachmentSlot.competition == competition_id))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound()
    return slot_out(row)


def _values(fields: SlotFields) -> dict[str, Any]:
    values = msgspec.to_builtins(fields)
    values["track"] = values.pop("track_id")
    values.pop("position")
    # Each kind once, in a fixed order, whatever order they were ticked in.
    values["file_types"] = sorted(set(values["file_types"]))
    return values


async def _check_track(competition_id: int, fields: SlotFields) -> None:
    if fields.track_id is not None:
        try:
            await get_track(competition_id, fields.track_id)
        except NotFound:
            raise ValidationFailed.single(
                "track_id", N_("Choose one of the offered values.")
            ) from None


async def add_slot(competition_id: int, fields: SlotFields, actor_id: int) -> SlotOut:
    """A new slot; it goes last unless a position is given."""
    async with writing():
        await get_competition(competition_id)
        await _check_track(competition_id, fields)
        if await AttachmentSlot.exists().where(
            (AttachmentSlot.competition == competition_id) & (AttachmentSlot.key == fields.key)
        ):
            raise ValidationFailed.single("key", KEY_TAKEN)
        position = fields.position
        if position is None:
            position = max((slot.position for slot in await slots(competition_id)), default=-1) + 1
        values = _values(fields)
        slot = AttachmentSlot(competition=competition_id, position=position, **values)
        await slot.save()
        await audit.record(
            actor_id=actor_id,
            entity="attachment_slot",
            entity_id=slot.id,
            action="created",
            after={"competition_id": competition_id, "position": position, **values},
        )
    return await get_slot(competition_id, slot.id)


async def update_slot(
    competition_id: int, slot_id: int, fields: SlotFields, actor_id: int
) -> SlotOut:
    """Change a slot (its key is fixed) unless files of other tracks would be left unasked."""
    async with writing():
        current = await get_slot(competition_id, slot_id)
        if fields.key != current.key:
            raise ValidationFailed.single("key", KEY_FIXED)
        await _check_track(competition_id, fields)
        after = {
            **_values(fields),
            "position": current.position if fields.position is None else fields.position,
        }
        before = msgspec.to_builtins(
            {**{name: getattr(current, name) for name in after if name != "track"}}
        )
        before["track"] = current.track_id
        if before == after:
            return current
        if after["track"] is not None:
            given = (await files_per_slot(competition_id)).get(current.key, {})
            elsewhere = sum(count for track, count in given.items() if track != after["track"])
            if elsewhere:
                raise Conflict(FILES_WOULD_HIDE, count=elsewhere)
        columns = {AttachmentSlot._meta.get_column_by_name(k): v for k, v in after.items()}
        await AttachmentSlot.update(columns).where(AttachmentSlot.id == slot_id)
        changed = [key for key in after if before.get(key) != after[key]]
        await audit.record(
            actor_id=actor_id,
            entity="attachment_slot",
            entity_id=slot_id,
            action="updated",
            before={key: before.get(key) for key in changed},
            after={key: after[key] for key in changed},
        )
    return await get_slot(competition_id, slot_id)


async def file_counts(competition_id: int) -> dict[str, int]:
    """Slot key -> how many files (every version) projects gave for it."""
    return {
        key: sum(per_track.values())
        for key, per_track in (await files_per_slot(competition_id)).items()
    }


async def delete_slot(competition_id: int, slot_id: int, actor_id: int) -> None:
    """Delete a slot nobody gave a file for; one with files is refused."""
    async with writing():
        current = await get_slot(competition_id, slot_id)
        count = (await file_counts(competition_id)).get(current.key, 0)
        if count:
            raise Conflict(FILES_NOT_DELETED, count=count)
        await AttachmentSlot.delete().where(AttachmentSlot.id == slot_id)
        await audit.record(
            actor_id=actor_id,
            entity="attachment_slot",
            entity_id=slot_id,
            action="deleted",
            before=msgspec.to_builtins(current),
        )
