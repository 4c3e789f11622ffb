"""Who may do what within a competition named by the ``competition_id`` path parameter."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from judging import permissions
from judging.accounts.guards import is_signed_in
from judging.competitions import services
from judging.errors import Forbidden, SignInRequired, refuses


async def _held_roles(connection: ASGIConnection) -> dict[int, set[str]]:
    # One membership query per request, however many guards ask.
    cached = connection.state.get("roles")
    if cached is None:
        cached = await services.roles_of(connection.user.id)
        connection.state.roles = cached
    return cached


async def _require_role(connection: ASGIConnection, handler: BaseRouteHandler, role: str) -> None:
    """The rule of ``role`` (:func:`judging.permissions.holds_role`) in the competition of the
    path, or in at least one competition on paths without one."""
    is_signed_in(connection, handler)
    account = connection.user
    competition_id = connection.path_params.get("competition_id")
    roles = await _held_roles(connection)
    if competition_id is None:
        allowed = permissions.holds_role_anywhere(account, roles, role)
    else:
        allowed = permissions.holds_role(account, roles.get(int(competition_id), set()), role)
    if not allowed:
        raise Forbidden()


@refuses(SignInRequired, Forbidden)
async def is_organizer(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Organizer of the competition in the path (or of any, on paths without one)."""
    await _require_role(connection, handler, permissions.ORGANIZER)


@refuses(SignInRequired, Forbidden)
async def is_judge(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Judge of the competition in the path (or of any, on paths without one)."""
    await _require_role(connection, handler, permissions.JUDGE)
