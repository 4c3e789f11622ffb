"""Loads the signed-in account (or None) into ``request.user`` for every request."""

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


class AccountMiddleware(AbstractAuthenticationMiddleware):
    """Anonymous requests pass with ``user=None``; guards decide what they may see."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
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
