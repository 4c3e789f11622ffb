"""A competition's own settings: created by a platform admin, changed by its organizers."""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

import msgspec

from judging.audit import services as audit
from judging.competitions.schemas import CompetitionFields, CompetitionOut, CompetitionPatch
from judging.competitions.services import get_competition, sent_fields
from judging.competitions.tables import Competition
from judging.database import writing
from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_


@cache
def time_zones() -> frozenset[str]:
    """Every IANA time zone name this machine knows (read once per process)."""
    return frozenset(available_timezones())


def _competition_values(competition: Competition) -> dict[str, Any]:
    return {name: getattr(competition, name) for name in CompetitionFields.__struct_fields__}


def competition_fields(competition: Competition) -> CompetitionFields:
    return CompetitionFields(**_competition_values(competition))


def competition_out(competition: Competition) -> CompetitionOut:
    return msgspec.convert(competition, CompetitionOut, from_attributes=True)


async def _check_competition(fields: CompetitionFields, competition_id: int | None) -> None:
    errors = []
    if fields.timezone not in time_zones():
        errors.append(
            FieldError("timezone", N_("Enter a time zone such as Asia/Shanghai or Europe/Berlin."))
        )
    taken = Competition.exists().where(Competition.slug == fields.slug)
    if competition_id is not None:
        taken = taken.where(Competition.id != competition_id)
    if await taken:
        errors.append(FieldError("slug", N_("Another competition already uses this address.")))
    if errors:
        raise ValidationFailed(errors)


async def create_competition(fields: CompetitionFields, actor_id: int) -> Competition:
    """A new competition (platform admins only; the guard says so)."""
    async with writing():
        await _check_competition(fields, None)
        competition = Competition(**msgspec.structs.asdict(fields))
        await competition.save()
        await audit.record(
            actor_id=actor_id,
            entity="competition",
            entity_id=competition.id,
            action="created",
            after=fields,
        )
    return competition


async def update_competition(
    competition_id: int, fields: CompetitionFields, actor_id: int
) -> Competition:
    """Replace the competition's settings; an unchanged form records nothing."""
    async with writing():
        competition = await get_competition(competition_id)
        before = _competition_values(competition)
        after = msgspec.structs.asdict(fields)
        if before == after:
            return competition
        await _check_competition(fields, competition_id)
        await Competition.update(after).where(Competition.id == competition_id)
        await audit.record(
            actor_id=actor_id,
            entity="competition",
            entity_id=competition_id,
            action="updated",
            before=before,
            after=after,
        )
    return await get_competition(competition_id)


async def patch_competition(
    competition_id: int, patch: CompetitionPatch, actor_id: int
) -> Competition:
    current = competition_fields(await get_competition(competition_id))
    fields = msgspec.structs.replace(current, **sent_fields(patch))
    return await update_competition(competition_id, fields, actor_id)
