"""Organizers advance each track's best projects of a round into a later round: the cut's
preview, its confirmation and commit, and withdrawing an advancement; pages and JSON API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from litestar.stores.base import Store

from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.competitions.guards import is_organizer
from judging.errors import Conflict, DomainError, ValidationFailed
from judging.results.advancement import services
from judging.results.advancement.schemas import (
    AdvancementCommit,
    AdvancementOutcome,
    AdvancementPlan,
    AdvancementQuery,
    AdvancementWithdrawal,
)
from judging.results.ranking import services as ranking
from judging.results.ranking.board import localized_name
from judging.results.ranking.controllers import round_base
from judging.results.ranking.deps import RANKINGS_STORE
from judging.settings import Settings
from judging.web.forms import convert, parse_form, query_form
from judging.web.pages import problem_context, render, see_other
from judging.web.templating import locale_of

NOTICES = ("committed", "withdrawn")


class AdvancementPages(Controller):
    """A round's advancement page: preview a cut, confirm and commit it, withdraw a project."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}"
    include_in_schema = False
    guards = [is_organizer]
    dependencies = RANKINGS_STORE

    @get("/advancement", name="round_advancement")
    async def advancement(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        rankings_store: NamedDependency[Store],
        notice: FromQuery[str] = "",
        added: FromQuery[int] = 0,
    ) -> Template:
        form = query_form(request, AdvancementQuery)
        try:
            query = parse_form(form, AdvancementQuery)
            problem = None
        except ValidationFailed as failed:
            query, problem = AdvancementQuery(), failed
        return await self._advancement_page(
            request,
            competition_id,
            round_id,
            rankings_store,
            query,
            values=dict(form.items()),
            problem=problem,
            notice=notice,
            added=added,
        )

    @post("/advancement")
    async def commit(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        rankings_store: NamedDependency[Store],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await request.form()
        values = dict(form.items())
        try:
            data = parse_form(form, AdvancementCommit)
            if not data.confirm:
                # Who would be admitted and mailed, and a button that confirms exactly that.
                preview = await services.advancement_preview(
                    competition_id, round_id, data, rankings_store, settings.base_url
                )
                return render(
                    "results/advancement_confirm.html",
                    competition=await competitions.get_competition(competition_id),
                    judging_round=await ranking.round_of(competition_id, round_id),
                    preview=preview,
                    data=data,
                )
            outcome = await services.commit_advancement(
                competition_id,
                round_id,
                data,
                request.user.id,
                rankings_store,
                utcnow(),
                settings.base_url,
            )
        except (ValidationFailed, Conflict) as problem:
            query = _lenient_query(values)
            return await self._advancement_page(
                request,
                competition_id,
                round_id,
                rankings_store,
                query,
                values=values,
                ticked={int(value) for value in form.getall("tied", []) if str(value).isdigit()},
                problem=problem,
            )
        size = (
            {"top_n": data.top_n} if data.top_n is not None else {"top_percent": data.top_percent}
        )
        query = urlencode(
            {"target_round_id": outcome.target_round_id, **size, "notice": "committed"}
        )
        return see_other(
            f"{round_base(competition_id, round_id)}/advancement?{query}&added={len(outcome.added)}"
        )

    @post("/advancement/withdraw")
    async def withdraw(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        rankings_store: NamedDependency[Store],
    ) -> Template | Redirect:
        form = await request.form()
        values = dict(form.items())
        try:
            data = parse_form(form, AdvancementWithdrawal)
            await services.withdraw_advancement(competition_id, round_id, data, request.user.id)
        except (ValidationFailed, Conflict) as problem:
            return await self._advancement_page(
                request,
                competition_id,
                round_id,
                rankings_store,
                _lenient_query(values),
                values=values,
                problem=problem,
            )
        query = urlencode({"target_round_id": data.target_round_id, "notice": "withdrawn"})
        return see_other(f"{round_base(competition_id, round_id)}/advancement?{query}")

    async def _advancement_page(
        self,
        request: Request,
        competition_id: int,
        round_id: int,
        store: Store,
        query: AdvancementQuery,
        *,
        values: Mapping[str, Any] | None = None,
        ticked: set[int] | None = None,
        problem: DomainError | None = None,
        notice: str = "",
        added: int = 0,
    ) -> Template:
        competition = await competitions.get_competition(competition_id)
        round_row = await ranking.round_of(competition_id, round_id)
        try:
            plan = await services.advancement_plan(competition_id, round_id, query, store)
        except ValidationFailed as failed:
            plan = await services.advancement_plan(
                competition_id, round_id, AdvancementQuery(), store
            )
            problem = problem or failed
        form = {name: str(value) for name, value in (values or {}).items()}
        if plan.target_round_id is None and plan.targets:
            form.setdefault("target_round_id", str(plan.targets[0].id))
        return render(
            "results/organizer_advancement.html",
            status_code=problem.status_code if problem else 200,
            competition=competition,
            judging_round=round_row,
            plan=plan,
            target_options=[
                (target.id, localized_name(locale_of(request), target)) for target in plan.targets
            ],
            ticked=ticked or set(),
            form=form,
            notice=notice if notice in NOTICES else "",
            added=added,
            **problem_context(problem),
        )


def _lenient_query(values: Mapping[str, Any]) -> AdvancementQuery:
    """The preview to show again beside a refused form: its valid fields, one size at most."""
    kept: dict[str, Any] = {}
    for name in AdvancementQuery.__struct_fields__:
        value = values.get(name) or None
        if value is None or (name == "top_percent" and "top_n" in kept):
            continue
        try:
            convert({name: value}, AdvancementQuery)
        except ValidationFailed:
            continue
        kept[name] = value
    return convert(kept, AdvancementQuery)


class AdvancementApi(Controller):
    """Advancement into a later round, for the competition's organizers. Unsafe requests carry
    the ``x-csrftoken`` header."""

    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}"
    tags = ["results"]
    guards = [is_organizer]
    dependencies = RANKINGS_STORE

    @get(
        "/advancement",
        summary="Preview advancing each track's top N or top p% into a later round",
        description=(
            "Without `target_round_id` and a size, lists the later rounds on offer. Per track: "
            "who advances, who is tied at the cut and how many places are open to them."
        ),
        raises=[Conflict],
    )
    async def advancement_plan(
        self,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        rankings_store: NamedDependency[Store],
        target_round_id: FromQuery[int | None] = None,
        top_n: FromQuery[int | None] = None,
        top_percent: FromQuery[float | None] = None,
    ) -> AdvancementPlan:
        query = convert(
            {"target_round_id": target_round_id, "top_n": top_n, "top_percent": top_percent},
            AdvancementQuery,
        )
        return await services.advancement_plan(competition_id, round_id, query, rankings_store)

    @post(
        "/advancement",
        status_code=200,
        summary="Advance each track's top N or top p% into a later round (audited, idempotent)",
        description=(
            "A track whose cut falls inside a group of tied projects needs `tied`: exactly as "
            "many of them as the track has open places; or `advance_all_tied` to advance all "
            "of them. Refused with field errors `tied.<track key>` otherwise. Admitting mails "
            "the owner of each newly admitted project, so it needs `confirm: true`: without "
            "it nothing is admitted and the answer is 400 with a field error on `confirm` "
            "saying how many projects would be admitted and how many entrants mailed (GET "
            "the same path lists the cut)."
        ),
        raises=[Conflict],
    )
    async def commit(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[AdvancementCommit],
        rankings_store: NamedDependency[Store],
        settings: NamedDependency[Settings],
    ) -> AdvancementOutcome:
        return await services.commit_advancement(
            competition_id,
            round_id,
            data,
            request.user.id,
            rankings_store,
            utcnow(),
            settings.base_url,
        )

    @post(
        "/advancement/withdraw",
        status_code=204,
        summary="Withdraw a project's advancement into a later round (before it has scores)",
        raises=[Conflict],
    )
    async def withdraw(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[AdvancementWithdrawal],
    ) -> None:
        await services.withdraw_advancement(competition_id, round_id, data, request.user.id)
