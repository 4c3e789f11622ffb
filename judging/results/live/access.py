"""Who may watch a round's live leaderboard."""

from __future__ import annotations

import msgspec

from judging.accounts.tables import Account
from judging.competitions import services as competitions
from judging.errors import NotFound
from judging.results.live.state import live_round


class Audience(msgspec.Struct, frozen=True):
    """Why a viewer may watch a round's board: as its organizer, or because it is public."""

    round_id: int
    competition_id: int
    organizer: bool


async def audience(account: Account | None, round_id: int) -> Audience:
    """The viewer's access to the round's board, else :class:`NotFound` (never revealing that
    a private board exists). Organizers of the competition and platform admins always; anyone
    else only while the board is public and the competition is public."""
    values = await live_round(round_id)
    competition_id = values["competition"]
    if account is not None and await competitions.has_role(
        account, competition_id, competitions.ORGANIZER
    ):
        return Audience(round_id, competition_id, organizer=True)
    if values["leaderboard_public"] and values["competition_is_public"]:
        return Audience(round_id, competition_id, organizer=False)
    raise NotFound()
