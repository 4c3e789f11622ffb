"""The organizers' pages and JSON API over a round's ranking: the board with policy previews
and adopting one, each project's scorecards in full, and the judges' calibration."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Response, Template
from litestar.stores.base import Store

from judging.competitions.deps import PathCompetition, PathRound
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import Aggregate, Normalize
from judging.competitions.tables import Competition, Round
from judging.errors import Conflict, DomainError
from judging.i18n import N_, translate
from judging.results.ranking import services
from judging.results.ranking.board import (
    RANKING_PAGE_SIZE,
    display_moves,
    ranking_page_of,
    tie_breaker_rubric,
    track_names,
)
from judging.results.ranking.calibration import Translate, calibration_charts
from judging.results.ranking.deps import RANKINGS_STORE, provide_rankings_store
from judging.results.ranking.exports import ranking_csv_bytes
from judging.results.ranking.schemas import (
    Calibration,
    PolicyFields,
    PolicyOut,
    PolicyQuery,
    ProjectBreakdown,
    RankingOut,
)
from judging.results.sheets.policy_words import policy_sentence, tie_breaker_names
from judging.submissions.exports import CSV_MEDIA_TYPE
from judging.web.context import Context
from judging.web.forms import convert, parse_form, query_form
from judging.web.notices import notify
from judging.web.pages import attachment, problem_context, redirect_to, render
from judging.web.redisplay import form_page
from judging.web.templating import locale_of

# Moves listed on the page before "show all" (the API always lists every move).
MOVES_SHOWN = 200
POLICY_ADOPTED = N_("The previewed policy is now the round's scoring policy.")


def _translator(request: Request) -> Translate:
    locale = locale_of(request)
    return lambda message, **params: translate(locale, message, **params)


async def ranking_page(
    request: Request,
    competition: Competition,
    competition_round: Round,
    *,
    query: PolicyQuery | None = None,
    values: Mapping[str, Any] | None = None,
    failed: DomainError | None = None,
    track: str = "",
    all_moves: bool = False,
    search: str = "",
    page: int = 1,
) -> Template:
    """A round's ranking with the policy form (and, for ``query``, its preview); shown again
    with ``failed`` when a preview's parameters or adopting a policy are refused. The ranking
    itself is shown a page at a time (``RANKING_PAGE_SIZE``), by track and ``search``; the
    whole of it is the CSV download."""
    store = provide_rankings_store(request)
    out, rows = await services.ranking_and_rows(competition.id, competition_round.id, store, query)
    board = out.ranking
    locale = locale_of(request)
    names = track_names(locale, board.tracks)
    # The preview ranks with the same rubric, so both policies break ties alike.
    ties = tie_breaker_names(tie_breaker_rubric(board.criteria), locale)
    view = track if track in names else ""
    comparison = out.comparison
    preview_values = {
        name: "" if values is None else values.get(name, "")
        for name in PolicyQuery.__struct_fields__
    }
    current = {name: getattr(board.policy, name) for name in PolicyQuery.__struct_fields__}
    form_values = {name: preview_values[name] or _policy_text(current[name]) for name in current}
    preview_query = urlencode({name: value for name, value in preview_values.items() if value})
    needle = search.strip().casefold()
    unscored = [
        project
        for project in board.unscored
        if (not view or project.track == view) and needle in project.title.casefold()
    ]
    return render(
        "results/organizer_ranking.html",
        status_code=failed.status_code if failed else 200,
        competition=competition,
        judging_round=competition_round,
        out=out,
        board=board,
        view=view,
        track_names=names,
        ranking_page=ranking_page_of(rows, view or None, search, page),
        search=search.strip(),
        unscored=unscored[:RANKING_PAGE_SIZE],
        unscored_total=len(unscored),
        comparison=comparison,
        policy_words=policy_sentence(board.policy, locale, ties),
        preview_policy_words=policy_sentence(comparison.policy, locale, ties) if comparison else "",
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
        preview_values=preview_values,
        form=form_values,
        **problem_context(failed),
    )


async def preview_refused_page(
    request: Request,
    competition: Competition,
    competition_round: Round,
    failed: DomainError,
) -> Template:
    """The ranking without a preview, the query's parameters kept in the form with their
    errors (the page a preview's refused parameters are shown on)."""
    query = request.query_params
    return await ranking_page(
        request,
        competition,
        competition_round,
        values=dict(query_form(request, PolicyQuery).items()),
        failed=failed,
        track=query.get("track", ""),
        all_moves=query.get("moves", "") == "all",
    )


async def adopt_refused_page(
    request: Request, competition: Competition, competition_round: Round, failed: DomainError
) -> Template:
    """The ranking as it stands, saying why the policy was not adopted."""
    return await ranking_page(request, competition, competition_round, failed=failed)


class ResultsWorkbenchPages(Controller):
    """Organizers' pages over a round's ranking."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}"
    include_in_schema = False
    guards = [is_organizer]
    dependencies = RANKINGS_STORE

    # ------------------------------------------------------------ ranking

    @get("/ranking", name="round_ranking", opt=form_page(preview_refused_page))
    async def ranking(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        track: FromQuery[str] = "",
        moves: FromQuery[str] = "",
        q: FromQuery[str] = "",
        page: FromQuery[int] = 1,
    ) -> Template:
        form = query_form(request, PolicyQuery)
        return await ranking_page(
            request,
            competition,
            competition_round,
            query=parse_form(form, PolicyQuery),
            values=dict(form.items()),
            track=track,
            all_moves=moves == "all",
            search=q[:200],
            page=page,
        )

    @get("/ranking.csv", name="round_ranking_csv")
    async def ranking_csv(
        self, request: Request, competition: PathCompetition, competition_round: PathRound
    ) -> Response[bytes]:
        """The whole current ranking (every ranked project, every criterion) as a file."""
        store = provide_rankings_store(request)
        out, rows = await services.ranking_and_rows(
            competition.id, competition_round.id, store, None
        )
        content = ranking_csv_bytes(out.ranking, rows)
        name = f"ranking-{competition.slug}-round-{competition_round.id}.csv"
        return attachment(content, CSV_MEDIA_TYPE, name)

    @post("/ranking/policy", name="round_policy_adopt", opt=form_page(adopt_refused_page))
    async def adopt_policy(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        context: Context,
    ) -> Template | Redirect:
        fields = parse_form(await request.form(), PolicyFields)
        try:
            await services.adopt_policy(
                competition.id, competition_round.id, fields, context.actor_id
            )
        except Conflict as refused:
            return await adopt_refused_page(request, competition, competition_round, refused)
        notify(request, POLICY_ADOPTED)
        return redirect_to(
            request,
            "round_ranking",
            competition_id=competition.id,
            round_id=competition_round.id,
        )

    # ------------------------------------------------------------ one project

    @get("/ranking/projects/{submission_id:int}", name="round_ranking_project")
    async def project(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        submission_id: FromPath[int],
        context: Context,
    ) -> Template:
        return await project_page(
            request, competition, competition_round, submission_id, now=context.now
        )

    # ------------------------------------------------------------ calibration

    @get("/calibration", name="round_calibration")
    async def calibration(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        rankings_store: NamedDependency[Store],
    ) -> Template:
        numbers = await services.calibration(competition.id, competition_round.id, rankings_store)
        return render(
            "results/organizer_calibration.html",
            competition=competition,
            judging_round=competition_round,
            calibration=numbers,
            charts=calibration_charts(numbers, _translator(request)),
        )


async def project_page(
    request: Request,
    competition: Competition,
    competition_round: Round,
    submission_id: int,
    *,
    now: datetime,
    failed: DomainError | None = None,
    failed_card: int = 0,
    failed_action: str = "",
    values: Mapping[str, Any] | None = None,
) -> Template:
    """The organizers' page of one project in the round (also shown again, with the problem,
    when a moderation of one of its cards is refused)."""
    breakdown = await services.project_breakdown(
        competition.id, competition_round.id, submission_id, provide_rankings_store(request), now
    )
    return render(
        "results/organizer_project.html",
        status_code=failed.status_code if failed else 200,
        competition=competition,
        judging_round=competition_round,
        breakdown=breakdown,
        failed_card=failed_card,
        failed_action=failed_action,
        form=dict(values or {}),
        **problem_context(failed),
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
        context: Context,
    ) -> PolicyOut:
        return await services.adopt_policy(competition_id, round_id, data, context.actor_id)

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
        context: Context,
    ) -> ProjectBreakdown:
        return await services.project_breakdown(
            competition_id, round_id, submission_id, rankings_store, context.now
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
