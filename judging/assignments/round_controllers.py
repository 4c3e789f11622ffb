"""Pages and API of a round's assignment: who judges what, the solver's preview and commit,
one pair added or removed by hand."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.assignments import rounds, services, views
from judging.assignments.schemas import (
    AssignmentAdd,
    AssignmentOut,
    CommitOut,
    CommitRequest,
    PreviewOut,
    ProjectFilters,
    RoundAssignmentsOut,
)
from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.competitions.guards import is_organizer
from judging.errors import Conflict, ValidationFailed
from judging.settings import Settings
from judging.web.forms import parse_form, query_form
from judging.web.pages import render_form, see_other
from judging.web.templating import locale_of


class AssignmentPages(Controller):
    """A round's assignments: who judges what, the solver's preview and commit, manual edits."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}/assignments"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_assignments")
    async def show(
        self, request: Request, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> Template:
        try:
            filters = parse_form(query_form(request, ProjectFilters), ProjectFilters)
        except ValidationFailed as failed:
            page = await self._page(request, competition_id, round_id, filter_problem=failed)
            page.status_code = failed.status_code
            return page
        return await self._page(request, competition_id, round_id, filters=filters)

    @post("/preview")
    async def preview(
        self, request: Request, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> Template:
        found = await services.preview_round(competition_id, round_id)
        return await self._page(request, competition_id, round_id, preview=found)

    @post("/commit")
    async def commit(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            committed = await services.commit_round(
                competition_id,
                round_id,
                parse_form(form, CommitRequest).digest,
                actor_id=request.user.id,
                now=utcnow(),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            page = await self._page(request, competition_id, round_id, failed=failed)
            page.status_code = failed.status_code
            return page
        except services.StalePreview as stale:
            page = await self._page(
                request, competition_id, round_id, preview=stale.preview, refusal=stale
            )
            page.status_code = stale.status_code
            return page
        return see_other(
            f"/organize/{competition_id}/rounds/{round_id}/assignments"
            f"?committed={len(committed.added)}&mailed={committed.mailed_judges}"
        )

    @post("/")
    async def add(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await services.add_assignment(
                competition_id,
                round_id,
                parse_form(form, AssignmentAdd),
                actor_id=request.user.id,
                now=utcnow(),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            return await self._page(request, competition_id, round_id, values=form, failed=failed)
        return see_other(f"/organize/{competition_id}/rounds/{round_id}/assignments?added=1")

    @post("/{assignment_id:int}/delete")
    async def remove(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        assignment_id: FromPath[int],
    ) -> Template | Redirect:
        try:
            await services.remove_assignment(
                competition_id, round_id, assignment_id, actor_id=request.user.id
            )
        except Conflict as refused:
            page = await self._page(request, competition_id, round_id, refusal=refused)
            page.status_code = refused.status_code
            return page
        return see_other(f"/organize/{competition_id}/rounds/{round_id}/assignments?removed=1")

    async def _page(
        self,
        request: Request,
        competition_id: int,
        round_id: int,
        *,
        preview: services.Preview | None = None,
        values: Any = None,
        failed: ValidationFailed | None = None,
        refusal: Conflict | None = None,
        filters: ProjectFilters | None = None,
        filter_problem: ValidationFailed | None = None,
    ) -> Template:
        filters = filters or ProjectFilters()
        competition = await competitions.get_competition(competition_id)
        found, state = await rounds.round_state(competition_id, round_id)
        rows = await rounds.round_assignments(competition_id, round_id)
        table = views.round_table(state, rows, filters)
        query = request.query_params
        return render_form(
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
            tracks={row["key"]: row for row in await competitions.tracks(competition_id)},
            preview=preview,
            preview_loads=preview.loads() if preview else [],
            preview_expertise=preview.expertise() if preview else (0, 0),
            refusal=refusal,
            committed=query.get("committed", ""),
            mailed=query.get("mailed", ""),
            added=query.get("added", "") == "1",
            removed=query.get("removed", "") == "1",
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
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[CommitRequest],
        settings: NamedDependency[Settings],
    ) -> CommitOut:
        committed = await services.commit_round(
            competition_id,
            round_id,
            data.digest,
            actor_id=request.user.id,
            now=utcnow(),
            base_url=settings.base_url,
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
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[AssignmentAdd],
        settings: NamedDependency[Settings],
    ) -> AssignmentOut:
        assignment_id = await services.add_assignment(
            competition_id,
            round_id,
            data,
            actor_id=request.user.id,
            now=utcnow(),
            base_url=settings.base_url,
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
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        assignment_id: FromPath[int],
    ) -> None:
        await services.remove_assignment(
            competition_id, round_id, assignment_id, actor_id=request.user.id
        )
