"""What every handler may need to know about the request it serves: who acts, when, and under
which address the app is reached (for links in mails). One dependency instead of reading the
account, the clock and the settings by hand in each handler."""

from __future__ import annotations

from datetime import datetime

import msgspec
from litestar import Request
from litestar.di import NamedDependency

from judging.accounts.tables import Account
from judging.clock import utcnow
from judging.settings import Settings


class RequestContext(msgspec.Struct, frozen=True):
    actor: Account | None
    """The signed-in account, None for a visitor (guards decide who may get this far)."""
    now: datetime
    """Read once per request, so every rule the request applies sees the same instant."""
    base_url: str
    """The app's public address (JUDGING_BASE_URL), for links that leave the site."""

    @property
    def actor_id(self) -> int | None:
        """The acting account's id, as the audit trail records it."""
        return self.actor.id if self.actor is not None else None


def provide_context(request: Request, settings: NamedDependency[Settings]) -> RequestContext:
    """The ``context`` dependency (see :func:`judging.app.create_app`)."""
    return RequestContext(actor=request.scope.get("user"), now=utcnow(), base_url=settings.base_url)


Context = NamedDependency[RequestContext]
"""A handler's ``context: Context`` parameter receives the request's :class:`RequestContext`."""
