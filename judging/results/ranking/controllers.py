"""The organizers' pages and JSON API over a round's ranking: the board with policy previews
and adopting one, each project's scorecards in full, and the judges' calibration."""

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
from judging.competitions.schemas import Aggregate, Normalize
from judging.errors import Conflict, DomainError, ValidationFailed
from judging.i18n import translate
from judging.results.ranking import services
from judging.results.ranking.board import display_moves, track_names, track_rows
from judging.results.ranking.calibration import Translate, calibration_charts
from judging.results.ranking.deps import RANKINGS_STORE
from judging.results.ranking.schemas import (
    Calibration,
    PolicyFields,
    PolicyOut,
    PolicyQuery,
    ProjectBreakdown,
    RankingOut,
)
from judging.web.forms import convert, parse_form, query_form
from judging.web.pages import problem_context, render, see_other
from judging.web.templating import locale_of

# Moves listed on the page before "show all" (the API always lists every move).
MOVES_SHOWN = 200
# The ranking page's notice, and the project page's after a moderation.
NOTICES = ("excluded", "included", "returned", "adopted")


def _translator(request: Request) -> Translate:
    locale = locale_of(request)
    return lambda message, **params: translate(locale, message, **params)


def round_base(competition_id: int, round_id: int) -> str:
    """The path of the organizers' pages of a round."""
    return f"/organize/{competition_id}/rounds/{round_id}"


class ResultsWorkbenchPages(Controller):
    """Organizers' pages over a round's ranking."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}"
    include_in_schema = False
    guards = [is_organizer]
    dependencies = RANKINGS_STORE

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
            await services.adopt_policy(competition_id, round_id, fields, request.user.id)
        except (ValidationFailed, Conflict) as problem:
            return await self._ranking_page(
                request, competition_id, round_id, rankings_store, problem=problem
            )
        return see_other(f"{round_base(competition_id, round_id)}/ranking?notice=adopted")

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
        round_row = await services.round_of(competition_id, round_id)
        out, rows = await services.ranking_and_rows(competition_id, round_id, store, query)
        board = out.ranking
        names = track_names(locale_of(request), board.tracks)
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
        return await project_page(
            request, competition_id, round_id, submission_id, rankings_store, notice=notice
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
        round_row = await services.round_of(competition_id, round_id)
        numbers = await services.calibration(competition_id, round_id, rankings_store)
        return render(
            "results/organizer_calibration.html",
            competition=competition,
            judging_round=round_row,
            calibration=numbers,
            charts=calibration_charts(numbers, _translator(request)),
        )


async def project_page(
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
    """The organizers' page of one project in the round (also shown again, with the problem,
    when a moderation of one of its cards is refused)."""
    competition = await competitions.get_competition(competition_id)
    round_row = await services.round_of(competition_id, round_id)
    breakdown = await services.project_breakdown(
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


def _policy_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


class ResultsWorkbenchApi(Controller):
    """A round's ranking (with policy previews), project breakdowns and judge calibration, for
    the competition's organizers. Unsafe requests carry the ``x-csrftoken`` header."""

    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}"
    tags = ["results"]
    guards = [is_organizer]
    dependencies = RANKINGS_STORE

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
        return await services.ranking(competition_id, round_id, rankings_store, query)

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
        return await services.adopt_policy(competition_id, round_id, data, request.user.id)

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
        return await services.project_breakdown(
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
        return await services.calibration(competition_id, round_id, rankings_store)
