"""A competition's people and invitations: the organizers' page and API for inviting and
revoking, and the invitee's page that accepts a link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.accounts.session import start_session
from judging.competitions import invitations, services
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import InvitationAcceptance, InvitationCreate, InvitationOut
from judging.competitions.tables import Competition
from judging.errors import Conflict, ValidationFailed
from judging.i18n import N_
from judging.settings import Settings
from judging.web.context import Context, RequestContext
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render_form
from judging.web.redisplay import form_page
from judging.web.templating import locale_of

INVITED = N_("An invitation to %(email)s is in the outbox.")
RESENT = N_(
    "The invitation to %(email)s was sent again with a new link; the earlier link no longer works."
)
REVOKED = N_("The invitation was revoked; its link no longer works.")
# What an accepted invitation made of its holder, by the invitation's role.
JOINED = {
    services.JUDGE: N_("Welcome: you are now a judge of %(competition)s."),
    services.ORGANIZER: N_("Welcome: you are now an organizer of %(competition)s."),
}


def _name_in(competition: Competition, locale: str) -> str:
    # The notice is shown on the next page, in the language this request is answered in.
    first, second = (
        (competition.name_zh, competition.name_en)
        if locale == "zh_CN"
        else (competition.name_en, competition.name_zh)
    )
    return first or second


def invitation_ttl(settings: Settings) -> timedelta:
    return timedelta(hours=settings.invitation_ttl_hours)


async def people_page(
    competition: Competition,
    context: RequestContext,
    values: Any = None,
    failed: ValidationFailed | None = None,
) -> Template:
    return render_form(
        "competitions/people.html",
        values=values,
        failed=failed,
        competition=competition,
        members=await services.members(competition.id),
        invitations=await invitations.invitations(competition.id, context.now),
    )


async def invitation_page(
    token: str,
    context: RequestContext,
    values: Any = None,
    failed: ValidationFailed | None = None,
) -> Template:
    invitation = await invitations.valid_invitation(token, context.now)
    competition = await services.get_competition(invitation.competition)
    return render_form(
        "competitions/invitation.html",
        values=values,
        failed=failed,
        invitation=invitation,
        competition=competition,
        token=token,
    )


class PeoplePages(Controller):
    """The competition's members and invitations, for its organizers."""

    path = "/organize/{competition_id:int}/people"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_people")
    async def people(self, competition: PathCompetition, context: Context) -> Template:
        return await people_page(competition, context)

    @post("/invitations", name="organizer_invite", opt=form_page(people_page))
    async def invite(
        self,
        request: Request,
        competition_id: FromPath[int],
        context: Context,
        settings: NamedDependency[Settings],
    ) -> Redirect:
        sent = await invitations.create_invitation(
            competition_id=competition_id,
            form=parse_form(await request.form(), InvitationCreate),
            inviter=context.actor,
            base_url=context.base_url,
            now=context.now,
            ttl=invitation_ttl(settings),
        )
        notify(
            request,
            RESENT if sent.resent else INVITED,
            anchor="people-notice",
            email=sent.invitation.email,
        )
        return redirect_to(request, "organizer_people", competition_id=competition_id)

    @post("/invitations/{invitation_id:int}/revoke", name="organizer_invitation_revoke")
    async def revoke(
        self,
        request: Request,
        competition_id: FromPath[int],
        invitation_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        await invitations.revoke_invitation(
            competition_id, invitation_id, context.actor, context.now
        )
        notify(request, REVOKED, anchor="people-notice")
        return redirect_to(request, "organizer_people", competition_id=competition_id)


class InvitationPages(Controller):
    path = "/invitations"
    include_in_schema = False

    @get("/{token:str}", name="invitation")
    async def show(self, token: FromPath[str], context: Context) -> Template:
        return await invitation_page(token, context)

    @post("/{token:str}", opt=form_page(invitation_page))
    async def accept(self, request: Request, token: FromPath[str], context: Context) -> Redirect:
        form = await request.form()
        acceptance = None if context.actor else parse_form(form, InvitationAcceptance)
        accepted = await invitations.accept_invitation(
            token, context.now, context.actor, acceptance
        )
        if context.actor is None:
            start_session(request, accepted.account)
        competition = await services.get_competition(accepted.competition_id)
        notify(
            request,
            JOINED[accepted.role],
            anchor="invitation-notice",
            competition=_name_in(competition, locale_of(request)),
        )
        return redirect_to(request, "home")


class InvitationApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/invitations"
    tags = ["competitions"]

    @get("/", summary="Invitations of a competition", guards=[is_organizer])
    async def list_invitations(
        self, competition: PathCompetition, context: Context
    ) -> list[InvitationOut]:
        rows = await invitations.invitations(competition.id, context.now)
        return [invitations.invitation_out(row) for row in rows]

    @post(
        "/",
        summary="Invite an organizer or judge (the link is mailed through the outbox)",
        guards=[is_organizer],
    )
    async def create_invitation(
        self,
        competition_id: FromPath[int],
        data: JSONBody[InvitationCreate],
        context: Context,
        settings: NamedDependency[Settings],
    ) -> InvitationOut:
        sent = await invitations.create_invitation(
            competition_id=competition_id,
            form=data,
            inviter=context.actor,
            base_url=context.base_url,
            now=context.now,
            ttl=invitation_ttl(settings),
        )
        return invitations.sent_invitation_out(sent)

    @delete(
        "/{invitation_id:int}",
        status_code=204,
        summary="Revoke a pending invitation (its link stops working)",
        guards=[is_organizer],
        raises=[Conflict],
    )
    async def revoke_invitation(
        self, competition_id: FromPath[int], invitation_id: FromPath[int], context: Context
    ) -> None:
        await invitations.revoke_invitation(
            competition_id, invitation_id, context.actor, context.now
        )
