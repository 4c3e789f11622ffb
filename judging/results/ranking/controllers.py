"""The organizers' results workbench, pages and JSON API: a round's ranking with policy
previews, each project's breakdown with moderation of its scorecards, judge calibration and
advancement into a later round."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from litestar.stores.base import Store

from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import Aggregate, Normalize
from judging.errors import Conflict, DomainError, ValidationFailed
from judging.i18n import translate
from judging.results.advancement import services as advancement
from judging.results.moderation import services as moderation
from judging.results.ranking import services as workbench
from judging.results.ranking.board import display_moves, track_rows
from judging.results.ranking.calibration import Translate, calibration_charts
from judging.results.ranking.computed import STORE_NAME
from judging.results.ranking.schemas import (
    AdvancementCommit,
    AdvancementOutcome,
    AdvancementPlan,
    AdvancementQuery,
    AdvancementWithdrawal,
    Calibration,
    PolicyFields,
    PolicyOut,
    PolicyQuery,
    ProjectBreakdown,
    RankingOut,
    ScorecardInclusion,
    ScorecardModeration,
    ScorecardStateOut,
)
from judging.settings import Settings
from judging.web.forms import convert, parse_form, query_form
from judging.web.pages import problem_context, render, see_other
from judging.web.templating import locale_of

# Moves listed on the page before "show all" (the API always lists every move).
MOVES_SHOWN = 200
NOTICES = ("excluded", "included", "returned", "adopted", "committed", "withdrawn")


def provide_rankings_store(request: Request) -> Store:
    return request.app.stores.get(STORE_NAME)


DEPENDENCIES = {
    "rankings_store": Provide(provide_rankings_store, sync_to_thread=False),
}


def _localized_name(locale: str, row: Any) -> str:
    first, second = (row.name_zh, row.name_en) if locale == "zh_CN" else (row.name_en, row.name_zh)
    return first or second


def _names(locale: str, rows: list[Any]) -> dict[str, str]:
    """Track key -> the track's name in ``locale``."""
    return {row.key: _localized_name(locale, row) or row.key for row in rows}


def _translator(request: Request) -> Translate:
    locale = locale_of(request)
    return lambda message, **params: translate(locale, message, **params)


def _base(competition_id: int, round_id: int) -> str:
    return f"/organize/{competition_id}/rounds/{round_id}"


