"""Editing a judge's profile, by an organizer or by the judge: checked, audited, and followed
by the reassignment a drop-out or a new organization calls for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from judging.assignments.conflicts import judge_organization, normalized_organization
from judging.assignments.judges import get_profile, own_profile
from judging.assignments.reassignment import (
    ReassignmentOutcome,
    reassign_after_drop_out,
    resolve_conflicts,
)
from judging.assignments.schemas import JudgeFields, JudgePatch, OwnProfileFields, PoolJudge
from judging.assignments.tables import JudgeProfile
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.database import writing
from judging.errors import ValidationFailed
from judging.i18n import N_

PROFILE_FIELDS = ("display_name", "organization", "tracks", "max_load", "active")


@dataclass
class JudgeUpdate:
    profile: PoolJudge
    outcome: ReassignmentOutcome | None = None


async def _track_keys(competition_id: int) -> list[str]:
    return [row["key"] for row in await competitions.tracks(competition_id)]


async def _checked_tracks(competition_id: int, tracks: list[str]) -> list[str]:
    known = await _track_keys(competition_id)
    chosen = set(tracks)
    if chosen - set(known):
        raise ValidationFailed.single("tracks", N_("Choose tracks of this competition."))
    return [key for key in known if key in chosen]


def _profile_values(profile: PoolJudge) -> dict[str, Any]:
    # The editable fields by column name: what is compared, stored and audited.
    return {name: getattr(profile, name) for name in PROFILE_FIELDS}


async def _save_profile(
    competition_id: int,
    profile_id: int,
    values: dict[str, Any],
    *,
    actor_id: int,
    now: datetime,
    base_url: str | None,
) -> JudgeUpdate:
    """Store changed profile values (audited) and move projects the change takes away."""
    values["tracks"] = await _checked_tracks(competition_id, values["tracks"])
    async with writing():
        current = await get_profile(competition_id, profile_id)
        before = _profile_values(current)
        after = {**before, **values}
        if before == after:
            return JudgeUpdate(profile=current)
        await JudgeProfile.update({getattr(JudgeProfile, k): v for k, v in after.items()}).where(
            JudgeProfile.id == profile_id
        )
        await audit.record(
            actor_id=actor_id,
            entity="judge_profile",
            entity_id=profile_id,
            action="updated",
            before=before,
            after=after,
        )
        outcome: ReassignmentOutcome | None = None
        judge_id = current.account
        if judge_id is not None:
            organization_changed = normalized_organization(
                judge_organization(before["organization"], current.account_organization)
            ) != normalized_organization(
                judge_organization(after["organization"], current.account_organization)
            )
            if organization_changed:
                outcome = await resolve_conflicts(
                    competition_id, judge_id, actor_id=actor_id, now=now, base_url=base_url
                )
            if before["active"] and not after["active"]:
                dropped = await reassign_after_drop_out(
                    competition_id=competition_id,
                    judge_id=judge_id,
                    actor_id=actor_id,
                    now=now,
                    base_url=base_url,
                )
                outcome = dropped if outcome is None else _merged(outcome, dropped)
    return JudgeUpdate(profile=await get_profile(competition_id, profile_id), outcome=outcome)


def _merged(first: ReassignmentOutcome, second: ReassignmentOutcome) -> ReassignmentOutcome:
    first.merge(second)
    return first


async def update_judge(
    competition_id: int,
    profile_id: int,
    fields: JudgeFields,
    *,
    actor_id: int,
    now: datetime,
    base_url: str | None = None,
) -> JudgeUpdate:
    """An organizer sets a judge's name, organization, expertise, load limit and status.

    Marking a judge inactive is a drop-out (:func:`reassign_after_drop_out`); a new
    organization may create conflicts, which are resolved like declared ones.
    """
    return await _save_profile(
        competition_id,
        profile_id,
        msgspec.structs.asdict(fields),
        actor_id=actor_id,
        now=now,
        base_url=base_url,
    )


async def patch_judge(
    competition_id: int,
    profile_id: int,
    patch: JudgePatch,
    *,
    actor_id: int,
    now: datetime,
    base_url: str | None = None,
) -> JudgeUpdate:
    current = _profile_values(await get_profile(competition_id, profile_id))
    sent = {k: v for k, v in msgspec.structs.asdict(patch).items() if v is not msgspec.UNSET}
    return await _save_profile(
        competition_id,
        profile_id,
        {**current, **sent},
        actor_id=actor_id,
        now=now,
        base_url=base_url,
    )


async def update_own_profile(
    competition_id: int,
    account_id: int,
    fields: OwnProfileFields,
    *,
    now: datetime,
    base_url: str | None = None,
) -> JudgeUpdate:
    """A judge edits their name shown to organizers, organization and expertise."""
    profile = await own_profile(competition_id, account_id)
    return await _save_profile(
        competition_id,
        profile.id,
        msgspec.structs.asdict(fields),
        actor_id=account_id,
        now=now,
        base_url=base_url,
    )
