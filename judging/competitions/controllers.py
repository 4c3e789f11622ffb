"""Competition pages and API for organizers, invitees and the public."""

from __future__ import annotations

from datetime import timedelta

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.accounts.deps import provide_settings
from judging.accounts.guards import is_signed_in
from judging.accounts.session import start_session
from judging.clock import utcnow
from judging.competitions import services
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import (
    CompetitionSummary,
    InvitationAcceptance,
    InvitationCreate,
    InvitationOut,
)
from judging.competitions.tables import Competition
from judging.errors import NotFound, ValidationFailed
from judging.settings import Settings
from judging.web.forms import parse_form
from judging.web.pages import render, render_form, see_other

DEPENDENCIES = {"settings": Provide(provide_settings, sync_to_thread=False)}


def invitation_ttl(settings: Settings) -> timedelta:
    return timedelta(hours=settings.invitation_ttl_hours)


class OrganizerPages(Controller):
    path = "/organize"
    include_in_schema = False
    guards = [is_organizer]
    dependencies = DEPENDENCIES

    @get("/", name="organizer_dashboard")
    async def dashboard(self, request: Request) -> Template:
        competitions = await services.competitions_for(request.user, services.ORGANIZER)
        return render("competitions/organizer_dashboard.html", competitions=competitions)

    @get("/{competition_id:int}", name="organizer_competition")
    async def competition(self, competition_id: FromPath[int]) -> Template:
        competition = await services.get_competition(competition_id)
        return render("competitions/overview.html", competition=competition)

    @get("/{competition_id:int}/people", name="organizer_people")
    async def people(self, competition_id: FromPath[int], invited: FromQuery[str] = "") -> Template:
        return await self._people_page(competition_id, invited=invited)

    @post("/{competition_id:int}/people/invitations")
    async def invite(
        self, request: Request, competition_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await services.create_invitation(
                competition_id=competition_id,
                form=parse_form(form, InvitationCreate),
                inviter=request.user,
                base_url=settings.base_url,
                now=utcnow(),
                ttl=invitation_ttl(settings),
            )
        except ValidationFailed as failed:
            return await self._people_page(competition_id, values=form, failed=failed)
        return see_other(f"/organize/{competition_id}/people?invited={form.get('email', '')}")

    async def _people_page(
        self,
        competition_id: FromPath[int],
        values=None,
        failed: ValidationFailed | None = None,
        invited: FromQuery[str] = "",
    ) -> Template:
        competition = await services.get_competition(competition_id)
        return render_form(
            "competitions/people.html",
            values=values,
            failed=failed,
            competition=competition,
            members=await services.members(competition_id),
            invitations=await services.invitations(competition_id),
            invited=invited,
            now=utcnow(),
        )


class InvitationPages(Controller):
    path = "/invitations"
    include_in_schema = False

    @get("/{token:str}", name="invitation")
    async def show(self, request: Request, token: FromPath[str]) -> Template:
        invitation = await services.valid_invitation(token, utcnow())
        competition = await services.get_competition(invitation.competition)
        return render_form(
            "competitions/invitation.html",
            invitation=invitation,
            competition=competition,
            token=token,
        )

    @post("/{token:str}")
    async def accept(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        form = await request.form()
        now = utcnow()
        try:
            acceptance = None if request.user else parse_form(form, InvitationAcceptance)
            account = await services.accept_invitation(token, now, request.user, acceptance)
        except ValidationFailed as failed:
            invitation = await services.valid_invitation(token, now)
            competition = await services.get_competition(invitation.competition)
            return render_form(
                "competitions/invitation.html",
                values=form,
                failed=failed,
                invitation=invitation,
                competition=competition,
                token=token,
            )
        if request.user is None:
            start_session(request, account)
        return see_other("/")


class PublicCompetitionPages(Controller):
    path = "/competitions"
    include_in_schema = False

    @get("/{slug:str}", name="competition_public")
    async def show(self, slug: FromPath[str]) -> Template:
        competition = (
            await Competition.objects()
            .where((Competition.slug == slug) & (Competition.is_public.eq(True)))
            .first()
        )
        if competition is None:
            raise NotFound()
        return render("competitions/public.html", competition=competition)


class CompetitionApi(Controller):
    path = "/api/v1/competitions"
    tags = ["competitions"]
    dependencies = DEPENDENCIES

    @get("/", summary="Competitions the signed-in account holds a role in", guards=[is_signed_in])
    async def mine(self, request: Request) -> list[CompetitionSummary]:
        rows = await services.competitions_for(request.user)
        return [
            CompetitionSummary(
                id=row["id"],
                slug=row["slug"],
                name_en=row["name_en"],
                name_zh=row["name_zh"],
                timezone=row["timezone"],
                is_public=row["is_public"],
                roles=row["roles"],
            )
            for row in rows
        ]

    @get(
        "/{competition_id:int}/invitations",
        summary="Invitations of a competition",
        guards=[is_organizer],
    )
    async def list_invitations(self, competition_id: FromPath[int]) -> list[InvitationOut]:
        await services.get_competition(competition_id)
        now = utcnow()
        return [
            InvitationOut(
                id=row["id"],
                email=row["email"],
                role=row["role"],
                expires_at=row["expires_at"].isoformat(),
                used=row["used_at"] is not None or row["expires_at"] <= now,
            )
            for row in await services.invitations(competition_id)
        ]

    @post(
        "/{competition_id:int}/invitations",
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
        invitation, link = await services.create_invitation(
            competition_id=competition_id,
            form=data,
            inviter=request.user,
            base_url=settings.base_url,
            now=utcnow(),
            ttl=invitation_ttl(settings),
        )
        return InvitationOut(
            id=invitation.id,
            email=invitation.email,
            role=data.role,
            expires_at=invitation.expires_at.isoformat(),
            used=False,
            link=link,
        )
