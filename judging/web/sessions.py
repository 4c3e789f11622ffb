"""Server-side sessions: a fresh id at sign-in, and no store write when nothing changed."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)

ROTATE_FLAG = "rotate_session_id"
LOADED_KEY = "session_as_loaded"


def rotate_session_id(connection: ASGIConnection) -> None:
    """Ask the session backend to store this session under a fresh id when the response goes out."""
    connection.scope.setdefault("state", {})[ROTATE_FLAG] = True


class RotatingSessionBackend(ServerSideSessionBackend):
    """Litestar's server-side backend, plus two things.

    A fresh id when :func:`rotate_session_id` was called, so a session id planted before
    sign-in is useless after it; and no write when a request left its session as it found
    it, so reading pages does not rewrite the store on every request (the session then
    lasts ``max_age`` from its last change, e.g. the sign-in).
    """

    async def load_from_connection(self, connection: ASGIConnection) -> dict[str, Any]:
        data = await super().load_from_connection(connection)
        connection.scope.setdefault("state", {})[LOADED_KEY] = copy.deepcopy(data)
        return data

    def get_session_id(self, connection: ASGIConnection) -> str:
        state = connection.scope.get("state", {})
        if state.get(ROTATE_FLAG):
            new_id = state.get("rotated_session_id")
            if new_id is None:
                new_id = state["rotated_session_id"] = self.generate_session_id()
            return new_id
        return super().get_session_id(connection)

    async def store_in_message(self, scope_session, message, connection) -> None:  # type: ignore[no-untyped-def]
        state = connection.scope.get("state", {})
        old_id = connection.cookies.get(self.config.key)
        rotating = bool(state.get(ROTATE_FLAG))
        if not rotating and old_id and scope_session == state.get(LOADED_KEY, object()):
            return
        if rotating and old_id:
            await self.delete(old_id, store=self.config.get_store_from_app(connection.scope["app"]))
        await super().store_in_message(scope_session, message, connection)


@dataclass
class RotatingSessionConfig(ServerSideSessionConfig):
    """Session configuration using :class:`RotatingSessionBackend`."""

    _backend_class = RotatingSessionBackend  # type: ignore[assignment]
