"""Organizers advance each track's best projects of a round into a later round: the cut's
preview, its confirmation and commit, and withdrawing an advancement; pages and JSON API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from litestar.stores.base import Store

from judging.competitions.deps import PathCompetition, PathRound
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition, Round
from judging.errors import Conflict, DomainError, ValidationFailed
from judging.i18n import N_
from judging.results.advancement import services
from judging.results.advancement.schemas import (
    AdvancementCommit,
    AdvancementOutcome,
    AdvancementPlan,
    AdvancementQuery,
    AdvancementWithdrawal,
)
from judging.results.ranking.board import localized_name
from judging.results.ranking.deps import RANKINGS_STORE, provide_rankings_store
from judging.web.context import Context
from judging.web.forms import convert, parse_form, query_form
from judging.web.notices import notify
from judging.web.pages import problem_context, render, see_other
from judging.web.redisplay import form_page
from judging.web.templating import locale_of

COMMITTED = N_("Advancement saved. Projects newly admitted: %(count)s.")
WITHDRAWN = N_("The advancement is withdrawn.")


async def advancement_page(
    request: Request,
    competition: Competition,
    competition_round: Round,
    query: AdvancementQuery,
    *,
    values: Mapping[str, Any] | None = None,
    ticked: set[int] | None = None,
    failed: DomainError | None = None,
) -> Template:
    """The round's advancement page: the cut ``query`` previews, the form as typed, and why
    the last form was refused (``failed``)."""
    store = provide_rankings_store(request)
    competition_id, round_id = competition.id, competition_round.id
    try:
        plan = await services.advancement_plan(competition_id, round_id, query, store)
    except ValidationFailed as refused:
        plan = await services.advancement_plan(competition_id, round_id, AdvancementQuery(), store)
        failed = failed or refused
    form = {name: str(value) for name, value in (values or {}).items()}
    if plan.target_round_id is None and plan.targets:
        form.setdefault("target_round_id", str(plan.targets[0].id))
    return render(
        "results/organizer_advancement.html",
        status_code=failed.status_code if failed else 200,
        competition=competition,
        judging_round=competition_round,
        plan=plan,
        target_options=[
            (target.id, localized_name(locale_of(request), target)) for target in plan.targets
        ],
        ticked=ticked or set(),
        form=form,
        **problem_context(failed),
    )


async def preview_refused_page(
    request: Request, competition: Competition, competition_round: Round, failed: DomainError
) -> Template:
    """The page without a cut, the query's parameters kept in the form with their errors."""
    values = dict(query_form(request, AdvancementQuery).items())
    return await advancement_page(
        request, competition, competition_round, AdvancementQuery(), values=values, failed=failed
    )


async def form_refused_page(
    request: Request,
    competition: Competition,
    competition_round: Round,
    values: FormMultiDict,
    failed: DomainError,
) -> Template:
    """The page with the preview the refused form's valid fields give, and the form as sent."""
    typed = dict(values.items())
    return await advancement_page(
        request,
        competition,
        competition_round,
        _lenient_query(typed),
        values=typed,
        ticked={int(value) for value in values.getall("tied", []) if str(value).isdigit()},
        failed=failed,
    )


class AdvancementPages(Controller):
    """A round's advancement page: preview a cut, confirm and commit it, withdraw a project."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}/advancement"
    include_in_schema = False
    guards = [is_organizer]
    dependencies = RANKINGS_STORE

    @get("/", name="round_advancement", opt=form_page(preview_refused_page))
    async def advancement(
        self, request: Request, competition: PathCompetition, competition_round: PathRound
    ) -> Template:
        form = query_form(request, AdvancementQuery)
        query = parse_form(form, AdvancementQuery)
        asked = any(name in request.query_params for name in ("top_n", "top_percent"))
        if asked and query.top_n is query.top_percent is None:
            # The preview form was sent with no size (after a withdrawal the page is shown
            # for its target alone): say so beside the field rather than show nothing.
            raise ValidationFailed.single("top_n", services.NO_SIZE)
        return await advancement_page(
            request, competition, competition_round, query, values=dict(form.items())
        )

    @post("/", name="round_advancement_commit", opt=form_page(form_refused_page))
    async def commit(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        rankings_store: NamedDependency[Store],
        context: Context,
    ) -> Template | Redirect:
        form = await request.form()
        data = parse_form(form, AdvancementCommit)
        try:
            if not data.confirm:
                # Who would be admitted and mailed, and a button that confirms exactly that.
                preview = await services.advancement_preview(
                    competition.id, competition_round.id, data, rankings_store, context.base_url
                )
                return render(
                    "results/advancement_confirm.html",
                    competition=competition,
                    judging_round=competition_round,
                    preview=preview,
                    data=data,
                )
            outcome = await services.commit_advancement(
                competition.id,
                competition_round.id,
                data,
                context.actor_id,
                rankings_store,
                context.now,
                context.base_url,
            )
        except Conflict as refused:
            return await form_refused_page(request, competition, competition_round, form, refused)
        notify(request, COMMITTED, count=len(outcome.added))
        size = (
            {"top_n": data.top_n} if data.top_n is not None else {"top_percent": data.top_percent}
        )
        # The page shows the cut just committed again.
        query = urlencode({"target_round_id": outcome.target_round_id, **size})
        return _to_advancement(request, competition, competition_round, query)

    @post("/withdraw", name="round_advancement_withdraw", opt=form_page(form_refused_page))
    async def withdraw(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        context: Context,
    ) -> Template | Redirect:
        form = await request.form()
        data = parse_form(form, AdvancementWithdrawal)
        try:
            await services.withdraw_advancement(
                competition.id, competition_round.id, data, context.actor_id
            )
        except Conflict as refused:
            return await form_refused_page(request, competition, competition_round, form, refused)
        notify(request, WITHDRAWN)
        query = urlencode({"target_round_id": data.target_round_id})
        return _to_advancement(request, competition, competition_round, query)


def _to_advancement(
    request: Request, competition: Competition, competition_round: Round, query: str
) -> Redirect:
    page = request.app.route_reverse(
        "round_advancement", competition_id=competition.id, round_id=competition_round.id
    )
    return see_other(f"{page}?{query}")


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
        context: Context,
    ) -> AdvancementOutcome:
        return await services.commit_advancement(
            competition_id,
            round_id,
            data,
            context.actor_id,
            rankings_store,
            context.now,
            context.base_url,
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
        context: Context,
    ) -> None:
        await services.withdraw_advancement(competition_id, round_id, data, context.actor_id)
