"""A screening round's outcomes: the organizers' page (disagreements first, a decision per
project, admitting the eligible) and API."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.errors import Conflict, ValidationFailed
from judging.i18n import N_
from judging.results.screening import services
from judging.results.screening.services import AdmitRequest, DecisionIn, ScreeningOverview
from judging.web.context import Context
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render_form
from judging.web.redisplay import form_page

DECIDED = N_("Your decision is saved.")
ADMITTED = N_("Admitted into the next round: %(count)s projects. Every team is told.")


async def screening_page(
    competition: Competition,
    round_id: int,
    values: Any = None,
    failed: ValidationFailed | None = None,
    refusal: Conflict | None = None,
) -> Template:
    page = render_form(
        "results/screening.html",
        values=values,
        failed=failed,
        competition=competition,
        screening=await services.overview(competition.id, round_id),
        refusal=refusal,
    )
    if refusal is not None:
        page.status_code = refusal.status_code
    return page


class ScreeningPages(Controller):
    path = "/organize/{competition_id:int}/rounds/{round_id:int}/screening"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="round_screening")
    async def show(self, competition: PathCompetition, round_id: FromPath[int]) -> Template:
        return await screening_page(competition, round_id)

    @post(
        "/{submission_id:int}/decision",
        name="round_screening_decide",
        opt=form_page(screening_page),
    )
    async def decide(
        self,
        request: Request,
        competition: PathCompetition,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        decision = parse_form(await request.form(), DecisionIn)
        await services.decide(
            competition.id, round_id, submission_id, decision, context.actor_id, context.now
        )
        notify(request, DECIDED, anchor="screening-notice")
        return redirect_to(
            request, "round_screening", competition_id=competition.id, round_id=round_id
        )

    @post("/admit", name="round_screening_admit", opt=form_page(screening_page))
    async def admit(
        self,
        request: Request,
        competition: PathCompetition,
        round_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        data = parse_form(await request.form(), AdmitRequest)
        try:
            added = await services.admit_eligible(
                competition.id, round_id, data, context.actor_id, context.now, context.base_url
            )
        except Conflict as refused:
            return await screening_page(competition, round_id, refusal=refused)
        notify(request, ADMITTED, anchor="screening-notice", count=len(added))
        return redirect_to(
            request, "round_screening", competition_id=competition.id, round_id=round_id
        )


class ScreeningApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}/screening"
    tags = ["screening"]
    guards = [is_organizer]

    @get(
        "/",
        summary="Every project of a screening round with its screeners' words and outcome",
        description="409 for a round that is scored, not screened.",
        raises=[Conflict],
    )
    async def overview(
        self, competition: PathCompetition, round_id: FromPath[int]
    ) -> ScreeningOverview:
        return await services.overview(competition.id, round_id)

    @put(
        "/{submission_id:int}/decision",
        summary="Decide a project's eligibility (stands over the screeners')",
        description="A reason is required; 409 for a round that is scored, not screened.",
        raises=[Conflict],
    )
    async def decide(
        self,
        competition: PathCompetition,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        context: Context,
        data: JSONBody[DecisionIn],
    ) -> ScreeningOverview:
        await services.decide(
            competition.id, round_id, submission_id, data, context.actor_id, context.now
        )
        return await services.overview(competition.id, round_id)

    @post(
        "/admit",
        status_code=200,
        summary="Admit the eligible projects into the next round (with `confirm`: true)",
        description="409 while a project has no outcome; every team is mailed its outcome.",
        raises=[Conflict],
    )
    async def admit(
        self,
        competition: PathCompetition,
        round_id: FromPath[int],
        context: Context,
        data: JSONBody[AdmitRequest],
    ) -> list[int]:
        return await services.admit_eligible(
            competition.id, round_id, data, context.actor_id, context.now, context.base_url
        )
