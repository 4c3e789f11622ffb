"""Entrant pages: their own projects."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Template

from judging.accounts.guards import is_signed_in
from judging.submissions import services
from judging.web.pages import render


class EntrantPages(Controller):
    path = "/projects"
    include_in_schema = False
    guards = [is_signed_in]

    @get("/", name="entrant_dashboard")
    async def dashboard(self, request: Request) -> Template:
        projects = await services.owned_by(request.user.id)
        return render("submissions/entrant_dashboard.html", projects=projects)
