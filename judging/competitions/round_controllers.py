"""A competition's rounds: the organizers' pages and API for their windows, panel and scoring
policy (a round's rubric has its own controllers)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.competitions import forms, round_setup, rubric, services
from judging.competitions.deps import PathCompetition, PathRound
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import RoundFields, RoundOut, RoundPatch
from judging.competitions.tables import Competition, Round
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.web.context import Context
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render, render_form
from judging.web.redisplay import form_page

ROUND_CREATED = N_("The round is created. Now set up its rubric.")
ROUND_SAVED = N_("The round is saved.")


async def new_round_page(
    competition: Competition, values: Any = None, failed: ValidationFailed | None = None
) -> Template:
    if values is None:
        defaults = RoundFields(name_en="", name_zh="")
        values = forms.round_form_values(defaults, competition.timezone)
    return render_form(
        "competitions/round_form.html",
        values=values,
        failed=failed,
        competition=competition,
        round=None,
    )


async def round_page(
    competition: Competition,
    competition_round: Round,
    values: Any = None,
    failed: ValidationFailed | None = None,
) -> Template:
    if values is None:
        fields = round_setup.round_fields(competition_round)
        values = forms.round_form_values(fields, competition.timezone)
    return render_form(
        "competitions/round_form.html",
        values=values,
        failed=failed,
        competition=competition,
        round=competition_round,
    )


class RoundPages(Controller):
    path = "/organize/{competition_id:int}/rounds"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="competition_rounds")
    async def rounds(self, competition: PathCompetition) -> Template:
        rows = await services.rounds(competition.id)
        ids = [row.id for row in rows]
        return render(
            "competitions/rounds.html",
            competition=competition,
            rounds=rows,
            totals=await rubric.rubric_totals(ids),
            frozen=await rubric.frozen_rounds(ids),
        )

    @get("/new", name="competition_round_new")
    async def new_round_form(self, competition: PathCompetition) -> Template:
        return await new_round_page(competition)

    @post("/new", opt=form_page(new_round_page))
    async def create_round(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Redirect:
        fields = parse_form(await request.form(), RoundFields)
        created = await round_setup.create_round(competition.id, fields, context.actor_id)
        notify(request, ROUND_CREATED, anchor="round-notice")
        return redirect_to(
            request, "competition_rubric", competition_id=competition.id, round_id=created.id
        )

    @get("/{round_id:int}", name="competition_round")
    async def round_form(
        self, competition: PathCompetition, competition_round: PathRound
    ) -> Template:
        return await round_page(competition, competition_round)

    @post("/{round_id:int}", opt=form_page(round_page))
    async def save_round(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        context: Context,
    ) -> Redirect:
        fields = parse_form(await request.form(), RoundFields)
        await round_setup.update_round(
            competition.id, competition_round.id, fields, context.actor_id
        )
        notify(request, ROUND_SAVED, anchor="round-notice")
        return redirect_to(request, "competition_rounds", competition_id=competition.id)


class RoundApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/rounds"
    tags = ["competitions"]
    guards = [is_organizer]

    @get("/", summary="Rounds of a competition, in order (times in its time zone)")
    async def list_rounds(self, competition: PathCompetition) -> list[RoundOut]:
        rows = await services.rounds(competition.id)
        frozen = await rubric.frozen_rounds(row.id for row in rows)
        return [round_setup.round_out(row, competition.timezone, row.id in frozen) for row in rows]

    @post(
        "/",
        summary="Add a round (times without an offset are in the competition's time zone)",
    )
    async def create_round(
        self, competition: PathCompetition, data: JSONBody[RoundFields], context: Context
    ) -> RoundOut:
        created = await round_setup.create_round(competition.id, data, context.actor_id)
        return round_setup.round_out(created, competition.timezone, False)

    @get("/{round_id:int}", summary="A round (times in the competition's time zone)")
    async def show_round(
        self, competition: PathCompetition, competition_round: PathRound
    ) -> RoundOut:
        frozen = await rubric.is_rubric_frozen(competition_round.id)
        return round_setup.round_out(competition_round, competition.timezone, frozen)

    @patch("/{round_id:int}", summary="Change a round (only the fields sent)")
    async def update_round(
        self,
        competition: PathCompetition,
        round_id: FromPath[int],
        data: JSONBody[RoundPatch],
        context: Context,
    ) -> RoundOut:
        found = await round_setup.patch_round(competition.id, round_id, data, context.actor_id)
        return round_setup.round_out(
            found, competition.timezone, await rubric.is_rubric_frozen(round_id)
        )
