"""Judge pages: the judge's competitions and queues."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Template

from judging.competitions import services as competitions
from judging.competitions.guards import is_judge
from judging.web.pages import render


class JudgePages(Controller):
    path = "/judge"
    include_in_schema = False
    guards = [is_judge]

    @get("/", name="judge_dashboard")
    async def dashboard(self, request: Request) -> Template:
        judged = await competitions.competitions_for(request.user, competitions.JUDGE)
        return render("reviews/judge_dashboard.html", competitions=judged)
