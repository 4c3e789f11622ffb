"""The platform admin's view of the outbox (the demo's mailbox when SMTP is not set)."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Template

from judging.accounts.guards import is_platform_admin
from judging.outbox import services
from judging.web.pages import render


class OutboxPages(Controller):
    path = "/admin/outbox"
    include_in_schema = False
    guards = [is_platform_admin]

    @get("/", name="outbox")
    async def index(self, request: Request) -> Template:
        return render(
            "outbox/index.html",
            messages=await services.recent_messages(),
            smtp_configured=bool(request.app.state.settings.smtp_url),
        )
