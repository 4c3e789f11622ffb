"""Entrants' pages for their own projects: dashboard, new project, project, edit, deck upload,
submit and withdraw."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from judging.accounts.guards import is_signed_in
from judging.applications import services as applications
from judging.applications import slots as application_slots
from judging.countries import country_choices, country_name
from judging.errors import Conflict, DomainError, Forbidden, TooLarge, ValidationFailed
from judging.i18n import N_
from judging.markdown import render_markdown
from judging.settings import Settings
from judging.submissions import attachments, decks, services, team, windows
from judging.submissions.entrant_forms import (
    form_values,
    max_upload_bytes,
    parse_edit_form,
    parse_project_form,
    parse_version,
    read_form,
    team_rows,
    uploaded_deck,
    uploaded_file,
)
from judging.submissions.guards import is_on_project_team
from judging.submissions.standings import standings
from judging.web.context import Context, RequestContext
from judging.web.notices import notify
from judging.web.pages import problem_context, redirect_to, render
from judging.web.redisplay import form_page
from judging.web.templating import locale_of


async def _open_competition(competition_id: Any, now: datetime) -> dict[str, Any] | None:
    """The competition of that id if entrants may enter it now, else None."""
    try:
        wanted = int(str(competition_id))
    except ValueError:
        return None
    return next((c for c in await windows.open_competitions(now) if c["id"] == wanted), None)


async def _form_page(
    request: Request,
    competition: Mapping[str, Any],
    *,
    values: Mapping[str, Any],
    problem: DomainError | None = None,
    project: Mapping[str, Any] | None = None,
    lock: DomainError | None = None,
) -> Template:
    tracks = await windows.tracks_of(competition["id"])
    return render(
        "submissions/project_form.html",
        status_code=problem.status_code if problem else 200,
        form=values,
        competition=competition,
        tracks=tracks,
        tracks_by_id={track["id"]: track for track in tracks},
        questions=await applications.questions(competition["id"]),
        project=project,
        lock=lock,
        team_rows=team_rows(values),
        countries=country_choices(locale_of(request)),
        **problem_context(problem),
    )


async def edit_page(
    request: Request,
    context: RequestContext,
    submission_id: int,
    values: Mapping[str, Any] | None = None,
    failed: DomainError | None = None,
) -> Template:
    """An entrant's project form, with the stored project unless ``values`` are given."""
    project = await services.own_project(context.actor_id, submission_id)
    window = await windows.submission_window(project["competition"])
    lock = await services.edit_lock(project, window, context.now)
    return await _form_page(
        request,
        {
            "id": project["competition"],
            "name_en": project["competition_name_en"],
            "name_zh": project["competition_name_zh"],
        },
        values=values if values is not None else form_values(project),
        problem=failed,
        project=project,
        lock=lock,
    )


async def project_page(
    request: Request,
    context: RequestContext,
    submission_id: int,
    failed: DomainError | None = None,
    problem_field: str = "",
) -> Template:
    """An entrant's project; after a refused action, with why."""
    project = await services.own_project(context.actor_id, submission_id)
    window = await windows.submission_window(project["competition"])
    slots = await application_slots.slots_for(project["competition"], project["track"])
    return render(
        "submissions/project.html",
        status_code=failed.status_code if failed else 200,
        project=project,
        window=window,
        lock=await services.edit_lock(project, window, context.now),
        max_upload_mb=request.app.state.settings.max_upload_mb,
        description_html=render_markdown(project["description"]),
        answers=await applications.project_answers(
            project["competition"], project["track"], project["answers"]
        ),
        questions={q.key: q for q in await applications.questions(project["competition"])},
        slots=slots,
        slots_by_key={slot.key: slot for slot in slots},
        team_members=await team.team_of(submission_id),
        owner=await team.owner_of(submission_id),
        is_owner=project["owner"] == context.actor_id,
        given=await attachments.current_files(submission_id),
        country=country_name(project["country"], locale_of(request)),
        deck_url=decks.deck_url(submission_id),
        round_results=await standings(request).of_project(submission_id),
        form={},
        **problem_context(failed, problem_field),
    )


def _to_project(request: Request, submission_id: int, notice: str) -> Redirect:
    notify(request, notice, anchor="project-notice")
    return redirect_to(request, "project", submission_id=submission_id)


