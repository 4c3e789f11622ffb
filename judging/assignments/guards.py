"""Who may do what with assignments, for rules the competition guards do not cover."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from judging.accounts.guards import is_signed_in
from judging.assignments import access
from judging.errors import NotFound, SignInRequired, refuses


@refuses(SignInRequired, NotFound)
async def is_assigned_judge(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The signed-in judge is assigned to the project in the round named by the path and
    still judges its competition (:func:`judging.permissions.is_assigned_judge`).

    Anything else answers 404, so a judge cannot probe which projects exist.
    """
    is_signed_in(connection, handler)
    round_id = int(connection.path_params["round_id"])
    submission_id = int(connection.path_params["submission_id"])
    if not await access.is_assigned_judge(round_id, submission_id, connection.user.id):
        raise NotFound()
