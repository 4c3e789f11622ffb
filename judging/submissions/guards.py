"""Who may do what with a project named by the ``submission_id`` path parameter."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from judging.accounts.guards import is_signed_in
from judging.errors import NotFound, SignInRequired, refuses
from judging.submissions.tables import Submission


@refuses(SignInRequired, NotFound)
async def is_project_owner(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Only the project's owner; anyone else gets 404, so guessing ids reveals nothing."""
    is_signed_in(connection, handler)
    submission_id = connection.path_params.get("submission_id")
    owned = submission_id is not None and await Submission.exists().where(
        (Submission.id == int(submission_id)) & (Submission.owner == connection.user.id)
    )
    if not owned:
        raise NotFound()
