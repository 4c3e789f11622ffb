"""Ids in paths: a number no database column can hold names nothing (404, not a crash).

Routes take ids as ``{name:int}``; Python parses any length of digits, but SQLite and
PostgreSQL store 64-bit integers and refuse a larger one with an error. This middleware
answers such a request 404 before a guard or handler puts the number into a query.
"""

from __future__ import annotations

from litestar.exceptions import NotFoundException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

# The range of a signed 64-bit integer: SQLite's INTEGER and PostgreSQL's BIGINT.
SMALLEST_ID = -(2**63)
LARGEST_ID = 2**63 - 1


def storable(value: object) -> bool:
    """Whether ``value`` (a parsed path parameter) fits a database integer column."""
    return not isinstance(value, int) or SMALLEST_ID <= value <= LARGEST_ID


class StorableIdsMiddleware(ASGIMiddleware):
    """404 for a route whose integer path parameter is outside the 64-bit range."""

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if not all(storable(value) for value in scope.get("path_params", {}).values()):
            raise NotFoundException()
        await next_app(scope, receive, send)
