"""Organizer pages and API over a competition's projects: list, export, moderate, unlock after
judging began (imports: :mod:`judging.submissions.import_controllers`)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.applications import services as applications
from judging.applications import slots as application_slots
from judging.audit import services as audit
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.countries import country_name, named_countries
from judging.errors import Conflict, ValidationFailed
from judging.i18n import N_
from judging.markdown import render_markdown
from judging.submissions import attachments, decks, exports, listing, locking, moderation, team
from judging.web.context import Context, RequestContext
from judging.web.forms import convert, parse_form
from judging.web.notices import notify
from judging.web.pages import attachment, redirect_to, render_form
from judging.web.redisplay import form_page
from judging.web.templating import locale_of


def _filters_from_query(request: Request) -> listing.SubmissionFilters:
    fields = listing.SubmissionFilters.__struct_fields__
    values = {name: request.query_params.get(name, "").strip() for name in fields}
    return convert(
        {name: value for name, value in values.items() if value}, listing.SubmissionFilters
    )


async def detail_page(
    request: Request,
    context: RequestContext,
    competition: Competition,
    submission_id: int,
    values: Mapping[str, Any] | None = None,
    failed: ValidationFailed | None = None,
    problem: Conflict | None = None,
) -> Template:
    """One project for its organizers: its record, lock, deck versions, history and the
    moderation forms; after a refusal, with why."""
    project = await listing.project_for_organizer(competition.id, submission_id)
    page = render_form(
        "submissions/organizer_detail.html",
        values=values,
        failed=failed,
        problem=problem,
        lock=await locking.lock_state(competition.id, submission_id, context.now),
        deck_versions=await decks.deck_versions(submission_id),
        competition=competition,
        project=project,
        description_html=render_markdown(project["description"]),
        answers=await applications.project_answers(
            competition.id, project["track"], project["answers"]
        ),
        visibility={q.key: q.visibility for q in await applications.questions(competition.id)},
        team_members=await team.team_of(submission_id),
        slots=await application_slots.slots(competition.id),
        given=await attachments.current_files(submission_id),
        file_versions=await attachments.files_of(submission_id),
        country_name=country_name(project["country"], locale_of(request)),
        history=await audit.history("submission", submission_id),
    )
    if problem is not None:
        page.status_code = problem.status_code
    return page


# What each moderation action's page says once it is done.
DONE = {
    "disqualify": N_("The project is disqualified."),
    "reinstate": N_("The project is reinstated."),
    "unlock": N_("The project is unlocked: its entrant can change it until you lock it again."),
    "relock": N_("The project is locked again."),
}


class OrganizerSubmissionPages(Controller):
    path = "/organize/{competition_id:int}/submissions"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_submissions")
    async def index(self, request: Request, competition: PathCompetition) -> Template:
        filters = _filters_from_query(request)
        page, tracks, codes = await asyncio.gather(
            listing.submission_page(competition.id, filters),
            listing.tracks_of(competition.id),
            listing.countries_in(competition.id),
        )
        locale = locale_of(request)
        countries = named_countries(codes, locale)
        return render_form(
            "submissions/organizer_list.html",
            values={
                "q": filters.q,
                "track": filters.track or "",
                "status": filters.status or "",
                "country": filters.country.upper(),
            },
            competition=competition,
            filters=filters,
            page=page,
            tracks=tracks,
            countries=countries,
            country_names=dict(countries),
        )

    async def _export_frame(self, request: Request, competition: Competition) -> tuple[Any, str]:
        filters = _filters_from_query(request)
        rows = await listing.all_filtered(competition.id, filters)
        questions = await applications.questions(competition.id)
        frame = exports.submissions_frame(rows, competition.timezone, questions)
        return frame, f"{competition.slug}-submissions"

    @get("/export.csv", name="organizer_submissions_csv")
    async def export_csv(self, request: Request, competition: PathCompetition) -> Response[bytes]:
        frame, name = await self._export_frame(request, competition)
        content = await asyncio.to_thread(exports.to_csv, frame)
        return attachment(content, exports.CSV_MEDIA_TYPE, f"{name}.csv")

    @get("/export.xlsx", name="organizer_submissions_xlsx")
    async def export_xlsx(self, request: Request, competition: PathCompetition) -> Response[bytes]:
        frame, name = await self._export_frame(request, competition)
        content = await asyncio.to_thread(exports.to_xlsx, frame)
        return attachment(content, exports.XLSX_MEDIA_TYPE, f"{name}.xlsx")

    @get("/{submission_id:int}", name="organizer_submission")
    async def detail(
        self,
        request: Request,
        competition: PathCompetition,
        submission_id: FromPath[int],
        context: Context,
    ) -> Template:
        return await detail_page(request, context, competition, submission_id)

    @post(
        "/{submission_id:int}/disqualify",
        name="organizer_submission_disqualify",
        opt=form_page(detail_page),
    )
    async def disqualify(
        self,
        request: Request,
        competition: PathCompetition,
        submission_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        return await self._moderate(
            request, competition, submission_id, context, moderation.disqualify, "disqualify"
        )

    @post(
        "/{submission_id:int}/reinstate",
        name="organizer_submission_reinstate",
        opt=form_page(detail_page),
    )
    async def reinstate(
        self,
        request: Request,
        competition: PathCompetition,
        submission_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        return await self._moderate(
            request, competition, submission_id, context, moderation.reinstate, "reinstate"
        )

    @post(
        "/{submission_id:int}/unlock",
        name="organizer_submission_unlock",
        opt=form_page(detail_page),
    )
    async def unlock(
        self,
        request: Request,
        competition: PathCompetition,
        submission_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        return await self._moderate(
            request, competition, submission_id, context, locking.unlock, "unlock"
        )

    @post(
        "/{submission_id:int}/relock",
        name="organizer_submission_relock",
        opt=form_page(detail_page),
    )
    async def relock(
        self,
        request: Request,
        competition: PathCompetition,
        submission_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        return await self._moderate(
            request, competition, submission_id, context, locking.relock, "relock"
        )

    async def _moderate(
        self,
        request: Request,
        competition: Competition,
        submission_id: int,
        context: RequestContext,
        action: Any,
        done: str,
    ) -> Template | Redirect:
        reasoned = parse_form(await request.form(), moderation.ModerationRequest)
        try:
            await action(
                competition_id=competition.id,
                submission_id=submission_id,
                request=reasoned,
                actor_id=context.actor_id,
                now=context.now,
            )
        except Conflict as problem:
            # Not a validation failure: the project changed meanwhile, so its current state
            # is shown with why nothing happened (nothing typed is kept).
            return await detail_page(request, context, competition, submission_id, problem=problem)
        notify(request, DONE[done], anchor="moderation-notice")
        return redirect_to(
            request,
            "organizer_submission",
            competition_id=competition.id,
            submission_id=submission_id,
        )


class OrganizerSubmissionApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}"
    tags = ["submissions"]
    guards = [is_organizer]

    @get("/submissions", summary="Projects of a competition, filtered and paged (organizers)")
    async def list_submissions(
        self,
        competition: PathCompetition,
        track: FromQuery[int | None] = None,
        status: FromQuery[listing.Status | None] = None,
        country: FromQuery[str] = "",
        q: FromQuery[str] = "",
        page: FromQuery[int] = 1,
    ) -> listing.SubmissionPage:
        filters = convert(
            {"track": track, "status": status, "country": country, "q": q, "page": page},
            listing.SubmissionFilters,
        )
        return await listing.submission_page(competition.id, filters)

    @post(
        "/submissions/{submission_id:int}/disqualify",
        summary="Disqualify a draft or submitted project, with a reason (audited)",
        status_code=200,
        raises=[Conflict],
    )
    async def disqualify(
        self,
        context: Context,
        competition_id: FromPath[int],
        submission_id: FromPath[int],
        data: JSONBody[moderation.ModerationRequest],
    ) -> moderation.SubmissionStatusOut:
        return await moderation.disqualify(
            competition_id=competition_id,
            submission_id=submission_id,
            request=data,
            actor_id=context.actor_id,
            now=context.now,
        )

    @post(
        "/submissions/{submission_id:int}/reinstate",
        summary="Reinstate a disqualified project, with a reason (audited)",
        status_code=200,
        raises=[Conflict],
    )
    async def reinstate(
        self,
        context: Context,
        competition_id: FromPath[int],
        submission_id: FromPath[int],
        data: JSONBody[moderation.ModerationRequest],
    ) -> moderation.SubmissionStatusOut:
        return await moderation.reinstate(
            competition_id=competition_id,
            submission_id=submission_id,
            request=data,
            actor_id=context.actor_id,
            now=context.now,
        )

    @get(
        "/submissions/{submission_id:int}/lock",
        summary="Whether judging began on a project and whether its entrant may change it",
    )
    async def lock(
        self, competition_id: FromPath[int], submission_id: FromPath[int], context: Context
    ) -> locking.LockOut:
        return await locking.lock_state(competition_id, submission_id, context.now)

    @post(
        "/submissions/{submission_id:int}/unlock",
        summary="Let the entrant change a project judging began on, with a reason (audited)",
        description=(
            "Lifts the judging lock and the submission deadline for this project until it is "
            "relocked. 409 when judging has not begun on it or it is already unlocked."
        ),
        status_code=200,
        raises=[Conflict],
    )
    async def unlock(
        self,
        context: Context,
        competition_id: FromPath[int],
        submission_id: FromPath[int],
        data: JSONBody[moderation.ModerationRequest],
    ) -> locking.LockOut:
        return await locking.unlock(
            competition_id=competition_id,
            submission_id=submission_id,
            request=data,
            actor_id=context.actor_id,
            now=context.now,
        )

    @post(
        "/submissions/{submission_id:int}/relock",
        summary="Lock an unlocked project again, with a reason (audited)",
        status_code=200,
        raises=[Conflict],
    )
    async def relock(
        self,
        context: Context,
        competition_id: FromPath[int],
        submission_id: FromPath[int],
        data: JSONBody[moderation.ModerationRequest],
    ) -> locking.LockOut:
        return await locking.relock(
            competition_id=competition_id,
            submission_id=submission_id,
            request=data,
            actor_id=context.actor_id,
            now=context.now,
        )
