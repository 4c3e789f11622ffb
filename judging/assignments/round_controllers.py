"""Pages and API of a round's assignment: who judges what, the solver's preview and commit,
one pair added or removed by hand."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.assignments import rounds, services, views
from judging.assignments.schemas import (
    AssignmentAdd,
    AssignmentOut,
    CommitOut,
    CommitRequest,
    PairFilters,
    PreviewOut,
    ProjectFilters,
    RoundAssignmentsOut,
)
from judging.competitions import services as competitions
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.errors import Conflict, ValidationFailed
from judging.i18n import N_
from judging.web.context import Context
from judging.web.forms import parse_form, query_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render_form
from judging.web.redisplay import form_page
from judging.web.templating import locale_of


async def round_page(
    competition: Competition,
    round_id: int,
    *,
    preview: services.Preview | None = None,
    values: Any = None,
    failed: ValidationFailed | None = None,
    refusal: Conflict | None = None,
    filters: ProjectFilters | None = None,
    filter_problem: ValidationFailed | None = None,
    pair_filters: PairFilters | None = None,
    pair_filter_problem: ValidationFailed | None = None,
) -> Template:
    """A round's assignments page; after a failure, with the form as sent and why.

    With a ``preview``, its pairs as ``pair_filters`` select them: the very plan a commit of
    the digest on the page writes.
    """
    filters = filters or ProjectFilters()
    pair_filters = pair_filters or PairFilters()
    found, state = await rounds.round_state(competition.id, round_id)
    rows = await rounds.round_assignments(competition.id, round_id)
    table = views.round_table(state, rows, filters)
    page = render_form(
        "assignments/round.html",
        values=values,
        failed=failed,
        competition=competition,
        round=found,
        state=state,
        filters=filters,
        filter_problem=filter_problem,
        by_project=table.by_project,
        listed=table.listed,
        short=table.short,
        loads=table.loads,
        matches=table.matches,
        total=table.total,
        rate=table.rate,
        tracks={row["key"]: row for row in await competitions.tracks(competition.id)},
        preview=preview,
        preview_loads=preview.loads() if preview else [],
        preview_expertise=preview.expertise() if preview else (0, 0),
        pair_filters=pair_filters,
        pair_filter_problem=pair_filter_problem,
        pairs=views.filter_pairs(
            views.plan_pairs(preview.state, preview.problem.kept, preview.new_pairs),
            pair_filters,
        )
        if preview and preview.feasible
        else None,
        refusal=refusal,
    )
    problem = filter_problem or pair_filter_problem or refusal
    if problem is not None:
        page.status_code = problem.status_code
    return page


async def add_form_page(
    competition: Competition, round_id: int, values: Any, failed: ValidationFailed
) -> Template:
    """The round's page with the add-a-pair (or commit) form as sent and why it failed."""
    return await round_page(competition, round_id, values=values, failed=failed)


async def filtered_page(
    competition: Competition, round_id: int, failed: ValidationFailed
) -> Template:
    """The round's page, unfiltered, with why the filter in the query was refused."""
    return await round_page(competition, round_id, filter_problem=failed)


async def preview_filtered_page(
    competition: Competition, round_id: int, failed: ValidationFailed
) -> Template:
    """The preview with every pair listed, and why the filter in the query was refused."""
    found = await services.preview_round(competition.id, round_id)
    return await round_page(competition, round_id, preview=found, pair_filter_problem=failed)


