"""Who may watch a round's live leaderboard."""

from __future__ import annotations

import msgspec

from judging import permissions
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
    a private board exists): :func:`judging.permissions.can_view_board`, organizers of the
    competition and platform admins always, anyone else only while the board and the
    competition are public."""
    values = await live_round(round_id)
    competition_id = values.competition
    roles = await competitions.roles_in(account.id, competition_id) if account else set()
    if not permissions.can_view_board(
        account,
        roles,
        board_public=values.leaderboard_public,
        competition_public=values.competition_is_public,
    ):
        raise NotFound()
    organizer = account is not None and permissions.can_organize(account, roles)
    return Audience(round_id, competition_id, organizer=organizer)
