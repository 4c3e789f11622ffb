"""A project's team: the owner's invitations, removals and hand-over, a member leaving, and
the invitation link a co-founder opens."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from judging.accounts.guards import is_signed_in
from judging.errors import Conflict, Forbidden
from judging.i18n import N_
from judging.submissions import team
from judging.submissions.entrant_controllers import project_page
from judging.submissions.guards import is_on_project_team
from judging.web.context import Context
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render
from judging.web.redisplay import form_page

INVITED = N_("The invitation is on its way to %(email)s.")
REMOVED = N_("The team is changed.")
LEFT = N_("You left the project's team.")
HANDED_OVER = N_("The project has a new owner; you stay on its team.")
JOINED = N_("Welcome to the team: you can now edit this project.")


class TeamInvite(msgspec.Struct, forbid_unknown_fields=False):
    email: Annotated[
        str, msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    ]


def _to_project(request: Request, submission_id: int, notice: str, **params: object) -> Redirect:
    notify(request, notice, anchor="team-notice", **params)
    return redirect_to(request, "project", submission_id=submission_id)


class TeamPages(Controller):
    path = "/projects/{submission_id:int}/team"
    include_in_schema = False
    guards = [is_on_project_team]

    @post("/", name="project_team_invite", opt=form_page(project_page))
    async def invite(
        self, request: Request, submission_id: FromPath[int], context: Context
    ) -> Template | Redirect:
        data = parse_form(await request.form(), TeamInvite)
        try:
            member = await team.invite(
                context.actor, submission_id, data.email, context.base_url, context.now
            )
        except (Forbidden, Conflict) as refused:
            return await project_page(request, context, submission_id, refused)
        return _to_project(request, submission_id, INVITED, email=member.email)

    @post("/{member_id:int}/remove", name="project_team_remove")
    async def remove(
        self,
        request: Request,
        submission_id: FromPath[int],
        member_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        try:
            await team.remove(context.actor, submission_id, member_id)
        except Forbidden as refused:
            return await project_page(request, context, submission_id, refused)
        return _to_project(request, submission_id, REMOVED)

    @post("/{member_id:int}/owner", name="project_team_hand_over")
    async def hand_over(
        self,
        request: Request,
        submission_id: FromPath[int],
        member_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        try:
            await team.hand_over(context.actor, submission_id, member_id, context.now)
        except Forbidden as refused:
            return await project_page(request, context, submission_id, refused)
        return _to_project(request, submission_id, HANDED_OVER)

    @post("/leave", name="project_team_leave")
    async def leave(
        self, request: Request, submission_id: FromPath[int], context: Context
    ) -> Redirect:
        await team.leave(context.actor, submission_id)
        notify(request, LEFT, anchor="team-notice")
        return redirect_to(request, "entrant_dashboard")


class TeamInvitationPages(Controller):
    """The link in an invitation mail: whoever holds it sees what it is for; accepting needs
    the invited address's account."""

    path = "/team-invitations/{token:str}"
    include_in_schema = False

    @get("/", name="team_invitation")
    async def show(self, request: Request, token: FromPath[str], context: Context) -> Template:
        invitation = await team.pending_invitation(token, context.now)
        return render(
            "submissions/team_invitation.html",
            token=token,
            invitation=invitation,
            login_url=request.app.route_reverse("login") + "?next=" + request.url.path,
            register_url=request.app.route_reverse("register"),
        )

    @post("/", name="team_invitation_accept", guards=[is_signed_in])
    async def accept(self, request: Request, token: FromPath[str], context: Context) -> Redirect:
        submission_id = await team.accept(context.actor, token, context.now)
        notify(request, JOINED, anchor="team-notice")
        return redirect_to(request, "project", submission_id=submission_id)
