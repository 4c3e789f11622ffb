"""Organizers moderate a round's scorecards, on the project's page and over the JSON API:
leave a card out of the ranking, count it again, or send it back to its judge."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from litestar import Controller, Request, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.competitions.deps import PathCompetition, PathRound
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition, Round
from judging.errors import Conflict, DomainError
from judging.i18n import N_
from judging.results.moderation import services
from judging.results.moderation.schemas import (
    ScorecardInclusion,
    ScorecardModeration,
    ScorecardStateOut,
)
from judging.results.ranking.controllers import project_page
from judging.web.context import Context, provide_context
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to
from judging.web.redisplay import PageBuilder, form_page

EXCLUDED = N_("The scorecard is left out of the ranking.")
INCLUDED = N_("The scorecard counts in the ranking again.")
RETURNED = N_("The scorecard was sent back to its judge, who was mailed.")


def refused_page(action: str) -> PageBuilder:
    """The page a refused moderation ``action`` is shown on: the card's project page, with
    the problem and the reason typed beside that card's form."""

    async def page(
        request: Request,
        competition: Competition,
        competition_round: Round,
        scorecard_id: int,
        values: Mapping[str, Any],
        failed: DomainError,
    ) -> Template:
        card = await services.card_of(competition.id, competition_round.id, scorecard_id)
        return await project_page(
            request,
            competition,
            competition_round,
            card.submission,
            now=provide_context(request, request.app.state.settings).now,
            failed=failed,
            failed_card=scorecard_id,
            failed_action=action,
            values=dict(values.items()),
        )

    return page


class ScorecardModerationPages(Controller):
    """The project page's moderation forms: a refused one shows the page again, saying why."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}/scorecards/{scorecard_id:int}"
    include_in_schema = False
    guards = [is_organizer]

    @post("/exclude", name="scorecard_exclude", opt=form_page(refused_page("excluded")))
    async def exclude(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        scorecard_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        async def act(form: FormMultiDict) -> None:
            await services.exclude_scorecard(
                competition.id,
                competition_round.id,
                scorecard_id,
                parse_form(form, ScorecardModeration),
                context.actor_id,
                context.now,
            )

        return await _moderate(
            request, competition, competition_round, scorecard_id, act, "excluded", EXCLUDED
        )

    @post("/include", name="scorecard_include", opt=form_page(refused_page("included")))
    async def include(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        scorecard_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        async def act(form: FormMultiDict) -> None:
            await services.include_scorecard(
                competition.id,
                competition_round.id,
                scorecard_id,
                parse_form(form, ScorecardInclusion),
                context.actor_id,
                context.now,
            )

        return await _moderate(
            request, competition, competition_round, scorecard_id, act, "included", INCLUDED
        )

    @post("/return", name="scorecard_return", opt=form_page(refused_page("returned")))
    async def send_back(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        scorecard_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        async def act(form: FormMultiDict) -> None:
            await services.return_scorecard(
                competition.id,
                competition_round.id,
                scorecard_id,
                parse_form(form, ScorecardModeration),
                context.actor_id,
                context.base_url,
                context.now,
            )

        return await _moderate(
            request, competition, competition_round, scorecard_id, act, "returned", RETURNED
        )


async def _moderate(
    request: Request,
    competition: Competition,
    competition_round: Round,
    scorecard_id: int,
    act: Callable[[FormMultiDict], Awaitable[None]],
    action: str,
    done: str,
) -> Template | Redirect:
    """Apply ``act`` to the form; back on the card's project page, saying ``done`` (or, on a
    conflict, why not)."""
    card = await services.card_of(competition.id, competition_round.id, scorecard_id)
    form = await request.form()
    try:
        await act(form)
    except Conflict as refused:
        return await refused_page(action)(
            request, competition, competition_round, scorecard_id, form, refused
        )
    notify(request, done)
    return redirect_to(
        request,
        "round_ranking_project",
        fragment=f"card-{scorecard_id}",
        competition_id=competition.id,
        round_id=competition_round.id,
        submission_id=card.submission,
    )


class ScorecardModerationApi(Controller):
    """Moderation of a round's scorecards, for the competition's organizers. Unsafe requests
    carry the ``x-csrftoken`` header."""

    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}"
    tags = ["results"]
    guards = [is_organizer]

    @post(
        "/scorecards/{scorecard_id:int}/exclude",
        status_code=200,
        summary="Leave a scorecard out of the ranking, with a reason (audited)",
        raises=[Conflict],
    )
    async def exclude(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        scorecard_id: FromPath[int],
        data: JSONBody[ScorecardModeration],
        context: Context,
    ) -> ScorecardStateOut:
        return await services.exclude_scorecard(
            competition_id, round_id, scorecard_id, data, context.actor_id, context.now
        )

    @post(
        "/scorecards/{scorecard_id:int}/include",
        status_code=200,
        summary="Count an excluded scorecard again (audited)",
        raises=[Conflict],
    )
    async def include(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        scorecard_id: FromPath[int],
        data: JSONBody[ScorecardInclusion],
        context: Context,
    ) -> ScorecardStateOut:
        return await services.include_scorecard(
            competition_id, round_id, scorecard_id, data, context.actor_id, context.now
        )

    @post(
        "/scorecards/{scorecard_id:int}/return",
        status_code=200,
        summary="Send a submitted scorecard back to its judge for re-scoring, with a reason "
        "(audited, mailed to the judge)",
        raises=[Conflict],
    )
    async def send_back(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        scorecard_id: FromPath[int],
        data: JSONBody[ScorecardModeration],
        context: Context,
    ) -> ScorecardStateOut:
        return await services.return_scorecard(
            competition_id,
            round_id,
            scorecard_id,
            data,
            context.actor_id,
            context.base_url,
            context.now,
        )
