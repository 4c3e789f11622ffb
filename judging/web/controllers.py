"""The app shell: the home page that sends each role to its dashboard, admin home, health."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Redirect, Response, Template

from judging.accounts.guards import is_platform_admin
from judging.competitions import services as competitions
from judging.database import database_answers, engine
from judging.web.context import Context
from judging.web.pages import render


def _dashboard(request: Request, route: str) -> Redirect:
    """The home page's redirect to a role's dashboard (a plain GET redirect, 302 as ever)."""
    return Redirect(request.app.route_reverse(route))


class ShellPages(Controller):
    include_in_schema = False

    @get("/", name="home")
    async def home(self, request: Request, context: Context) -> Template | Redirect:
        account = context.actor
        if account is None:
            return render("home.html", competitions=await competitions.public_competitions())
        if account.is_platform_admin:
            return _dashboard(request, "admin_dashboard")
        roles = await competitions.roles_of(account.id)
        held = set().union(*roles.values()) if roles else set()
        if competitions.ORGANIZER in held:
            return _dashboard(request, "organizer_dashboard")
        if competitions.JUDGE in held:
            return _dashboard(request, "judge_dashboard")
        return _dashboard(request, "entrant_dashboard")

    @get("/admin", name="admin_dashboard", guards=[is_platform_admin])
    async def admin(self, context: Context) -> Template:
        return render(
            "admin/dashboard.html",
            competitions=await competitions.competitions_for(context.actor, competitions.ORGANIZER),
        )

    @get("/livez", name="livez", opt={"skip_session": True, "exclude_from_auth": True})
    async def livez(self) -> Response[dict[str, str]]:
        """Liveness: the process answers (no database involved), for load balancers."""
        return Response({"status": "ok"}, status_code=200)

    @get("/healthz", name="healthz", opt={"skip_session": True, "exclude_from_auth": True})
    async def healthz(self) -> Response[dict[str, str]]:
        if await database_answers(engine()):
            return Response({"status": "ok"}, status_code=200)
        return Response({"status": "database unavailable"}, status_code=503)
