"""Who may do what with a project named by the ``submission_id`` path parameter."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from judging.accounts.guards import is_signed_in
from judging.errors import NotFound, SignInRequired, refuses
from judging.submissions import team


@refuses(SignInRequired, NotFound)
async def is_on_project_team(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Only the project's team (its owner and the members who accepted an invitation, see
    :mod:`judging.submissions.team`); anyone else gets 404, so guessing ids reveals nothing."""
    is_signed_in(connection, handler)
    submission_id = connection.path_params.get("submission_id")
    on_team = submission_id is not None and await team.is_on_team(
        connection.user.id, int(submission_id)
    )
    if not on_team:
        raise NotFound()
