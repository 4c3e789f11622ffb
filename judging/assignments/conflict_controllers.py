"""Pages and API of conflicts of interest: organizers set and remove them, a judge declares
their own (for an organization, or for a project of their queue instead of scoring it) and
withdraws one."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.assignments import declared_conflicts, judges, outcome_notice, views
from judging.assignments.guards import is_assigned_judge
from judging.assignments.schemas import (
    ConflictCreate,
    ConflictOut,
    ConflictWithdrawal,
    DeclaredConflictOut,
    OwnConflictCreate,
    ProjectConflictCreate,
    ReassignmentOut,
)
from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.competitions.guards import is_judge, is_organizer
from judging.errors import Conflict, ValidationFailed
from judging.settings import Settings
from judging.web.forms import parse_form
from judging.web.pages import render_form, see_other
from judging.web.templating import locale_of


class ConflictPages(Controller):
    """A competition's conflicts of interest, for organizers: listed, set, removed."""

    path = "/organize/{competition_id:int}"
    include_in_schema = False
    guards = [is_organizer]

    @get("/conflicts", name="organizer_conflicts")
    async def conflicts(self, request: Request, competition_id: FromPath[int]) -> Template:
        return await self._conflicts_page(request, competition_id)

    @post("/conflicts")
    async def add_conflict(
        self, request: Request, competition_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            fields = parse_form(form, ConflictCreate)
            outcome = await declared_conflicts.declare_conflict(
                competition_id=competition_id,
                judge_id=fields.judge_id,
                submission_id=fields.submission_id,
                organization=fields.organization,
                reason=fields.reason,
                source="organizer",
                actor_id=request.user.id,
                now=utcnow(),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            return await self._conflicts_page(request, competition_id, values=form, failed=failed)
        outcome_notice.keep(request, outcome)
        return see_other(f"/organize/{competition_id}/conflicts?added={outcome.conflict_id}")

    @post("/conflicts/{conflict_id:int}/delete")
    async def remove_conflict(
        self, request: Request, competition_id: FromPath[int], conflict_id: FromPath[int]
    ) -> Template | Redirect:
        try:
            await declared_conflicts.remove_conflict(competition_id, conflict_id, request.user.id)
        except Conflict as refused:
            page = await self._conflicts_page(request, competition_id, refusal=refused)
            page.status_code = refused.status_code
            return page
        return see_other(f"/organize/{competition_id}/conflicts?removed={conflict_id}")

    async def _conflicts_page(
        self,
        request: Request,
        competition_id: int,
        *,
        values: Any = None,
        failed: ValidationFailed | None = None,
        refusal: Conflict | None = None,
    ) -> Template:
        competition = await competitions.get_competition(competition_id)
        joined = await judges.judge_infos(competition_id)
        return render_form(
            "assignments/conflicts.html",
            values=values,
            failed=failed,
            competition=competition,
            conflicts=await declared_conflicts.conflicts(competition_id),
            judges=sorted(joined, key=lambda judge: judge.display_name.casefold()),
            projects=await declared_conflicts.competition_projects(competition_id),
            refusal=refusal,
            added=request.query_params.get("added", "").isdigit(),
            removed=request.query_params.get("removed", "").isdigit(),
            outcome=outcome_notice.take(request),
        )


class JudgeConflictPages(Controller):
    """A judge's own conflicts: listed, declared, withdrawn, and declared instead of scoring."""

    path = "/judge"
    include_in_schema = False
    guards = [is_judge]

    @get("/competitions/{competition_id:int}/conflicts", name="judge_conflicts")
    async def conflicts(
        self,
        request: Request,
        competition_id: FromPath[int],
        declared: FromQuery[int] = -1,
        withdrawn: FromQuery[bool] = False,
    ) -> Template:
        return await self._conflicts_page(
            request, competition_id, declared=declared, withdrawn=withdrawn
        )

    @get(
        "/competitions/{competition_id:int}/conflicts/{conflict_id:int}/withdraw",
        name="judge_conflict_withdrawal",
    )
    async def withdrawal(
        self, competition_id: FromPath[int], conflict_id: FromPath[int], request: Request
    ) -> Template:
        return await self._withdrawal_page(request, competition_id, conflict_id)

    @post("/competitions/{competition_id:int}/conflicts/{conflict_id:int}/withdraw")
    async def withdraw(
        self,
        request: Request,
        competition_id: FromPath[int],
        conflict_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await declared_conflicts.withdraw_conflict(
                competition_id=competition_id,
                conflict_id=conflict_id,
                judge=request.user,
                reason=parse_form(form, ConflictWithdrawal).reason,
                now=utcnow(),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            return await self._withdrawal_page(
                request, competition_id, conflict_id, values=form, failed=failed
            )
        except Conflict as refused:
            page = await self._withdrawal_page(
                request, competition_id, conflict_id, refusal=refused
            )
            page.status_code = refused.status_code
            return page
        return see_other(f"/judge/competitions/{competition_id}/conflicts?withdrawn=true")

    @post("/competitions/{competition_id:int}/conflicts")
    async def declare(
        self,
        request: Request,
        competition_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            fields = parse_form(form, OwnConflictCreate)
            outcome = await declared_conflicts.declare_conflict(
                competition_id=competition_id,
                judge_id=request.user.id,
                submission_id=None,
                organization=fields.organization,
                reason=fields.reason,
                source="judge",
                actor_id=request.user.id,
                now=utcnow(),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            return await self._conflicts_page(request, competition_id, values=form, failed=failed)
        removed = views.removed_from(outcome, request.user.id)
        return see_other(f"/judge/competitions/{competition_id}/conflicts?declared={removed}")

    @post(
        "/rounds/{round_id:int}/projects/{submission_id:int}/conflict",
        guards=[is_assigned_judge],
    )
    async def declare_for_project(
        self,
        request: Request,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await declared_conflicts.declare_project_conflict(
                round_id=round_id,
                submission_id=submission_id,
                judge_id=request.user.id,
                reason=parse_form(form, ProjectConflictCreate).reason,
                now=utcnow(),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            return render_form(
                "assignments/project_conflict.html",
                values=form,
                failed=failed,
                round_id=round_id,
                project=await declared_conflicts.conflicted_project(submission_id),
            )
        return see_other("/judge?notice=conflict_declared")

    async def _conflicts_page(
        self,
        request: Request,
        competition_id: int,
        *,
        values: Any = None,
        failed: ValidationFailed | None = None,
        declared: int = -1,
        withdrawn: bool = False,
    ) -> Template:
        return render_form(
            "assignments/own_conflicts.html",
            values=values,
            failed=failed,
            competition=await competitions.get_competition(competition_id),
            conflicts=await declared_conflicts.conflicts(competition_id, judge_id=request.user.id),
            declared=declared,
            withdrawn=withdrawn,
        )

    async def _withdrawal_page(
        self,
        request: Request,
        competition_id: int,
        conflict_id: int,
        *,
        values: Any = None,
        failed: ValidationFailed | None = None,
        refusal: Conflict | None = None,
    ) -> Template:
        return render_form(
            "assignments/withdraw_conflict.html",
            values=values,
            failed=failed,
            competition=await competitions.get_competition(competition_id),
            conflict=await declared_conflicts.own_conflict(
                competition_id, conflict_id, request.user.id
            ),
            refusal=refusal,
        )


class ConflictApi(Controller):
    """A competition's conflicts of interest, for its organizers."""

    path = "/api/v1/competitions/{competition_id:int}"
    tags = ["judges and conflicts"]
    guards = [is_organizer]

    @get("/conflicts", summary="Conflicts of interest of a competition, newest first")
    async def list_conflicts(self, competition_id: FromPath[int]) -> list[ConflictOut]:
        await competitions.get_competition(competition_id)
        return [
            views.conflict_out(row) for row in await declared_conflicts.conflicts(competition_id)
        ]

    @post(
        "/conflicts",
        summary=(
            "Set a conflict of a judge with a project or an organization; the judge leaves the "
            "projects it covers in open rounds and they are reassigned"
        ),
    )
    async def add_conflict(
        self,
        request: Request,
        competition_id: FromPath[int],
        data: JSONBody[ConflictCreate],
        settings: NamedDependency[Settings],
    ) -> ReassignmentOut:
        outcome = await declared_conflicts.declare_conflict(
            competition_id=competition_id,
            judge_id=data.judge_id,
            submission_id=data.submission_id,
            organization=data.organization,
            reason=data.reason,
            source="organizer",
            actor_id=request.user.id,
            now=utcnow(),
            base_url=settings.base_url,
        )
        return views.outcome_out(locale_of(request), outcome)

    @delete(
        "/conflicts/{conflict_id:int}",
        summary="Remove a conflict set by an organizer (409 for one the judge declared)",
        raises=[Conflict],
    )
    async def remove_conflict(
        self, request: Request, competition_id: FromPath[int], conflict_id: FromPath[int]
    ) -> None:
        await declared_conflicts.remove_conflict(competition_id, conflict_id, request.user.id)


class JudgeConflictApi(Controller):
    """A judge declares a conflict with a project assigned to them, or withdraws one."""

    path = "/api/v1/judge"
    tags = ["judging"]
    guards = [is_judge]

    @post(
        "/rounds/{round_id:int}/projects/{submission_id:int}/conflict",
        guards=[is_assigned_judge],
        summary=(
            "Declare a conflict of interest with a project assigned to you, instead of scoring "
            "it; it leaves your queue (404 for a project not assigned to you)"
        ),
    )
    async def declare(
        self,
        request: Request,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        data: JSONBody[ProjectConflictCreate],
        settings: NamedDependency[Settings],
    ) -> DeclaredConflictOut:
        outcome = await declared_conflicts.declare_project_conflict(
            round_id=round_id,
            submission_id=submission_id,
            judge_id=request.user.id,
            reason=data.reason,
            now=utcnow(),
            base_url=settings.base_url,
        )
        return views.declared_conflict_out(outcome, request.user.id, submission_id)

    @post(
        "/competitions/{competition_id:int}/conflicts/{conflict_id:int}/withdrawal",
        status_code=200,
        summary=(
            "Withdraw a conflict you declared (kept, no longer counting; the organizers are "
            "mailed). 409 for one an organizer set or one already withdrawn, 404 for another "
            "judge's"
        ),
        raises=[Conflict],
    )
    async def withdraw(
        self,
        request: Request,
        competition_id: FromPath[int],
        conflict_id: FromPath[int],
        data: JSONBody[ConflictWithdrawal],
        settings: NamedDependency[Settings],
    ) -> ConflictOut:
        row = await declared_conflicts.withdraw_conflict(
            competition_id=competition_id,
            conflict_id=conflict_id,
            judge=request.user,
            reason=data.reason,
            now=utcnow(),
            base_url=settings.base_url,
        )
        return views.conflict_out(row)
