"""A competition's people and invitations: the organizers' page and API for inviting and
revoking, and the invitee's page that accepts a link."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.accounts.session import start_session
from judging.clock import utcnow
from judging.competitions import invitations, services
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import InvitationAcceptance, InvitationCreate, InvitationOut
from judging.errors import Conflict, ValidationFailed
from judging.settings import Settings
from judging.web.forms import parse_form
from judging.web.pages import render_form, see_other


def invitation_ttl(settings: Settings) -> timedelta:
    return timedelta(hours=settings.invitation_ttl_hours)


class PeoplePages(Controller):
    """The competition's members and invitations, for its organizers."""

    path = "/organize/{competition_id:int}/people"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_people")
    async def people(
        self,
        competition_id: FromPath[int],
        invited: FromQuery[str] = "",
        resent: FromQuery[bool] = False,
        revoked: FromQuery[str] = "",
    ) -> Template:
        return await self._people_page(
            competition_id, invited=invited, resent=resent, revoked=revoked
        )

    @post("/invitations")
    async def invite(
        self, request: Request, competition_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            sent = await invitations.create_invitation(
                competition_id=competition_id,
                form=parse_form(form, InvitationCreate),
                inviter=request.user,
                base_url=settings.base_url,
                now=utcnow(),
                ttl=invitation_ttl(settings),
            )
        except ValidationFailed as failed:
            return await self._people_page(competition_id, values=form, failed=failed)
        notice = {"invited": sent.invitation.email} | ({"resent": "true"} if sent.resent else {})
        return see_other(f"/organize/{competition_id}/people?{urlencode(notice)}")

    @post("/invitations/{invitation_id:int}/revoke")
    async def revoke(
        self, request: Request, competition_id: FromPath[int], invitation_id: FromPath[int]
    ) -> Redirect:
        await invitations.revoke_invitation(competition_id, invitation_id, request.user, utcnow())
        return see_other(
            f"/organize/{competition_id}/people?{urlencode({'revoked': invitation_id})}"
        )

    @staticmethod
    async def _people_page(
        competition_id: int,
        values: Any = None,
        failed: ValidationFailed | None = None,
        invited: str = "",
        resent: bool = False,
        revoked: str = "",
    ) -> Template:
        competition = await services.get_competition(competition_id)
        return render_form(
            "competitions/people.html",
            values=values,
            failed=failed,
            competition=competition,
            members=await services.members(competition_id),
            invitations=await invitations.invitations(competition_id, utcnow()),
            invited=invited,
            resent=resent,
            revoked=revoked,
        )


class InvitationPages(Controller):
    path = "/invitations"
    include_in_schema = False

    @get("/{token:str}", name="invitation")
    async def show(self, request: Request, token: FromPath[str]) -> Template:
        return await self._invitation_page(token)

    @post("/{token:str}")
    async def accept(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        form = await request.form()
        now = utcnow()
        try:
            acceptance = None if request.user else parse_form(form, InvitationAcceptance)
            account = await invitations.accept_invitation(token, now, request.user, acceptance)
        except ValidationFailed as failed:
            return await self._invitation_page(token, values=form, failed=failed, now=now)
        if request.user is None:
            start_session(request, account)
        return see_other("/")

    @staticmethod
    async def _invitation_page(
        token: str,
        values: Any = None,
        failed: ValidationFailed | None = None,
        now: datetime | None = None,
    ) -> Template:
        invitation = await invitations.valid_invitation(token, now or utcnow())
        competition = await services.get_competition(invitation.competition)
        return render_form(
            "competitions/invitation.html",
            values=values,
            failed=failed,
            invitation=invitation,
            competition=competition,
            token=token,
        )


class InvitationApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/invitations"
    tags = ["competitions"]

    @get("/", summary="Invitations of a competition", guards=[is_organizer])
    async def list_invitations(self, competition_id: FromPath[int]) -> list[InvitationOut]:
        await services.get_competition(competition_id)
        rows = await invitations.invitations(competition_id, utcnow())
        return [invitations.invitation_out(row) for row in rows]

    @post(
        "/",
        summary="Invite an organizer or judge (the link is mailed through the outbox)",
        guards=[is_organizer],
    )
    async def create_invitation(
        self,
        request: Request,
        competition_id: FromPath[int],
        data: JSONBody[InvitationCreate],
        settings: NamedDependency[Settings],
    ) -> InvitationOut:
        sent = await invitations.create_invitation(
            competition_id=competition_id,
            form=data,
            inviter=request.user,
            base_url=settings.base_url,
            now=utcnow(),
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
        self, request: Request, competition_id: FromPath[int], invitation_id: FromPath[int]
    ) -> None:
        await invitations.revoke_invitation(competition_id, invitation_id, request.user, utcnow())