class ResultsWorkbenchPages(Controller):
    """Organizers' pages over a round's results."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}"
    include_in_schema = False
    guards = [is_organizer]
    dependencies = DEPENDENCIES

    # ------------------------------------------------------------ ranking

    @get("/ranking", name="round_ranking")
    async def ranking(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        rankings_store: NamedDependency[Store],
        track: FromQuery[str] = "",
        moves: FromQuery[str] = "",
        notice: FromQuery[str] = "",
    ) -> Template:
        form = query_form(request, PolicyQuery)
        try:
            query = parse_form(form, PolicyQuery)
            problem = None
        except ValidationFailed as failed:
            query, problem = None, failed
        return await self._ranking_page(
            request,
            competition_id,
            round_id,
            rankings_store,
            query=query,
            values=dict(form.items()),
            problem=problem,
            track=track,
            all_moves=moves == "all",
            notice=notice,
        )

    @post("/ranking/policy")
    async def adopt_policy(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        rankings_store: NamedDependency[Store],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            fields = parse_form(form, PolicyFields)
            await workbench.adopt_policy(competition_id, round_id, fields, request.user.id)
        except (ValidationFailed, Conflict) as problem:
            return await self._ranking_page(
                request, competition_id, round_id, rankings_store, problem=problem
            )
        return see_other(f"{_base(competition_id, round_id)}/ranking?notice=adopted")

    async def _ranking_page(
        self,
        request: Request,
        competition_id: int,
        round_id: int,
        store: Store,
        *,
        query: PolicyQuery | None = None,
        values: Mapping[str, Any] | None = None,
        problem: DomainError | None = None,
        track: str = "",
        all_moves: bool = False,
        notice: str = "",
    ) -> Template:
        competition = await competitions.get_competition(competition_id)
        round_row = await workbench.round_of(competition_id, round_id)
        out, rows = await workbench.ranking_and_rows(competition_id, round_id, store, query)
        board = out.ranking
        names = _names(locale_of(request), board.tracks)
        view = track if track in names else ""
        comparison = out.comparison
        preview_values = {
            name: "" if values is None else values.get(name, "")
            for name in PolicyQuery.__struct_fields__
        }
        current = {name: getattr(board.policy, name) for name in PolicyQuery.__struct_fields__}
        form_values = {
            name: preview_values[name] or _policy_text(current[name]) for name in current
        }
        preview_query = urlencode({name: value for name, value in preview_values.items() if value})
        return render(
            "results/organizer_ranking.html",
            status_code=problem.status_code if problem else 200,
            competition=competition,
            judging_round=round_row,
            out=out,
            board=board,
            view=view,
            track_names=names,
            rows=track_rows(rows, view or None),
            unscored=[project for project in board.unscored if not view or project.track == view],
            comparison=comparison,
            moves=(
                display_moves(comparison.moves, names, None if all_moves else MOVES_SHOWN)
                if comparison
                else []
            ),
            all_moves=all_moves,
            adopt_values={
                name: _policy_text(getattr(comparison.policy, name))
                for name in PolicyQuery.__struct_fields__
            }
            if comparison
            else {},
            preview_query=preview_query,
            form=form_values,
            notice=notice if notice in NOTICES else "",
            **problem_context(problem),
        )

    # ------------------------------------------------------------ one project

    @get("/ranking/projects/{submission_id:int}", name="round_ranking_project")
    async def project(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        submission_id: FromPath[int],
        rankings_store: NamedDependency[Store],
        notice: FromQuery[str] = "",
    ) -> Template:
        return await self._project_page(
            request, competition_id, round_id, submission_id, rankings_store, notice=notice
        )

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
            await moderation.exclude_scorecard(
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
            await moderation.include_scorecard(
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
            await moderation.return_scorecard(
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
        card = await moderation.card_of(competition_id, round_id, scorecard_id)
        form = await request.form()
        try:
            await act(form)
        except (ValidationFailed, Conflict) as problem:
            return await self._project_page(
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
        target = f"{_base(competition_id, round_id)}/ranking/projects/{card['submission']}"
        return see_other(f"{target}?notice={done}#card-{scorecard_id}")

    async def _project_page(
        self,
        request: Request,
        competition_id: int,
        round_id: int,
        submission_id: int,
        store: Store,
        *,
        notice: str = "",
        problem: DomainError | None = None,
        failed_card: int = 0,
        failed_action: str = "",
        values: Mapping[str, Any] | None = None,
    ) -> Template:
        competition = await competitions.get_competition(competition_id)
        round_row = await workbench.round_of(competition_id, round_id)
        breakdown = await workbench.project_breakdown(
            competition_id, round_id, submission_id, store, utcnow()
        )
        return render(
            "results/organizer_project.html",
            status_code=problem.status_code if problem else 200,
            competition=competition,
            judging_round=round_row,
            breakdown=breakdown,
            notice=notice if notice in NOTICES else "",
            failed_card=failed_card,
            failed_action=failed_action,
            form=dict(values or {}),
            **problem_context(problem),
        )

    # ------------------------------------------------------------ calibration

    @get("/calibration", name="round_calibration")
    async def calibration(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        rankings_store: NamedDependency[Store],
    ) -> Template:
        competition = await competitions.get_competition(competition_id)
        round_row = await workbench.round_of(competition_id, round_id)
        numbers = await workbench.calibration(competition_id, round_id, rankings_store)
        return render(
            "results/organizer_calibration.html",
            competition=competition,
            judging_round=round_row,
            calibration=numbers,
            charts=calibration_charts(numbers, _translator(request)),
        )

    # ------------------------------------------------------------ advancement

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
                preview = await advancement.advancement_preview(
                    competition_id, round_id, data, rankings_store, settings.base_url
                )
                return render(
                    "results/advancement_confirm.html",
                    competition=await competitions.get_competition(competition_id),
                    judging_round=await workbench.round_of(competition_id, round_id),
                    preview=preview,
                    data=data,
                )
            outcome = await advancement.commit_advancement(
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
            f"{_base(competition_id, round_id)}/advancement?{query}&added={len(outcome.added)}"
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
            await advancement.withdraw_advancement(competition_id, round_id, data, request.user.id)
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
        return see_other(f"{_base(competition_id, round_id)}/advancement?{query}")

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
        round_row = await workbench.round_of(competition_id, round_id)
        try:
            plan = await advancement.advancement_plan(competition_id, round_id, query, store)
        except ValidationFailed as failed:
            plan = await advancement.advancement_plan(
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
                (target.id, _localized_name(locale_of(request), target)) for target in plan.targets
            ],
            ticked=ticked or set(),
            form=form,
            notice=notice if notice in NOTICES else "",
            added=added,
            **problem_context(problem),
        )


def _policy_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


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


class ResultsWorkbenchApi(Controller):
    """A round's ranking (with policy previews), project breakdowns, judge calibration,
    moderation of scorecards and advancement, for the competition's organizers. Unsafe
    requests carry the ``x-csrftoken`` header."""

    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}"
    tags = ["results"]
    guards = [is_organizer]
    dependencies = DEPENDENCIES

    @get(
        "/ranking",
        summary="The round's ranking; with policy parameters also a preview and the moves",
        description=(
            "Every project with counted cards, in overall order (`criteria` holds the mean "
            "0-100 score per criterion, in the order of `ranking.criteria`), and those without. "
            "Any of `normalize`, `aggregate`, `trim`, `min_judges`, `disagreement` ranks the "
            "same cards again with the round's policy changed accordingly and adds "
            "`comparison`: the preview ranking and every project whose rank or track rank "
            "changes (positive changes move up), biggest moves first. Nothing is saved."
        ),
        raises=[Conflict],
    )
    async def ranking(
        self,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        rankings_store: NamedDependency[Store],
        normalize: FromQuery[Normalize | None] = None,
        aggregate: FromQuery[Aggregate | None] = None,
        trim: FromQuery[int | None] = None,
        min_judges: FromQuery[int | None] = None,
        disagreement: FromQuery[float | None] = None,
    ) -> RankingOut:
        query = convert(
            {
                "normalize": normalize,
                "aggregate": aggregate,
                "trim": trim,
                "min_judges": min_judges,
                "disagreement": disagreement,
            },
            PolicyQuery,
        )
        return await workbench.ranking(competition_id, round_id, rankings_store, query)

    @post(
        "/ranking/policy",
        status_code=200,
        summary="Adopt a scoring policy for the round (audited; refused once published)",
        raises=[Conflict],
    )
    async def adopt_policy(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[PolicyFields],
    ) -> PolicyOut:
        return await workbench.adopt_policy(competition_id, round_id, data, request.user.id)

    @get(
        "/ranking/projects/{submission_id:int}",
        summary="One project's scorecards in the round: raw and normalized scores, comments, "
        "notes, moderation and audit history",
        raises=[Conflict],
    )
    async def project(
        self,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        submission_id: FromPath[int],
        rankings_store: NamedDependency[Store],
    ) -> ProjectBreakdown:
        return await workbench.project_breakdown(
            competition_id, round_id, submission_id, rankings_store, utcnow()
        )

    @get(
        "/calibration",
        summary="Judge calibration: score distributions, leniency and Krippendorff's alpha",
        raises=[Conflict],
    )
    async def calibration(
        self,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        rankings_store: NamedDependency[Store],
    ) -> Calibration:
        return await workbench.calibration(competition_id, round_id, rankings_store)

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
        return await moderation.exclude_scorecard(
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
        return await moderation.include_scorecard(
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
        return await moderation.return_scorecard(
            competition_id,
            round_id,
            scorecard_id,
            data,
            request.user.id,
            settings.base_url,
            utcnow(),
        )

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
        return await advancement.advancement_plan(competition_id, round_id, query, rankings_store)

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
        return await advancement.commit_advancement(
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
        await advancement.withdraw_advancement(competition_id, round_id, data, request.user.id)
