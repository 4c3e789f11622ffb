"""The app shell: the home page that sends each role to its dashboard, admin home, health."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Redirect, Response, Template

from judging.accounts.guards import is_platform_admin
from judging.competitions import services as competitions
from judging.database import database_answers, engine
from judging.web.pages import render


class ShellPages(Controller):
    include_in_schema = False

    @get("/", name="home")
    async def home(self, request: Request) -> Template | Redirect:
        account = request.user
        if account is None:
            return render("home.html", competitions=await competitions.public_competitions())
        if account.is_platform_admin:
            return Redirect("/admin")
        roles = await competitions.roles_of(account.id)
        held = set().union(*roles.values()) if roles else set()
        if competitions.ORGANIZER in held:
            return Redirect("/organize")
        if competitions.JUDGE in held:
            return Redirect("/judge")
        return Redirect("/projects")

    @get("/admin", name="admin_dashboard", guards=[is_platform_admin])
    async def admin(self, request: Request) -> Template:
        return render(
            "admin/dashboard.html",
            competitions=await competitions.competitions_for(request.user, competitions.ORGANIZER),
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
