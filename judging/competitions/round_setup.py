"""Organizers setting up a competition's rounds: their windows (typed in the competition's time
zone, stored in UTC), panel size, blindness and scoring policy. The rubric is set on its own."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from judging.audit import services as audit
from judging.competitions.schemas import RoundFields, RoundOut, RoundPatch, RoundView
from judging.competitions.services import get_competition, get_round, rounds, sent_fields
from judging.competitions.tables import Competition, Round
from judging.database import writing
from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_

MIN_YEAR, MAX_YEAR = 1900, 2999
ROUND_WINDOWS = (
    "submission_opens_at",
    "submission_closes_at",
    "judging_opens_at",
    "judging_closes_at",
)


def _round_values(found: Round | RoundView) -> dict[str, Any]:
    return {name: getattr(found, name) for name in RoundFields.__struct_fields__}


def round_fields(found: Round) -> RoundFields:
    return RoundFields(**_round_values(found))


def round_out(found: Round | RoundView, timezone: str, frozen: bool) -> RoundOut:
    """The round with its times in the competition's time zone."""
    values = _round_values(found)
    zone = ZoneInfo(timezone)
    for name in ROUND_WINDOWS:
        if values[name] is not None:
            values[name] = values[name].astimezone(zone)
    competition_id = found.competition_id if isinstance(found, RoundView) else found.competition
    return RoundOut(id=found.id, competition_id=competition_id, rubric_frozen=frozen, **values)


def in_utc(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A time without an offset is read in ``zone``; every time is returned in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


# (earlier, later, may they be equal, the field blamed, the message) for every pair of times.
_WINDOW_RULES = (
    (
        "submission_opens_at",
        "submission_closes_at",
        False,
        "submission_closes_at",
        N_("Submissions must close after they open."),
    ),
    (
        "judging_opens_at",
        "judging_closes_at",
        False,
        "judging_closes_at",
        N_("Judging must close after it opens."),
    ),
    (
        "submission_opens_at",
        "judging_opens_at",
        True,
        "judging_opens_at",
        N_("Judging cannot open before submissions open."),
    ),
    (
        "submission_closes_at",
        "judging_closes_at",
        True,
        "judging_closes_at",
        N_("Judging cannot close before submissions close."),
    ),
)


def _check_windows(values: dict[str, Any]) -> list[FieldError]:
    """Each window closes after it opens; judging neither opens nor closes before submissions."""
    errors = []
    for earlier, later, may_equal, field, message in _WINDOW_RULES:
        first, second = values[earlier], values[later]
        if first is None or second is None:
            continue
        if second < first or (second == first and not may_equal):
            errors.append(FieldError(field, message))
    return errors


async def _round_values_to_save(
    competition: Competition, fields: RoundFields, round_id: int | None
) -> dict[str, Any]:
    """Column values of a valid round (times in UTC), else :class:`ValidationFailed`."""
    zone = ZoneInfo(competition.timezone)
    values = msgspec.structs.asdict(fields)
    errors: list[FieldError] = []
    for name in ROUND_WINDOWS:
        try:
            values[name] = in_utc(values[name], zone)
        except OverflowError:
            values[name] = None
            errors.append(FieldError(name, N_("Enter a valid date and time.")))
            continue
        # Far-off years are typing slips, and near year 1 or 9999 zones leave the calendar.
        if values[name] is not None and not MIN_YEAR <= values[name].year <= MAX_YEAR:
            values[name] = None
            errors.append(FieldError(name, N_("Enter a valid date and time.")))
    errors += _check_windows(values)
    others = await rounds(competition.id)
    others = [row for row in others if row.id != round_id]
    if values["position"] is None:
        values["position"] = max((row.position for row in others), default=0) + 1
    elif any(row.position == values["position"] for row in others):
        errors.append(FieldError("position", N_("Another round already has this position.")))
    if errors:
        raise ValidationFailed(errors)
    return values


async def create_round(competition_id: int, fields: RoundFields, actor_id: int) -> Round:
    """A new round; it goes last unless a position is given."""
    async with writing():
        competition = await get_competition(competition_id)
        values = await _round_values_to_save(competition, fields, None)
        created = Round(competition=competition_id, **values)
        await created.save()
        await audit.record(
            actor_id=actor_id,
            entity="round",
            entity_id=created.id,
            action="created",
            after={"competition_id": competition_id, **values},
        )
    return created


async def update_round(
    competition_id: int, round_id: int, fields: RoundFields, actor_id: int
) -> Round:
    """Replace a round's settings (its rubric is edited on its own)."""
    async with writing():
        competition = await get_competition(competition_id)
        current = await get_round(competition_id, round_id)
        before = _round_values(current)
        after = await _round_values_to_save(competition, fields, round_id)
        if before == after:
            return current
        await Round.update(after).where(Round.id == round_id)
        await audit.record(
            actor_id=actor_id,
            entity="round",
            entity_id=round_id,
            action="updated",
            before=before,
            after=after,
        )
    return await get_round(competition_id, round_id)


async def patch_round(
    competition_id: int, round_id: int, patch: RoundPatch, actor_id: int
) -> Round:
    current = round_fields(await get_round(competition_id, round_id))
    fields = msgspec.structs.replace(current, **sent_fields(patch))
    return await update_round(competition_id, round_id, fields, actor_id)
