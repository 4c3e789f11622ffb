"""Loads the signed-in account (or None) into ``request.user`` for every request: from the
session cookie, or, for the API, from a bearer token (``request.auth`` then holds its grant)."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)

from judging.accounts.deps import provide_role_lookup
from judging.accounts.session import (
    SESSION_ACCOUNT_KEY,
    SESSION_FINGERPRINT_KEY,
    credential_fingerprint,
)
from judging.accounts.tables import Account
from judging.accounts.token_services import TokenRefused, authenticate_token
from judging.accounts.tokens import TokenGrant, bearer_token
from judging.clock import utcnow
from judging.errors import TooManyAttempts
from judging.i18n import N_

TOKEN_RATE_WINDOW_SECONDS = 60
TOKEN_RATE_LIMITED = N_(
    "This API token made more than %(limit)s requests in a minute. Wait a minute and try again."
)


class AccountMiddleware(AbstractAuthenticationMiddleware):
    """Anonymous requests pass with ``user=None``; guards decide what they may see."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        authorization = connection.headers.get("authorization")
        if authorization is not None and connection.scope["path"].startswith("/api/"):
            # A request that names a token is the token's alone: a wrong one is refused, never
            # answered as the browser session that may come with it.
            return await self._token_request(connection, authorization)
        session = connection.scope.get("session") or {}
        account_id = session.get(SESSION_ACCOUNT_KEY)
        account = None
        if isinstance(account_id, int):
            account = await Account.objects().where(Account.id == account_id).first()
            if (
                account is None
                or not account.is_active
                or session.get(SESSION_FINGERPRINT_KEY) != credential_fingerprint(account)
            ):
                account = None
        if account is not None and not connection.scope["path"].startswith("/api/"):
            # Pages show the roles in their navigation; the API leaves them to the guards,
            # which load them when a rule needs them.
            roles = await provide_role_lookup(connection)(account.id)
            connection.scope.setdefault("state", {})["roles"] = roles
        return AuthenticationResult(user=account, auth=None)

    async def _token_request(
        self, connection: ASGIConnection, authorization: str
    ) -> AuthenticationResult:
        token = bearer_token(authorization)
        if token is None:
            raise TokenRefused()
        now = utcnow()
        account, grant = await authenticate_token(token, now)
        await _count_request(connection, grant, now)
        return AuthenticationResult(user=account, auth=grant)


async def _count_request(connection: ASGIConnection, grant: TokenGrant, now) -> None:
    """Each token has its own allowance per minute, counted atomically across processes."""
    limit = connection.app.state.settings.api_token_requests_per_minute
    counters = connection.app.state.counters
    count = await counters.hit(f"token:{grant.token_id}", TOKEN_RATE_WINDOW_SECONDS, now)
    if count > limit:
        raise TooManyAttempts(TOKEN_RATE_LIMITED, limit=limit)