class AssignmentPages(Controller):
    """A round's assignments: who judges what, the solver's preview and commit, manual edits."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}/assignments"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_assignments", opt=form_page(filtered_page))
    async def show(
        self, request: Request, competition: PathCompetition, round_id: FromPath[int]
    ) -> Template:
        filters = parse_form(query_form(request, ProjectFilters), ProjectFilters)
        return await round_page(competition, round_id, filters=filters)

    @post("/preview", name="organizer_assignments_preview")
    async def preview(self, competition: PathCompetition, round_id: FromPath[int]) -> Template:
        found = await services.preview_round(competition.id, round_id)
        return await round_page(competition, round_id, preview=found)

    @get(
        "/preview", name="organizer_assignments_preview_page", opt=form_page(preview_filtered_page)
    )
    async def preview_page(
        self, request: Request, competition: PathCompetition, round_id: FromPath[int]
    ) -> Template:
        """The preview again, for its pairs' pages and filters (it writes nothing)."""
        filters = parse_form(query_form(request, PairFilters), PairFilters)
        found = await services.preview_round(competition.id, round_id)
        return await round_page(competition, round_id, preview=found, pair_filters=filters)

    @post("/commit", name="organizer_assignments_commit", opt=form_page(add_form_page))
    async def commit(
        self,
        request: Request,
        competition: PathCompetition,
        round_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        digest = parse_form(await request.form(), CommitRequest).digest
        try:
            committed = await services.commit_round(
                competition.id,
                round_id,
                digest,
                actor_id=context.actor_id,
                now=context.now,
                base_url=context.base_url,
            )
        except services.StalePreview as stale:
            # Not a validation failure: the new preview is shown with why nothing was written.
            return await round_page(competition, round_id, preview=stale.preview, refusal=stale)
        notify(
            request,
            N_("Assignment committed: %(count)s new assignments; %(judges)s judges were mailed."),
            anchor="assignments-notice",
            count=len(committed.added),
            judges=committed.mailed_judges,
        )
        return _to_round(request, competition.id, round_id)

    @post("/", name="organizer_assignment_add", opt=form_page(add_form_page))
    async def add(
        self,
        request: Request,
        competition: PathCompetition,
        round_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        await services.add_assignment(
            competition.id,
            round_id,
            parse_form(await request.form(), AssignmentAdd),
            actor_id=context.actor_id,
            now=context.now,
            base_url=context.base_url,
        )
        notify(
            request,
            N_("The assignment is added and the judge was mailed."),
            anchor="assignments-notice",
        )
        return _to_round(request, competition.id, round_id)

    @post("/{assignment_id:int}/delete", name="organizer_assignment_remove")
    async def remove(
        self,
        request: Request,
        competition: PathCompetition,
        round_id: FromPath[int],
        assignment_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        try:
            await services.remove_assignment(
                competition.id, round_id, assignment_id, actor_id=context.actor_id
            )
        except Conflict as refused:
            # A refusal (the judge already scored it), not a validation failure.
            return await round_page(competition, round_id, refusal=refused)
        notify(request, N_("The assignment is removed."), anchor="assignments-notice")
        return _to_round(request, competition.id, round_id)


def _to_round(request: Request, competition_id: int, round_id: int) -> Redirect:
    return redirect_to(
        request, "organizer_assignments", competition_id=competition_id, round_id=round_id
    )


class AssignmentApi(Controller):
    """The assignment of a round's projects to judges, for the competition's organizers."""

    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}/assignments"
    tags = ["assignments"]
    guards = [is_organizer]

    @get("/", summary="Assignments of a round, with judges' loads and the expertise match rate")
    async def show(
        self, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> RoundAssignmentsOut:
        _, state = await rounds.round_state(competition_id, round_id)
        rows = await rounds.round_assignments(competition_id, round_id)
        return views.round_assignments_out(round_id, state, rows)

    @post(
        "/preview",
        status_code=200,
        summary=(
            "Preview the exact optimal assignment (existing pairs kept); writes nothing. "
            "When none exists, feasible is false and reasons say why"
        ),
    )
    async def preview(
        self, request: Request, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> PreviewOut:
        found = await services.preview_round(competition_id, round_id)
        return views.preview_out(locale_of(request), found)

    @post(
        "/commit",
        status_code=200,
        summary=(
            "Commit the previewed assignment named by its digest (409 when the plan changed "
            "since the preview); mails each judge who got projects"
        ),
        raises=[Conflict],
    )
    async def commit(
        self,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[CommitRequest],
        context: Context,
    ) -> CommitOut:
        committed = await services.commit_round(
            competition_id,
            round_id,
            data.digest,
            actor_id=context.actor_id,
            now=context.now,
            base_url=context.base_url,
        )
        return views.commit_out(committed)

    @post(
        "/",
        summary=(
            "Assign one judge to one project by hand (refused with field errors for a "
            "conflict, same organization, max_load, a full project or a duplicate)"
        ),
    )
    async def add(
        self,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[AssignmentAdd],
        context: Context,
    ) -> AssignmentOut:
        assignment_id = await services.add_assignment(
            competition_id,
            round_id,
            data,
            actor_id=context.actor_id,
            now=context.now,
            base_url=context.base_url,
        )
        return AssignmentOut(
            id=assignment_id,
            round_id=round_id,
            submission_id=data.submission_id,
            judge_id=data.judge_id,
            scored=False,
        )

    @delete(
        "/{assignment_id:int}",
        summary="Remove one assignment (409 once the judge submitted a scorecard for it)",
        raises=[Conflict],
    )
    async def remove(
        self,
        context: Context,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        assignment_id: FromPath[int],
    ) -> None:
        await services.remove_assignment(
            competition_id, round_id, assignment_id, actor_id=context.actor_id
        )
