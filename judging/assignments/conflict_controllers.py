"""Pages and API of conflicts of interest: organizers set and remove them, a judge declares
their own (for an organization, or for a project of their queue instead of scoring it) and
withdraws one."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.accounts.tokens import SCORE, TOKEN_SCOPE
from judging.assignments import declared_conflicts, judges, outcome_notice, views
from judging.assignments.guards import is_assigned_judge
from judging.assignments.schemas import (
    ConflictCreate,
    ConflictOut,
    ConflictRow,
    ConflictWithdrawal,
    DeclaredConflictOut,
    OwnConflictCreate,
    ProjectConflictCreate,
    ReassignmentOut,
)
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_judge, is_organizer
from judging.competitions.tables import Competition
from judging.errors import Conflict, ValidationFailed
from judging.i18n import N_
from judging.web.context import Context
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render_form
from judging.web.redisplay import form_page
from judging.web.templating import locale_of


async def conflicts_page(
    competition: Competition,
    values: Any = None,
    failed: ValidationFailed | None = None,
    refusal: Conflict | None = None,
) -> Template:
    """The organizers' list of a competition's conflicts, with the form to set one."""
    joined = await judges.judge_infos(competition.id)
    return render_form(
        "assignments/conflicts.html",
        values=values,
        failed=failed,
        competition=competition,
        conflicts=await declared_conflicts.conflicts(competition.id),
        judges=sorted(joined, key=lambda judge: judge.display_name.casefold()),
        projects=await declared_conflicts.competition_projects(competition.id),
        refusal=refusal,
    )


async def own_conflicts_page(
    request: Request,
    competition: Competition,
    values: Any = None,
    failed: ValidationFailed | None = None,
) -> Template:
    """A judge's own conflicts in a competition, with the form to declare one."""
    return render_form(
        "assignments/own_conflicts.html",
        values=values,
        failed=failed,
        competition=competition,
        conflicts=await declared_conflicts.conflicts(competition.id, judge_id=request.user.id),
    )


async def withdrawal_page(
    request: Request,
    competition: Competition,
    conflict_id: int,
    values: Any = None,
    failed: ValidationFailed | None = None,
    refusal: Conflict | None = None,
) -> Template:
    """The confirmation (with a reason) before a judge withdraws their conflict."""
    return render_form(
        "assignments/withdraw_conflict.html",
        values=values,
        failed=failed,
        competition=competition,
        conflict=await declared_conflicts.own_conflict(
            competition.id, conflict_id, request.user.id
        ),
        refusal=refusal,
    )


async def project_conflict_page(
    round_id: int, submission_id: int, values: Any = None, failed: ValidationFailed | None = None
) -> Template:
    """The form a judge declares a conflict with a project of their queue on."""
    return render_form(
        "assignments/project_conflict.html",
        values=values,
        failed=failed,
        round_id=round_id,
        project=await declared_conflicts.conflicted_project(submission_id),
    )


