"""Pages and API of the judge pool, conflicts of interest and assignments.

Organizers see and change everything here; a judge edits their own profile and declares
their own conflicts; entrants see none of it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.assignments import (
    declared_conflicts,
    judges,
    planning,
    profile_edits,
    reassignment,
    rounds,
    services,
)
from judging.assignments.guards import is_assigned_judge
from judging.assignments.planning import ProjectInfo, RoundState, Shortfall
from judging.assignments.schemas import (
    AssignmentAdd,
    AssignmentOut,
    CommitOut,
    CommitRequest,
    ConflictCreate,
    ConflictOut,
    ConflictWithdrawal,
    DeclaredConflictOut,
    JudgeFields,
    JudgeInvitation,
    JudgeLoadOut,
    JudgeOut,
    JudgePatch,
    JudgeSavedOut,
    OwnConflictCreate,
    OwnProfileFields,
    PairOut,
    PreviewOut,
    ProjectConflictCreate,
    ProjectFilters,
    ReasonOut,
    ReassignmentOut,
    RoundAssignmentsOut,
)
from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.competitions.guards import is_judge, is_organizer
from judging.errors import Conflict, ValidationFailed
from judging.i18n import translate
from judging.settings import Settings
from judging.submissions.tables import Submission
from judging.web.forms import parse_form, query_form
from judging.web.pages import render_form, see_other
from judging.web.templating import locale_of

# The outcome of a drop-out or a conflict, shown once on the page the browser goes to next.
FLASH_KEY = "assignments_outcome"
# Rows of the "who judges what" table per page.
PROJECTS_PER_PAGE = 100


# --- Shared pieces --------------------------------------------------------------------------------


def _with_checkbox(form: FormMultiDict, name: str) -> FormMultiDict:
    """An unticked checkbox is not sent at all: make it an explicit false."""
    items = [(key, value) for key, value in form.multi_items() if key != name]
    items.append((name, "true" if form.get(name) else "false"))
    return FormMultiDict(items)


def _chosen_tracks(form: FormMultiDict | None, profile: Mapping[str, Any]) -> list[str]:
    return [str(value) for value in form.getall("tracks", [])] if form else list(profile["tracks"])


def _shortfall_view(shortfall: Shortfall) -> dict[str, Any]:
    return {"message": shortfall.message, "params": shortfall.params}


def _flash(request: Request, outcome: reassignment.ReassignmentOutcome | None) -> None:
    """Keep what a drop-out or conflict changed for the next page (the session is per user)."""
    if outcome is None or not (outcome.changed or outcome.shortfalls):
        return
    session = request.scope.get("session")
    if not isinstance(session, dict):
        return
    request.set_session(
        {
            **session,
            FLASH_KEY: {
                "removed": len(outcome.removed),
                "added": len(outcome.added),
                "kept_scored": len(outcome.kept_scored),
                "excluded": len(outcome.excluded_scorecards),
                "reasons": [_shortfall_view(item) for item in outcome.shortfalls],
            },
        }
    )


def _take_flash(request: Request) -> dict[str, Any] | None:
    session = request.scope.get("session")
    if not isinstance(session, dict) or FLASH_KEY not in session:
        return None
    remaining = dict(session)
    outcome = remaining.pop(FLASH_KEY)
    request.set_session(remaining)
    return outcome


def _reason_out(request: Request, shortfall: Shortfall) -> ReasonOut:
    return ReasonOut(
        code=shortfall.code,
        message=translate(locale_of(request), shortfall.message, **shortfall.params),
        submission_ids=list(shortfall.submission_ids),
        judge_ids=list(shortfall.judge_ids),
        required=shortfall.required,
        capacity=shortfall.capacity,
        missing=shortfall.missing,
    )


def _pairs_out(pairs: list[tuple[int, int, int]]) -> list[PairOut]:
    return [PairOut(round_id=r, submission_id=s, judge_id=j) for r, s, j in pairs]


def _outcome_out(request: Request, outcome: reassignment.ReassignmentOutcome) -> ReassignmentOut:
    return ReassignmentOut(
        removed=_pairs_out(outcome.removed),
        added=_pairs_out(outcome.added),
        kept_scored=_pairs_out(outcome.kept_scored),
        excluded_scorecards=outcome.excluded_scorecards,
        reasons=[_reason_out(request, item) for item in outcome.shortfalls],
        conflict_id=outcome.conflict_id,
    )


def _judge_out(row: Mapping[str, Any]) -> JudgeOut:
    return JudgeOut(
        id=row["id"],
        email=row["email"],
        judge_id=row["account"],
        display_name=row["name"],
        organization=row["effective_organization"],
        tracks=list(row["tracks"] or []),
        max_load=row["max_load"],
        active=row["active"],
    )


def _conflict_out(row: Mapping[str, Any]) -> ConflictOut:
    return ConflictOut(
        id=row["id"],
        judge_id=row["judge"],
        submission_id=row["submission"],
        organization=row["organization"],
        reason=row["reason"],
        source=row["source"],
        created_at=row["created_at"],
        withdrawn_at=row["withdrawn_at"],
        withdrawn_reason=row["withdrawn_reason"],
    )


def _loads_out(rows: list[dict[str, Any]]) -> list[JudgeLoadOut]:
    return [JudgeLoadOut(**row) for row in rows]


def _preview_out(request: Request, preview: services.Preview) -> PreviewOut:
    matches, total = preview.expertise()
    round_id = preview.round.id
    head = ""
    if preview.headline is not None:
        message, params = preview.headline
        head = translate(locale_of(request), message, **params)
    return PreviewOut(
        round_id=round_id,
        per_submission=preview.state.per_submission,
        feasible=preview.feasible,
        projects=len(preview.state.projects),
        judges=sum(1 for judge in preview.state.judges if judge.available),
        kept=len(preview.problem.kept),
        new=len(preview.new_pairs),
        removed=len(preview.removed_pairs),
        expertise_matches=matches,
        expertise_match_rate=planning.match_rate(matches, total),
        digest=preview.digest,
        new_pairs=[
            PairOut(round_id=round_id, submission_id=s, judge_id=j) for s, j in preview.new_pairs
        ],
        removed_pairs=[
            PairOut(round_id=round_id, submission_id=s, judge_id=j)
            for s, j in preview.removed_pairs
        ],
        loads=_loads_out(preview.loads()),
        headline=head,
        reasons=[_reason_out(request, item) for item in preview.shortfalls],
    )


def _invitation_ttl(settings: Settings) -> timedelta:
    return timedelta(hours=settings.invitation_ttl_hours)


# --- Organizer pages: the pool and conflicts ---------------------------------------------------


class JudgePoolPages(Controller):
    """The competition's judges (expertise, load limit, organization, status) and conflicts."""

    path = "/organize/{competition_id:int}"
    include_in_schema = False
    guards = [is_organizer]

    @get("/judges", name="organizer_judges")
    async def judges(
        self, request: Request, competition_id: FromPath[int], invited: FromQuery[str] = ""
    ) -> Template:
        return await self._pool_page(request, competition_id, invited=invited)

    @post("/judges/invitations")
    async def invite(
        self, request: Request, competition_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            invitation = parse_form(form, JudgeInvitation)
            await judges.invite_judge(
                competition_id=competition_id,
                email=invitation.email,
                inviter=request.user,
                base_url=settings.base_url,
                now=utcnow(),
                ttl=_invitation_ttl(settings),
            )
        except ValidationFailed as failed:
            return await self._pool_page(request, competition_id, values=form, failed=failed)
        return see_other(f"/organize/{competition_id}/judges?invited={invitation.email}")

    @get("/judges/{profile_id:int}", name="organizer_judge")
    async def judge(
        self, request: Request, competition_id: FromPath[int], profile_id: FromPath[int]
    ) -> Template:
        profile = await judges.get_profile(competition_id, profile_id)
        values = {
            "display_name": profile["name"],
            "organization": profile["organization"],
            "max_load": "" if profile["max_load"] is None else profile["max_load"],
            "active": profile["active"],
        }
        return await self._judge_page(competition_id, profile, values)

    @post("/judges/{profile_id:int}")
    async def save_judge(
        self,
        request: Request,
        competition_id: FromPath[int],
        profile_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = _with_checkbox(await request.form(), "active")
        try:
            saved = await profile_edits.update_judge(
                competition_id,
                profile_id,
                parse_form(form, JudgeFields),
                actor_id=request.user.id,
                now=utcnow(),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            profile = await judges.get_profile(competition_id, profile_id)
            return await self._judge_page(competition_id, profile, form, failed, form)
        _flash(request, saved.outcome)
        return see_other(f"/organize/{competition_id}/judges?saved={profile_id}")

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
        _flash(request, outcome)
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

    async def _pool_page(
        self,
        request: Request,
        competition_id: int,
        *,
        values: Any = None,
        failed: ValidationFailed | None = None,
        invited: str = "",
    ) -> Template:
        competition = await competitions.get_competition(competition_id)
        saved = request.query_params.get("saved", "")
        return render_form(
            "assignments/judges.html",
            values=values,
            failed=failed,
            competition=competition,
            judges=await judges.judge_pool(competition_id),
            tracks={row["key"]: row for row in await competitions.tracks(competition_id)},
            invited=invited,
            saved=saved.isdigit(),
            outcome=_take_flash(request),
        )

    async def _judge_page(
        self,
        competition_id: int,
        profile: dict[str, Any],
        values: Any,
        failed: ValidationFailed | None = None,
        form: FormMultiDict | None = None,
    ) -> Template:
        return render_form(
            "assignments/judge_form.html",
            values=values,
            failed=failed,
            competition=await competitions.get_competition(competition_id),
            profile=profile,
            tracks=await competitions.tracks(competition_id),
            chosen=_chosen_tracks(form, profile),
            active=(form.get("active") == "true") if form else profile["active"],
        )

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
            outcome=_take_flash(request),
        )


# --- Organizer pages: the assignment of a round ----------------------------------------------


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
        by_project: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            judge = state.judge_by_id.get(row["judge"])
            row["judge_name"] = judge.display_name if judge else str(row["judge"])
            row["conflicted"] = row["submission"] in state.project_by_id and state.conflicted(
                (row["submission"], row["judge"])
            )
            by_project[row["submission"]].append(row)
        current = [pair for pair in state.assignments if pair[0] in state.project_by_id]
        matches, total = planning.expertise_matches(state, current)
        query = request.query_params
        return render_form(
            "assignments/round.html",
            values=values,
            failed=failed,
            competition=competition,
            round=found,
            state=state,
            by_project=by_project,
            filters=filters,
            filter_problem=filter_problem,
            listed=_listed_projects(state, by_project, filters),
            short=sum(
                1
                for project in state.projects
                if len(by_project.get(project.id, ())) < state.per_submission
            ),
            loads=services.load_table(state, current),
            matches=matches,
            total=total,
            rate=planning.match_rate(matches, total),
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


@dataclass(frozen=True)
class ListedProjects:
    """One page of the round's projects in the "who judges what" table."""

    items: list[ProjectInfo]
    total: int
    page: int
    pages: int


def _listed_projects(
    state: RoundState, by_project: dict[int, list[dict[str, Any]]], filters: ProjectFilters
) -> ListedProjects:
    # Thousands of projects with their judges and remove buttons made a page of megabytes.
    chosen = [
        project
        for project in state.projects
        if (not filters.track or project.track == filters.track)
        and (not filters.short or len(by_project.get(project.id, ())) < state.per_submission)
    ]
    pages = max(1, math.ceil(len(chosen) / PROJECTS_PER_PAGE))
    page = min(filters.page, pages)
    start = (page - 1) * PROJECTS_PER_PAGE
    return ListedProjects(
        items=chosen[start : start + PROJECTS_PER_PAGE], total=len(chosen), page=page, pages=pages
    )


# --- Judge pages: own profile and conflicts ---------------------------------------------------


class JudgeSelfPages(Controller):
    """A judge's own profile and conflicts, and declaring a conflict instead of scoring."""

    path = "/judge"
    include_in_schema = False
    guards = [is_judge]

    @get("/competitions/{competition_id:int}/profile", name="judge_profile")
    async def profile(
        self, request: Request, competition_id: FromPath[int], saved: FromQuery[bool] = False
    ) -> Template:
        profile = await judges.own_profile(competition_id, request.user.id)
        values = {"display_name": profile["name"], "organization": profile["organization"]}
        return await self._profile_page(competition_id, profile, values, saved=saved)

    @post("/competitions/{competition_id:int}/profile")
    async def save_profile(
        self,
        request: Request,
        competition_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await profile_edits.update_own_profile(
                competition_id,
                request.user.id,
                parse_form(form, OwnProfileFields),
                now=utcnow(),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            profile = await judges.own_profile(competition_id, request.user.id)
            return await self._profile_page(competition_id, profile, form, failed, form)
        return see_other(f"/judge/competitions/{competition_id}/profile?saved=true")

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
        removed = sum(1 for _, _, judge_id in outcome.removed if judge_id == request.user.id)
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
            project = await Submission.objects().get(Submission.id == submission_id)
            return render_form(
                "assignments/project_conflict.html",
                values=form,
                failed=failed,
                round_id=round_id,
                project=project,
            )
        return see_other("/judge?notice=conflict_declared")

    async def _profile_page(
        self,
        competition_id: int,
        profile: dict[str, Any],
        values: Any,
        failed: ValidationFailed | None = None,
        form: FormMultiDict | None = None,
        saved: bool = False,
    ) -> Template:
        return render_form(
            "assignments/own_profile.html",
            values=values,
            failed=failed,
            competition=await competitions.get_competition(competition_id),
            profile=profile,
            tracks=await competitions.tracks(competition_id),
            chosen=_chosen_tracks(form, profile),
            saved=saved,
        )

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


# --- JSON API ---------------------------------------------------------------------------------


class JudgePoolApi(Controller):
    """A competition's judges and conflicts of interest, for its organizers."""

    path = "/api/v1/competitions/{competition_id:int}"
    tags = ["judges and conflicts"]
    guards = [is_organizer]

    @get("/judges", summary="Judges of a competition (joined or invited), by name")
    async def list_judges(self, competition_id: FromPath[int]) -> list[JudgeOut]:
        return [_judge_out(row) for row in await judges.judge_pool(competition_id)]

    @patch(
        "/judges/{profile_id:int}",
        summary=(
            "Change a judge's name, organization, tracks, max_load or active status (only the "
            "fields sent); active false is a drop-out and reassigns their unscored projects"
        ),
    )
    async def update_judge(
        self,
        request: Request,
        competition_id: FromPath[int],
        profile_id: FromPath[int],
        data: JSONBody[JudgePatch],
        settings: NamedDependency[Settings],
    ) -> JudgeSavedOut:
        saved = await profile_edits.patch_judge(
            competition_id,
            profile_id,
            data,
            actor_id=request.user.id,
            now=utcnow(),
            base_url=settings.base_url,
        )
        return JudgeSavedOut(
            judge=_judge_out(saved.profile),
            reassignment=_outcome_out(request, saved.outcome) if saved.outcome else None,
        )

    @get("/conflicts", summary="Conflicts of interest of a competition, newest first")
    async def list_conflicts(self, competition_id: FromPath[int]) -> list[ConflictOut]:
        await competitions.get_competition(competition_id)
        return [_conflict_out(row) for row in await declared_conflicts.conflicts(competition_id)]

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
        return _outcome_out(request, outcome)

    @delete(
        "/conflicts/{conflict_id:int}",
        summary="Remove a conflict set by an organizer (409 for one the judge declared)",
        raises=[Conflict],
    )
    async def remove_conflict(
        self, request: Request, competition_id: FromPath[int], conflict_id: FromPath[int]
    ) -> None:
        await declared_conflicts.remove_conflict(competition_id, conflict_id, request.user.id)


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
        current = [pair for pair in state.assignments if pair[0] in state.project_by_id]
        per_project: dict[int, int] = defaultdict(int)
        for submission_id, _ in current:
            per_project[submission_id] += 1
        matches, total = planning.expertise_matches(state, current)
        return RoundAssignmentsOut(
            round_id=round_id,
            per_submission=state.per_submission,
            projects=len(state.projects),
            projects_short=sum(
                1 for p in state.projects if per_project[p.id] < state.per_submission
            ),
            assignments=[
                AssignmentOut(
                    id=row["id"],
                    round_id=round_id,
                    submission_id=row["submission"],
                    judge_id=row["judge"],
                    scored=row["scored"],
                )
                for row in rows
            ],
            loads=_loads_out(services.load_table(state, current)),
            expertise_match_rate=planning.match_rate(matches, total),
        )

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
        return _preview_out(request, await services.preview_round(competition_id, round_id))

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
        return CommitOut(
            round_id=round_id,
            added=len(committed.added),
            removed=len(committed.removed),
            mailed_judges=committed.mailed_judges,
        )

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
        assert outcome.conflict_id is not None
        return DeclaredConflictOut(
            conflict_id=outcome.conflict_id,
            removed_from_queue=any(
                judge_id == request.user.id and sid == submission_id
                for _, sid, judge_id in outcome.removed
            ),
        )

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
        return _conflict_out(row)
