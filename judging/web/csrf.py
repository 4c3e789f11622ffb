"""CSRF protection for what the browser session authorizes.

A forged cross-site request rides on the cookies a browser sends by itself; a bearer token is
never sent that way (a page on another site cannot set the ``Authorization`` header without a
CORS preflight, which this app never grants). So a request the API token middleware
authenticated needs no CSRF header, and every other request is checked as Litestar does.
"""

from __future__ import annotations

from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send

from judging.accounts.tokens import TokenGrant


class SessionCSRFMiddleware(CSRFMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if isinstance(scope.get("auth"), TokenGrant):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
