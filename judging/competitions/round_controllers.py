"""A competition's rounds: the organizers' pages and API for their windows, panel and scoring
policy (a round's rubric has its own controllers)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.competitions import forms, round_setup, rubric, services
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import RoundFields, RoundOut, RoundPatch
from judging.competitions.tables import Competition, Round
from judging.errors import ValidationFailed
from judging.web.forms import parse_form
from judging.web.pages import render, render_form, see_other


def _round_page(
    competition: Competition,
    found: Round | None,
    values: Any,
    failed: ValidationFailed | None = None,
) -> Template:
    return render_form(
        "competitions/round_form.html",
        values=values,
        failed=failed,
        competition=competition,
        round=found,
    )


class RoundPages(Controller):
    path = "/organize/{competition_id:int}/rounds"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="competition_rounds")
    async def rounds(self, competition_id: FromPath[int]) -> Template:
        competition = await services.get_competition(competition_id)
        rows = await services.rounds(competition_id)
        ids = [row["id"] for row in rows]
        return render(
            "competitions/rounds.html",
            competition=competition,
            rounds=rows,
            totals=await rubric.rubric_totals(ids),
            frozen=await rubric.frozen_rounds(ids),
        )

    @get("/new", name="competition_round_new")
    async def new_round_form(self, competition_id: FromPath[int]) -> Template:
        competition = await services.get_competition(competition_id)
        defaults = RoundFields(name_en="", name_zh="")
        return _round_page(
            competition, None, forms.round_form_values(defaults, competition.timezone)
        )

    @post("/new")
    async def create_round(
        self, request: Request, competition_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        competition = await services.get_competition(competition_id)
        try:
            created = await round_setup.create_round(
                competition_id, parse_form(form, RoundFields), request.user.id
            )
        except ValidationFailed as failed:
            return _round_page(competition, None, form, failed)
        return see_other(f"/organize/{competition_id}/rounds/{created.id}/rubric")

    @get("/{round_id:int}", name="competition_round")
    async def round_form(self, competition_id: FromPath[int], round_id: FromPath[int]) -> Template:
        competition = await services.get_competition(competition_id)
        found = await services.get_round(competition_id, round_id)
        values = forms.round_form_values(round_setup.round_fields(found), competition.timezone)
        return _round_page(competition, found, values)

    @post("/{round_id:int}")
    async def save_round(
        self, request: Request, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        competition = await services.get_competition(competition_id)
        found = await services.get_round(competition_id, round_id)
        try:
            await round_setup.update_round(
                competition_id, round_id, parse_form(form, RoundFields), request.user.id
            )
        except ValidationFailed as failed:
            return _round_page(competition, found, form, failed)
        return see_other(f"/organize/{competition_id}/rounds")


class RoundApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/rounds"
    tags = ["competitions"]
    guards = [is_organizer]

    @get("/", summary="Rounds of a competition, in order (times in its time zone)")
    async def list_rounds(self, competition_id: FromPath[int]) -> list[RoundOut]:
        competition = await services.get_competition(competition_id)
        rows = await services.rounds(competition_id)
        frozen = await rubric.frozen_rounds(row["id"] for row in rows)
        return [
            round_setup.round_out(row, competition.timezone, row["id"] in frozen) for row in rows
        ]

    @post(
        "/",
        summary="Add a round (times without an offset are in the competition's time zone)",
    )
    async def create_round(
        self, request: Request, competition_id: FromPath[int], data: JSONBody[RoundFields]
    ) -> RoundOut:
        competition = await services.get_competition(competition_id)
        created = await round_setup.create_round(competition_id, data, request.user.id)
        return round_setup.round_out(created, competition.timezone, False)

    @get("/{round_id:int}", summary="A round (times in the competition's time zone)")
    async def show_round(self, competition_id: FromPath[int], round_id: FromPath[int]) -> RoundOut:
        competition = await services.get_competition(competition_id)
        found = await services.get_round(competition_id, round_id)
        return round_setup.round_out(
            found, competition.timezone, await rubric.is_rubric_frozen(round_id)
        )

    @patch("/{round_id:int}", summary="Change a round (only the fields sent)")
    async def update_round(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[RoundPatch],
    ) -> RoundOut:
        competition = await services.get_competition(competition_id)
        found = await round_setup.patch_round(competition_id, round_id, data, request.user.id)
        return round_setup.round_out(
            found, competition.timezone, await rubric.is_rubric_frozen(round_id)
        )