class ConflictPages(Controller):
    """A competition's conflicts of interest, for organizers: listed, set, removed."""

    path = "/organize/{competition_id:int}"
    include_in_schema = False
    guards = [is_organizer]

    @get("/conflicts", name="organizer_conflicts")
    async def conflicts(self, request: Request, competition: PathCompetition) -> Template:
        return await conflicts_page(competition)

    @post("/conflicts", name="organizer_conflict_add", opt=form_page(conflicts_page))
    async def add_conflict(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Redirect:
        fields = parse_form(await request.form(), ConflictCreate)
        outcome = await declared_conflicts.declare_conflict(
            competition_id=competition.id,
            judge_id=fields.judge_id,
            submission_id=fields.submission_id,
            organization=fields.organization,
            reason=fields.reason,
            source="organizer",
            actor_id=context.actor_id,
            now=context.now,
            base_url=context.base_url,
        )
        outcome_notice.keep(request, outcome)
        notify(request, N_("The conflict is recorded."), anchor="conflicts-notice")
        return redirect_to(request, "organizer_conflicts", competition_id=competition.id)

    @post("/conflicts/{conflict_id:int}/delete", name="organizer_conflict_remove")
    async def remove_conflict(
        self,
        request: Request,
        competition: PathCompetition,
        conflict_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        try:
            await declared_conflicts.remove_conflict(competition.id, conflict_id, context.actor_id)
        except Conflict as refused:
            # A refusal, not a validation failure: the list again, with why.
            page = await conflicts_page(competition, refusal=refused)
            page.status_code = refused.status_code
            return page
        notify(request, N_("The conflict is removed."), anchor="conflicts-notice")
        return redirect_to(request, "organizer_conflicts", competition_id=competition.id)


class JudgeConflictPages(Controller):
    """A judge's own conflicts: listed, declared, withdrawn, and declared instead of scoring."""

    path = "/judge"
    include_in_schema = False
    guards = [is_judge]

    @get("/competitions/{competition_id:int}/conflicts", name="judge_conflicts")
    async def conflicts(self, request: Request, competition: PathCompetition) -> Template:
        return await own_conflicts_page(request, competition)

    @get(
        "/competitions/{competition_id:int}/conflicts/{conflict_id:int}/withdraw",
        name="judge_conflict_withdrawal",
    )
    async def withdrawal(
        self, request: Request, competition: PathCompetition, conflict_id: FromPath[int]
    ) -> Template:
        return await withdrawal_page(request, competition, conflict_id)

    @post(
        "/competitions/{competition_id:int}/conflicts/{conflict_id:int}/withdraw",
        name="judge_conflict_withdraw",
        opt=form_page(withdrawal_page),
    )
    async def withdraw(
        self,
        request: Request,
        competition: PathCompetition,
        conflict_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        reason = parse_form(await request.form(), ConflictWithdrawal).reason
        try:
            await declared_conflicts.withdraw_conflict(
                competition_id=competition.id,
                conflict_id=conflict_id,
                judge=context.actor,
                reason=reason,
                now=context.now,
                base_url=context.base_url,
            )
        except Conflict as refused:
            # A refusal (already withdrawn, set by an organizer), not a validation failure.
            page = await withdrawal_page(request, competition, conflict_id, refusal=refused)
            page.status_code = refused.status_code
            return page
        notify(
            request,
            N_("Your conflict is withdrawn. The organizers are told."),
            anchor="conflicts-notice",
        )
        return redirect_to(request, "judge_conflicts", competition_id=competition.id)

    @post(
        "/competitions/{competition_id:int}/conflicts",
        name="judge_conflict_declare",
        opt=form_page(own_conflicts_page),
    )
    async def declare(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Redirect:
        fields = parse_form(await request.form(), OwnConflictCreate)
        outcome = await declared_conflicts.declare_conflict(
            competition_id=competition.id,
            judge_id=context.actor_id,
            submission_id=None,
            organization=fields.organization,
            reason=fields.reason,
            source="judge",
            actor_id=context.actor_id,
            now=context.now,
            base_url=context.base_url,
        )
        notify(
            request,
            N_("Your conflict is recorded. Projects removed from your queue: %(count)s."),
            anchor="conflicts-notice",
            count=views.removed_from(outcome, context.actor_id),
        )
        return redirect_to(request, "judge_conflicts", competition_id=competition.id)

    @post(
        "/rounds/{round_id:int}/projects/{submission_id:int}/conflict",
        name="judge_project_conflict",
        guards=[is_assigned_judge],
        opt=form_page(project_conflict_page),
    )
    async def declare_for_project(
        self,
        request: Request,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        await declared_conflicts.declare_project_conflict(
            round_id=round_id,
            submission_id=submission_id,
            judge_id=context.actor_id,
            reason=parse_form(await request.form(), ProjectConflictCreate).reason,
            now=context.now,
            base_url=context.base_url,
        )
        notify(
            request,
            N_("Conflict declared. The project left your queue and goes to another judge."),
            anchor="dashboard-notice",
        )
        return redirect_to(request, "judge_dashboard")


class ConflictApi(Controller):
    """A competition's conflicts of interest, for its organizers."""

    path = "/api/v1/competitions/{competition_id:int}"
    tags = ["judges and conflicts"]
    guards = [is_organizer]

    @get("/conflicts", summary="Conflicts of interest of a competition, newest first")
    async def list_conflicts(self, competition: PathCompetition) -> list[ConflictOut]:
        return [
            views.conflict_out(row) for row in await declared_conflicts.conflicts(competition.id)
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
        context: Context,
    ) -> ReassignmentOut:
        outcome = await declared_conflicts.declare_conflict(
            competition_id=competition_id,
            judge_id=data.judge_id,
            submission_id=data.submission_id,
            organization=data.organization,
            reason=data.reason,
            source="organizer",
            actor_id=context.actor_id,
            now=context.now,
            base_url=context.base_url,
        )
        return views.outcome_out(locale_of(request), outcome)

    @delete(
        "/conflicts/{conflict_id:int}",
        summary="Remove a conflict set by an organizer (409 for one the judge declared)",
        raises=[Conflict],
    )
    async def remove_conflict(
        self, competition_id: FromPath[int], conflict_id: FromPath[int], context: Context
    ) -> None:
        await declared_conflicts.remove_conflict(competition_id, conflict_id, context.actor_id)


class JudgeConflictApi(Controller):
    """A judge declares a conflict with a project assigned to them, or withdraws one."""

    # A judge's token with the score scope may make these writes.
    opt = {TOKEN_SCOPE: SCORE}
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
        round_id: FromPath[int],
        submission_id: FromPath[int],
        data: JSONBody[ProjectConflictCreate],
        context: Context,
    ) -> DeclaredConflictOut:
        outcome = await declared_conflicts.declare_project_conflict(
            round_id=round_id,
            submission_id=submission_id,
            judge_id=context.actor_id,
            reason=data.reason,
            now=context.now,
            base_url=context.base_url,
        )
        return views.declared_conflict_out(outcome, context.actor_id, submission_id)

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
        competition_id: FromPath[int],
        conflict_id: FromPath[int],
        data: JSONBody[ConflictWithdrawal],
        context: Context,
    ) -> ConflictOut:
        row = await declared_conflicts.withdraw_conflict(
            competition_id=competition_id,
            conflict_id=conflict_id,
            judge=context.actor,
            reason=data.reason,
            now=context.now,
            base_url=context.base_url,
        )
        return views.conflict_out(msgspec.convert(row, ConflictRow))
