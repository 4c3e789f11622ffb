"""A round's rubric: the organizers' editor page and API, refused once judges have scored."""

from __future__ import annotations

from litestar import Controller, Request, get, post, put
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.competitions import forms, rubric
from judging.competitions.deps import PathCompetition, PathRound
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import RubricFields, RubricOut
from judging.competitions.tables import Competition, Round
from judging.errors import Conflict, ValidationFailed
from judging.i18n import N_
from judging.web.context import Context
from judging.web.notices import notify
from judging.web.pages import redirect_to, render_form
from judging.web.redisplay import form_page

RUBRIC_SAVED = N_("The rubric is saved.")


async def rubric_page(
    competition: Competition,
    competition_round: Round,
    values: FormMultiDict | None = None,
    failed: ValidationFailed | None = None,
    refusal: Conflict | None = None,
) -> Template:
    """The editor: the saved rubric, or (``values``, a form that failed) the rows as typed."""
    rows = await rubric.round_rubric(competition_round.id)
    if values is None:
        shown, filled = forms.rubric_form_values(rows), len(rows)
    else:
        typed = forms.rubric_form_rows(values)
        shown, filled = forms.typed_rubric_values(typed), len(typed)
    return render_form(
        "competitions/rubric.html",
        values=shown,
        failed=failed,
        competition=competition,
        round=competition_round,
        criteria=rows,
        total=rubric.total_text(rows),
        frozen=await rubric.is_rubric_frozen(competition_round.id),
        frozen_message=rubric.FROZEN_MESSAGE,
        refusal=refusal,
        row_count=filled + forms.BLANK_CRITERIA,
    )


class RubricPages(Controller):
    path = "/organize/{competition_id:int}/rounds/{round_id:int}/rubric"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="competition_rubric")
    async def rubric_form(
        self, competition: PathCompetition, competition_round: PathRound
    ) -> Template:
        return await rubric_page(competition, competition_round)

    @post("/", opt=form_page(rubric_page))
    async def save_rubric(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        context: Context,
    ) -> Template | Redirect:
        rows = forms.rubric_form_rows(await request.form())
        try:
            await rubric.replace_rubric(
                competition.id,
                competition_round.id,
                forms.parse_rubric_rows(rows),
                context.actor_id,
            )
        except Conflict as refused:
            # A frozen rubric is not a form error: the page shows the saved rubric and why.
            page = await rubric_page(competition, competition_round, refusal=refused)
            page.status_code = refused.status_code
            return page
        notify(request, RUBRIC_SAVED, anchor="rubric-notice")
        return redirect_to(
            request,
            "competition_rubric",
            competition_id=competition.id,
            round_id=competition_round.id,
        )


class RubricApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}/rubric"
    tags = ["competitions"]
    guards = [is_organizer]

    @get("/", summary="A round's rubric (weights in percent)")
    async def show_rubric(self, competition_round: PathRound) -> RubricOut:
        round_id = competition_round.id
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
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[RubricFields],
        context: Context,
    ) -> RubricOut:
        rows = await rubric.replace_rubric(competition_id, round_id, data, context.actor_id)
        return rubric.rubric_out(round_id, rows, False)
