"""What the organizer controls on a live round: whether the board is public and whether its
totals are revealed; each change is audited and told to the round's screens."""

from __future__ import annotations

import msgspec

from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.tables import Round
from judging.database import writing
from judging.results.live.channels import notify_round_changed
from judging.results.live.schemas import LiveOptions, LiveOptionsPatch, LiveToggle

LIVE_OPTIONS = ("leaderboard_public", "reveal_totals")


async def live_options(competition_id: int, round_id: int) -> LiveOptions:
    found = await competitions.get_round(competition_id, round_id)
    return LiveOptions(found.leaderboard_public, found.reveal_totals)


async def set_live_options(
    competition_id: int, round_id: int, patch: LiveOptionsPatch, actor_id: int
) -> LiveOptions:
    """Change the options sent (audited when anything changes) and tell the round's screens."""
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET
    }
    async with writing():
        found = await competitions.get_round(competition_id, round_id)
        before = {name: getattr(found, name) for name in LIVE_OPTIONS}
        after = {**before, **changes}
        if after != before:
            await Round.update(
                {getattr(Round, name): value for name, value in changes.items()}
            ).where(Round.id == round_id)
            await audit.record(
                actor_id=actor_id,
                entity="round",
                entity_id=round_id,
                action="live_options_changed",
                before=before,
                after=after,
            )
    if after != before:
        await notify_round_changed(round_id)
    return LiveOptions(**after)


def toggle_patch(toggle: LiveToggle) -> LiveOptionsPatch:
    """The control panel's button as a patch of one option."""
    return LiveOptionsPatch(**{toggle.setting: toggle.value})
