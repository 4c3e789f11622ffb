"""Who may do what, for rules that only need the signed-in account."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from judging.accounts.tokens import TOKEN_SCOPE, TokenGrant, refusal
from judging.errors import Forbidden, SignInRequired, refuses


@refuses(SignInRequired)
def is_signed_in(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Any signed-in account."""
    if connection.scope.get("user") is None:
        raise SignInRequired()


@refuses(SignInRequired, Forbidden)
def is_platform_admin(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """A platform administrator."""
    is_signed_in(connection, handler)
    if not connection.user.is_platform_admin:
        raise Forbidden()


@refuses(Forbidden)
def token_allows(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """An API token's scopes allow the request (requests of the browser session pass)."""
    grant = connection.scope.get("auth")
    if not isinstance(grant, TokenGrant):
        return
    refused = refusal(
        grant, connection.method, handler.opt.get(TOKEN_SCOPE), connection.path_params
    )
    if refused is not None:
        message, params = refused
        raise Forbidden(message, **params)
