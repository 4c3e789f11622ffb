"""Organizers moderate a round's scorecards, on the project's page and over the JSON API:
leave a card out of the ranking, count it again, or send it back to its judge."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from litestar.stores.base import Store

from judging.clock import utcnow
from judging.competitions.guards import is_organizer
from judging.errors import Conflict, ValidationFailed
from judging.results.moderation import services
from judging.results.moderation.schemas import (
    ScorecardInclusion,
    ScorecardModeration,
    ScorecardStateOut,
)
from judging.results.ranking.controllers import project_page, round_base
from judging.results.ranking.deps import RANKINGS_STORE
from judging.settings import Settings
from judging.web.forms import parse_form
from judging.web.pages import see_other


class ScorecardModerationPages(Controller):
    """The project page's moderation forms: a refused one shows the page again, saying why."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}"
    include_in_schema = False
    guards = [is_organizer]
    dependencies = RANKINGS_STORE

    @post("/scorecards/{scorecard_id:int}/exclude")
    async def exclude(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        scorecard_id: FromPath[int],
        rankings_store: NamedDependency[Store],
    ) -> Template | Redirect:
        async def act(form: FormMultiDict) -> None:
            await services.exclude_scorecard(
                competition_id,
                round_id,
                scorecard_id,
                parse_form(form, ScorecardModeration),
                request.user.id,
                utcnow(),
            )

        return await self._moderate(
            request, competition_id, round_id, scorecard_id, rankings_store, act, "excluded"
        )

    @post("/scorecards/{scorecard_id:int}/include")
    async def include(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        scorecard_id: FromPath[int],
        rankings_store: NamedDependency[Store],
    ) -> Template | Redirect:
        async def act(form: FormMultiDict) -> None:
            await services.include_scorecard(
                competition_id,
                round_id,
                scorecard_id,
                parse_form(form, ScorecardInclusion),
                request.user.id,
                utcnow(),
            )

        return await self._moderate(
            request, competition_id, round_id, scorecard_id, rankings_store, act, "included"
        )

    @post("/scorecards/{scorecard_id:int}/return")
    async def send_back(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        scorecard_id: FromPath[int],
        rankings_store: NamedDependency[Store],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        async def act(form: FormMultiDict) -> None:
            await services.return_scorecard(
                competition_id,
                round_id,
                scorecard_id,
                parse_form(form, ScorecardModeration),
                request.user.id,
                settings.base_url,
                utcnow(),
            )

        return await self._moderate(
            request, competition_id, round_id, scorecard_id, rankings_store, act, "returned"
        )

    async def _moderate(
        self,
        request: Request,
        competition_id: int,
        round_id: int,
        scorecard_id: int,
        store: Store,
        act: Any,
        done: str,
    ) -> Template | Redirect:
        card = await services.card_of(competition_id, round_id, scorecard_id)
        form = await request.form()
        try:
            await act(form)
        except (ValidationFailed, Conflict) as problem:
            return await project_page(
                request,
                competition_id,
                round_id,
                card["submission"],
                store,
                problem=problem,
                failed_card=scorecard_id,
                failed_action=done,
                values=dict(form.items()),
            )
        target = f"{round_base(competition_id, round_id)}/ranking/projects/{card['submission']}"
        return see_other(f"{target}?notice={done}#card-{scorecard_id}")


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
    ) -> ScorecardStateOut:
        return await services.exclude_scorecard(
            competition_id, round_id, scorecard_id, data, request.user.id, utcnow()
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
    ) -> ScorecardStateOut:
        return await services.include_scorecard(
            competition_id, round_id, scorecard_id, data, request.user.id, utcnow()
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
        settings: NamedDependency[Settings],
    ) -> ScorecardStateOut:
        return await services.return_scorecard(
            competition_id,
            round_id,
            scorecard_id,
            data,
            request.user.id,
            settings.base_url,
            utcnow(),
        )