class EntrantPages(Controller):
    path = "/projects"
    include_in_schema = False
    guards = [is_signed_in]

    @get("/", name="entrant_dashboard")
    async def dashboard(self, request: Request, context: Context) -> Template:
        projects = await services.owned_by(context.actor_id)
        competition_ids = {row["competition_id"] for row in projects}
        windows_by_competition = {
            competition_id: await windows.submission_window(competition_id)
            for competition_id in competition_ids
        }
        return render(
            "submissions/entrant_dashboard.html",
            projects=projects,
            # A project not yet submitted shows how long its window stays open.
            deadlines={
                competition_id: window.closes_at
                for competition_id, window in windows_by_competition.items()
                if window.is_open(context.now) and window.closes_at is not None
            },
            project_results=await standings(request).of_projects(row["id"] for row in projects),
            can_enter=bool(await windows.open_competitions(context.now)),
        )

    @get("/new", name="project_new")
    async def new(
        self,
        request: Request,
        context: Context,
        # ?competition=<id>; "competition" itself names the path competition's dependency.
        wanted: Annotated[int, QueryParameter(name="competition")] = 0,
    ) -> Template:
        chosen = await _open_competition(wanted, context.now)
        if chosen is None:
            open_now = await windows.open_competitions(context.now)
            return render("submissions/project_choose.html", competitions=open_now)
        return await _form_page(request, chosen, values={"track_id": ""})

    @post("/new")
    async def create(self, request: Request, context: Context) -> Template | Redirect:
        form = await request.form()
        # Not form_page: the form is shown again only for a competition open now; a form
        # naming none gets the plain error page, and a window closed meanwhile (Forbidden)
        # is shown on the form too.
        try:
            fields = parse_project_form(form)
            submission_id = await services.create_project(context.actor, fields, context.now)
        except (ValidationFailed, Forbidden) as problem:
            chosen = await _open_competition(form.get("competition_id", ""), context.now)
            if chosen is None:
                raise
            return await _form_page(request, chosen, values=form, problem=problem)
        return _to_project(
            request,
            submission_id,
            N_("Your draft is saved. Upload the pitch deck, then submit the project."),
        )

    @get("/{submission_id:int}", name="project", guards=[is_on_project_team])
    async def show(
        self, request: Request, submission_id: FromPath[int], context: Context
    ) -> Template:
        return await project_page(request, context, submission_id)

    @get("/{submission_id:int}/edit", name="project_edit", guards=[is_on_project_team])
    async def edit_form(
        self, request: Request, submission_id: FromPath[int], context: Context
    ) -> Template:
        return await edit_page(request, context, submission_id)

    @post("/{submission_id:int}/edit", guards=[is_on_project_team], opt=form_page(edit_page))
    async def edit(
        self, request: Request, submission_id: FromPath[int], context: Context
    ) -> Template | Redirect:
        version, fields = parse_edit_form(await request.form())
        try:
            await services.update_project(
                context.actor, submission_id, version, fields, context.now
            )
        except (Conflict, Forbidden) as problem:
            # The stored project is shown again: nothing typed is kept over a newer version.
            return await edit_page(request, context, submission_id, failed=problem)
        return _to_project(request, submission_id, N_("Your changes are saved."))

    @post(
        "/{submission_id:int}/deck",
        name="project_deck",
        guards=[is_on_project_team],
        opt=form_page(project_page),
    )
    async def upload_deck(
        self,
        request: Request,
        submission_id: FromPath[int],
        settings: NamedDependency[Settings],
        context: Context,
    ) -> Template | Redirect:
        upload = uploaded_deck(await read_form(request, settings))
        try:
            await services.attach_deck(
                context.actor,
                submission_id,
                upload.file,
                data_dir=settings.data_dir,
                max_bytes=max_upload_bytes(settings),
                now=context.now,
            )
        # Refusals that are not validation failures, shown on the project page (a file too
        # large beside the deck field).
        except (Forbidden, Conflict) as problem:
            return await project_page(request, context, submission_id, problem)
        except TooLarge as problem:
            return await project_page(
                request, context, submission_id, problem, problem_field="deck"
            )
        finally:
            await upload.close()
        return _to_project(request, submission_id, N_("The pitch deck is uploaded."))

    @post(
        "/{submission_id:int}/files/{slot:str}",
        name="project_file",
        guards=[is_on_project_team],
        opt=form_page(project_page),
    )
    async def upload_file(
        self,
        request: Request,
        submission_id: FromPath[int],
        slot: FromPath[str],
        settings: NamedDependency[Settings],
        context: Context,
    ) -> Template | Redirect:
        field = attachments.field_name(slot)
        upload = uploaded_file(await read_form(request, settings), field)
        try:
            given = await services.attach_file(
                context.actor,
                submission_id,
                slot,
                upload.file,
                upload.filename,
                data_dir=settings.data_dir,
                max_bytes=max_upload_bytes(settings),
                now=context.now,
            )
        except (Forbidden, Conflict) as problem:
            return await project_page(request, context, submission_id, problem)
        except TooLarge as problem:
            return await project_page(request, context, submission_id, problem, field)
        finally:
            await upload.close()
        if given.named:
            notify(
                request,
                N_(
                    "The file is uploaded, but its text names your team: %(names)s. Judges of "
                    "a blind round must not learn who you are; upload a version without them."
                ),
                anchor="project-notice",
                category="error",
                names=", ".join(given.named),
            )
            return redirect_to(request, "project", submission_id=submission_id)
        return _to_project(request, submission_id, N_("The file is uploaded."))

    @post(
        "/{submission_id:int}/submit",
        name="project_submit",
        guards=[is_on_project_team],
        opt=form_page(project_page),
    )
    async def submit(
        self, request: Request, submission_id: FromPath[int], context: Context
    ) -> Template | Redirect:
        version = parse_version(await request.form())
        try:
            await services.submit_project(
                context.actor, submission_id, version, context.now, context.base_url
            )
        except (Forbidden, Conflict) as refused:
            # Refusals that are not validation failures, shown on the project page.
            return await project_page(request, context, submission_id, refused)
        return _to_project(
            request,
            submission_id,
            N_("Your project is submitted. A confirmation is on its way to your mailbox."),
        )

    @post(
        "/{submission_id:int}/withdraw",
        name="project_withdraw",
        guards=[is_on_project_team],
        opt=form_page(project_page),
    )
    async def withdraw(
        self, request: Request, submission_id: FromPath[int], context: Context
    ) -> Template | Redirect:
        version = parse_version(await request.form())
        try:
            await services.withdraw_project(context.actor, submission_id, version, context.now)
        except Conflict as refused:
            # A refusal that is not a validation failure, shown on the project page.
            return await project_page(request, context, submission_id, refused)
        return _to_project(request, submission_id, N_("Your project is withdrawn."))
