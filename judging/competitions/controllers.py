"""The competition itself: organizers' dashboard and overview, creating one (platform admins),
its settings, and the JSON API for them."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import JSONBody
from litestar.response import Redirect, Template

from judging.accounts.guards import is_platform_admin, is_signed_in
from judging.competitions import competition_setup, forms, services
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import (
    CompetitionFields,
    CompetitionOut,
    CompetitionPatch,
    CompetitionSummary,
)
from judging.competitions.tables import Competition
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.web.context import Context
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render, render_form
from judging.web.redisplay import form_page

SETTINGS_SAVED = N_("The settings are saved.")
COMPETITION_CREATED = N_("The competition is created. Add its tracks, rounds and people next.")


def _competition_form_page(
    competition: Competition | None,
    values: Any,
    failed: ValidationFailed | None = None,
) -> Template:
    return render_form(
        "competitions/competition_form.html",
        values=values,
        failed=failed,
        time_zones=forms.COMMON_TIME_ZONES,
        competition=competition,
    )


async def new_competition_page(values: Any, failed: ValidationFailed | None = None) -> Template:
    return _competition_form_page(None, values, failed)


async def settings_page(
    competition: Competition, values: Any = None, failed: ValidationFailed | None = None
) -> Template:
    shown = forms.competition_form_values(competition) if values is None else values
    return _competition_form_page(competition, shown, failed)


class OrganizerPages(Controller):
    path = "/organize"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_dashboard")
    async def dashboard(self, context: Context) -> Template:
        competitions = await services.competitions_for(context.actor, services.ORGANIZER)
        return render("competitions/organizer_dashboard.html", competitions=competitions)

    @get("/{competition_id:int}", name="organizer_competition")
    async def competition(self, competition: PathCompetition) -> Template:
        return render(
            "competitions/overview.html",
            competition=competition,
            tracks=await services.tracks(competition.id),
            rounds=await services.rounds(competition.id),
        )


class AdminCompetitionPages(Controller):
    """Platform admins create competitions; organizers then set them up."""

    path = "/admin/competitions"
    include_in_schema = False
    guards = [is_platform_admin]

    @get("/new", name="competition_new")
    async def new_form(self) -> Template:
        return await new_competition_page({"timezone": "Asia/Shanghai", "is_public": "true"})

    @post("/new", opt=form_page(new_competition_page))
    async def create(self, request: Request, context: Context) -> Redirect:
        fields = parse_form(await request.form(), CompetitionFields)
        competition = await competition_setup.create_competition(fields, context.actor_id)
        notify(request, COMPETITION_CREATED, anchor="competition-notice")
        return redirect_to(request, "organizer_competition", competition_id=competition.id)


class CompetitionSettingsPages(Controller):
    """An organizer's page for the competition's own settings."""

    path = "/organize/{competition_id:int}/settings"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="competition_settings")
    async def settings_form(self, competition: PathCompetition) -> Template:
        return await settings_page(competition)

    @post("/", opt=form_page(settings_page))
    async def save_settings(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Redirect:
        fields = parse_form(await request.form(), CompetitionFields)
        await competition_setup.update_competition(competition.id, fields, context.actor_id)
        notify(request, SETTINGS_SAVED, anchor="settings-notice")
        return redirect_to(request, "competition_settings", competition_id=competition.id)


class CompetitionApi(Controller):
    path = "/api/v1/competitions"
    tags = ["competitions"]

    @get("/", summary="Competitions the signed-in account holds a role in", guards=[is_signed_in])
    async def mine(self, context: Context) -> list[CompetitionSummary]:
        return await services.competitions_for(context.actor)

    @post("/", summary="Create a competition (platform admins)", guards=[is_platform_admin])
    async def create(self, data: JSONBody[CompetitionFields], context: Context) -> CompetitionOut:
        competition = await competition_setup.create_competition(data, context.actor_id)
        return competition_setup.competition_out(competition)


class CompetitionSetupApi(Controller):
    """A competition's settings, for its organizers (its tracks, rounds and rubrics have their
    own controllers under the same path)."""

    path = "/api/v1/competitions/{competition_id:int}"
    tags = ["competitions"]
    guards = [is_organizer]

    @get("/", summary="A competition's settings")
    async def show(self, competition: PathCompetition) -> CompetitionOut:
        return competition_setup.competition_out(competition)

    @patch("/", summary="Change a competition's settings (only the fields sent)")
    async def update(
        self, competition: PathCompetition, data: JSONBody[CompetitionPatch], context: Context
    ) -> CompetitionOut:
        changed = await competition_setup.patch_competition(competition.id, data, context.actor_id)
        return competition_setup.competition_out(changed)
