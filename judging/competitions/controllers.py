"""The competition itself: organizers' dashboard and overview, creating one (platform admins),
its settings, and the JSON API for them."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.accounts.guards import is_platform_admin, is_signed_in
from judging.competitions import competition_setup, forms, services
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import (
    CompetitionFields,
    CompetitionOut,
    CompetitionPatch,
    CompetitionSummary,
)
from judging.errors import ValidationFailed
from judging.web.forms import parse_form
from judging.web.pages import render, render_form, see_other


class OrganizerPages(Controller):
    path = "/organize"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_dashboard")
    async def dashboard(self, request: Request) -> Template:
        competitions = await services.competitions_for(request.user, services.ORGANIZER)
        return render("competitions/organizer_dashboard.html", competitions=competitions)

    @get("/{competition_id:int}", name="organizer_competition")
    async def competition(self, competition_id: FromPath[int]) -> Template:
        competition = await services.get_competition(competition_id)
        return render(
            "competitions/overview.html",
            competition=competition,
            tracks=await services.tracks(competition_id),
            rounds=await services.rounds(competition_id),
        )


def _competition_form_page(
    template_values: dict[str, Any] | None = None,
    failed: ValidationFailed | None = None,
    **context: Any,
) -> Template:
    return render_form(
        "competitions/competition_form.html",
        values=template_values,
        failed=failed,
        time_zones=forms.COMMON_TIME_ZONES,
        **context,
    )


class AdminCompetitionPages(Controller):
    """Platform admins create competitions; organizers then set them up."""

    path = "/admin/competitions"
    include_in_schema = False
    guards = [is_platform_admin]

    @get("/new", name="competition_new")
    async def new_form(self) -> Template:
        return _competition_form_page(
            {"timezone": "Asia/Shanghai", "is_public": "true"}, competition=None
        )

    @post("/new")
    async def create(self, request: Request) -> Template | Redirect:
        form = await request.form()
        try:
            fields = parse_form(form, CompetitionFields)
            competition = await competition_setup.create_competition(fields, request.user.id)
        except ValidationFailed as failed:
            return _competition_form_page(form, failed, competition=None)
        return see_other(f"/organize/{competition.id}")


class CompetitionSettingsPages(Controller):
    """An organizer's page for the competition's own settings."""

    path = "/organize/{competition_id:int}/settings"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="competition_settings")
    async def settings_form(
        self, competition_id: FromPath[int], saved: FromQuery[bool] = False
    ) -> Template:
        competition = await services.get_competition(competition_id)
        return _competition_form_page(
            forms.competition_form_values(competition), competition=competition, saved=saved
        )

    @post("/")
    async def save_settings(
        self, request: Request, competition_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        competition = await services.get_competition(competition_id)
        try:
            fields = parse_form(form, CompetitionFields)
            await competition_setup.update_competition(competition_id, fields, request.user.id)
        except ValidationFailed as failed:
            return _competition_form_page(form, failed, competition=competition)
        return see_other(f"/organize/{competition_id}/settings?saved=true")


class CompetitionApi(Controller):
    path = "/api/v1/competitions"
    tags = ["competitions"]

    @get("/", summary="Competitions the signed-in account holds a role in", guards=[is_signed_in])
    async def mine(self, request: Request) -> list[CompetitionSummary]:
        rows = await services.competitions_for(request.user)
        return [services.competition_summary(row) for row in rows]

    @post("/", summary="Create a competition (platform admins)", guards=[is_platform_admin])
    async def create(self, request: Request, data: JSONBody[CompetitionFields]) -> CompetitionOut:
        competition = await competition_setup.create_competition(data, request.user.id)
        return competition_setup.competition_out(competition)


class CompetitionSetupApi(Controller):
    """A competition's settings, for its organizers (its tracks, rounds and rubrics have their
    own controllers under the same path)."""

    path = "/api/v1/competitions/{competition_id:int}"
    tags = ["competitions"]
    guards = [is_organizer]

    @get("/", summary="A competition's settings")
    async def show(self, competition_id: FromPath[int]) -> CompetitionOut:
        competition = await services.get_competition(competition_id)
        return competition_setup.competition_out(competition)

    @patch("/", summary="Change a competition's settings (only the fields sent)")
    async def update(
        self, request: Request, competition_id: FromPath[int], data: JSONBody[CompetitionPatch]
    ) -> CompetitionOut:
        competition = await competition_setup.patch_competition(
            competition_id, data, request.user.id
        )
        return competition_setup.competition_out(competition)
