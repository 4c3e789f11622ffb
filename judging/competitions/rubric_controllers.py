"""A round's rubric: the organizers' editor page and API, refused once judges have scored."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.competitions import forms, rubric, services
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import RubricFields, RubricOut
from judging.errors import Conflict, ValidationFailed
from judging.web.pages import render_form, see_other


async def _rubric_page(
    competition_id: int,
    round_id: int,
    values: dict[str, Any],
    filled: int,
    failed: ValidationFailed | None = None,
    refusal: Conflict | None = None,
    saved: bool = False,
) -> Template:
    competition = await services.get_competition(competition_id)
    found = await services.get_round(competition_id, round_id)
    rows = await rubric.round_rubric(round_id)
    return render_form(
        "competitions/rubric.html",
        values=values,
        failed=failed,
        competition=competition,
        round=found,
        criteria=rows,
        total=rubric.total_text(rows),
        frozen=await rubric.is_rubric_frozen(round_id),
        frozen_message=rubric.FROZEN_MESSAGE,
        refusal=refusal,
        saved=saved,
        row_count=filled + forms.BLANK_CRITERIA,
    )


class RubricPages(Controller):
    path = "/organize/{competition_id:int}/rounds/{round_id:int}/rubric"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="competition_rubric")
    async def rubric_form(
        self, competition_id: FromPath[int], round_id: FromPath[int], saved: FromQuery[bool] = False
    ) -> Template:
        await services.get_round(competition_id, round_id)
        rows = await rubric.round_rubric(round_id)
        return await _rubric_page(
            competition_id, round_id, forms.rubric_form_values(rows), len(rows), saved=saved
        )

    @post("/")
    async def save_rubric(
        self, request: Request, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> Template | Redirect:
        await services.get_round(competition_id, round_id)
        rows = forms.rubric_form_rows(await request.form())
        try:
            await rubric.replace_rubric(
                competition_id, round_id, forms.parse_rubric_rows(rows), request.user.id
            )
        except ValidationFailed as failed:
            typed = forms.typed_rubric_values(rows)
            return await _rubric_page(competition_id, round_id, typed, len(rows), failed)
        except Conflict as refused:
            saved_rows = await rubric.round_rubric(round_id)
            page = await _rubric_page(
                competition_id,
                round_id,
                forms.rubric_form_values(saved_rows),
                len(saved_rows),
                refusal=refused,
            )
            page.status_code = refused.status_code
            return page
        return see_other(f"/organize/{competition_id}/rounds/{round_id}/rubric?saved=true")


class RubricApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}/rubric"
    tags = ["competitions"]
    guards = [is_organizer]

    @get("/", summary="A round's rubric (weights in percent)")
    async def show_rubric(
        self, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> RubricOut:
        await services.get_round(competition_id, round_id)
        return rubric.rubric_out(
            round_id, await rubric.round_rubric(round_id), await rubric.is_rubric_frozen(round_id)
        )

    @put(
        "/",
        summary="Replace a round's rubric (weights total 100%; 409 once any score exists)",
        raises=[Conflict],
    )
    async def replace_rubric(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[RubricFields],
    ) -> RubricOut:
        rows = await rubric.replace_rubric(competition_id, round_id, data, request.user.id)
        return rubric.rubric_out(round_id, rows, False)
