"""Server-side sessions whose id is replaced at sign-in, so a planted session id is useless."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)

ROTATE_FLAG = "rotate_session_id"


def rotate_session_id(connection: ASGIConnection) -> None:
    """Ask the session backend to store this session under a fresh id when the response goes out."""
    connection.scope.setdefault("state", {})[ROTATE_FLAG] = True


class RotatingSessionBackend(ServerSideSessionBackend):
    """Litestar's server-side backend, plus a fresh id when :func:`rotate_session_id` was called."""

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
        if state.get(ROTATE_FLAG) and old_id:
            await self.delete(old_id, store=self.config.get_store_from_app(connection.scope["app"]))
        await super().store_in_message(scope_session, message, connection)


@dataclass
class RotatingSessionConfig(ServerSideSessionConfig):
    """Session configuration using :class:`RotatingSessionBackend`."""

    _backend_class = RotatingSessionBackend  # type: ignore[assignment]
