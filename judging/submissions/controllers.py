"""Entrant pages and JSON API for their own projects, and the pitch deck file URL."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, patch, post, put
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.di import NamedDependency
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.response import File, Redirect, Template

from judging.accounts.guards import is_signed_in
from judging.clock import utcnow
from judging.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    TooLarge,
    ValidationFailed,
)
from judging.i18n import N_
from judging.settings import Settings
from judging.submissions import decks, services, storage, windows
from judging.submissions.countries import country_choices, country_name
from judging.submissions.guards import is_project_owner
from judging.submissions.markdown import render_markdown
from judging.submissions.schemas import (
    MAX_TEAM_MEMBERS,
    ProjectFields,
    ProjectOut,
    ProjectPatch,
    TeamMember,
    VersionCheck,
)
from judging.submissions.standings import standings
from judging.web.context import Context, RequestContext
from judging.web.forms import convert, parse_form
from judging.web.notices import notify
from judging.web.pages import problem_context, redirect_to, render
from judging.web.redisplay import form_page
from judging.web.templating import locale_of

# Team member rows on the page form (no JavaScript needed); blank rows are ignored.
TEAM_ROWS = 6
TEAM_KEYS = ("name", "role", "email")
CHOOSE_A_FILE = N_("Choose a PDF file to upload.")


def max_upload_bytes(settings: Settings) -> int:
    return settings.max_upload_mb * 1024 * 1024


# ---------------------------------------------------------------- reading the page form


def parse_project_form(form: FormMultiDict) -> ProjectFields:
    """The project form (with its numbered team rows) as :class:`ProjectFields`.

    Every bad field is reported; a team row's errors are named ``team-<row>-<key>``.
    """
    errors: list[FieldError] = []
    fields: ProjectFields | None = None
    try:
        fields = parse_form(form, ProjectFields)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    team: list[TeamMember] = []
    for row in range(MAX_TEAM_MEMBERS):
        values = {key: str(form.get(f"team-{row}-{key}", "")).strip() for key in TEAM_KEYS}
        if not any(values.values()):
            continue
        try:
            team.append(convert({k: v for k, v in values.items() if v}, TeamMember))
        except ValidationFailed as failed:
            errors.extend(
                FieldError(f"team-{row}-{error.field}", error.message, **error.params)
                for error in failed.errors
            )
    if errors or fields is None:
        raise ValidationFailed(errors)
    return msgspec.structs.replace(fields, team=team)


def parse_version(form: FormMultiDict) -> int:
    return parse_form(form, VersionCheck).version


def parse_edit_form(form: FormMultiDict) -> tuple[int, ProjectFields]:
    """The version the entrant read and the project fields, every bad field reported."""
    errors: list[FieldError] = []
    version: int | None = None
    fields: ProjectFields | None = None
    try:
        version = parse_version(form)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    try:
        fields = parse_project_form(form)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    if errors or version is None or fields is None:
        raise ValidationFailed(errors)
    return version, fields


def form_values(project: Mapping[str, Any]) -> dict[str, Any]:
    """A stored project as the values of its page form."""
    values = {name: project[name] for name in services.FIELD_NAMES if name != "team"}
    values["track_id"] = project["track"]
    values["version"] = project["version"]
    for row, member in enumerate(project["team"]):
        for key in TEAM_KEYS:
            values[f"team-{row}-{key}"] = member.get(key, "")
    return values


def team_rows(values: Mapping[str, Any]) -> int:
    """Rows to show: the default number, or one more than the last filled row."""
    filled = [
        row
        for row in range(MAX_TEAM_MEMBERS)
        if any(str(values.get(f"team-{row}-{key}", "")).strip() for key in TEAM_KEYS)
    ]
    return max(TEAM_ROWS, min(MAX_TEAM_MEMBERS, (filled[-1] + 2) if filled else 0))


def uploaded_deck(form: FormMultiDict) -> UploadFile:
    upload = form.get("deck")
    if not isinstance(upload, UploadFile):
        raise ValidationFailed.single("deck", CHOOSE_A_FILE)
    return upload


async def read_form(request: Request, settings: Settings) -> FormMultiDict:
    """The request's form; a body over the limit is refused with the deck's clear message."""
    try:
        return await request.form()
    except RequestEntityTooLarge:
        raise storage.too_large(max_upload_bytes(settings)) from None


# ---------------------------------------------------------------- pages


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
    return render(
        "submissions/project_form.html",
        status_code=problem.status_code if problem else 200,
        form=values,
        competition=competition,
        tracks=await windows.tracks_of(competition["id"]),
        project=project,
        lock=lock,
        team_rows=team_rows(values),
        countries=country_choices(locale_of(request)),
        **problem_context(problem),
    )


async def edit_page(
    request: Request,
    submission_id: int,
    values: Mapping[str, Any] | None = None,
    failed: DomainError | None = None,
) -> Template:
    """An entrant's project form, with the stored project unless ``values`` are given."""
    project = await services.own_project(request.user.id, submission_id)
    window = await windows.submission_window(project["competition"])
    lock = await services.edit_lock(project, window, utcnow())
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
    submission_id: int,
    failed: DomainError | None = None,
    problem_field: str = "",
) -> Template:
    """An entrant's project; after a refused action, with why."""
    project = await services.own_project(request.user.id, submission_id)
    window = await windows.submission_window(project["competition"])
    return render(
        "submissions/project.html",
        status_code=failed.status_code if failed else 200,
        project=project,
        window=window,
        lock=await services.edit_lock(project, window, utcnow()),
        max_upload_mb=request.app.state.settings.max_upload_mb,
        description_html=render_markdown(project["description"]),
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
        return render(
            "submissions/entrant_dashboard.html",
            projects=projects,
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

    @get("/{submission_id:int}", name="project", guards=[is_project_owner])
    async def show(self, request: Request, submission_id: FromPath[int]) -> Template:
        return await project_page(request, submission_id)

    @get("/{submission_id:int}/edit", name="project_edit", guards=[is_project_owner])
    async def edit_form(self, request: Request, submission_id: FromPath[int]) -> Template:
        return await edit_page(request, submission_id)

    @post("/{submission_id:int}/edit", guards=[is_project_owner], opt=form_page(edit_page))
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
            return await edit_page(request, submission_id, failed=problem)
        return _to_project(request, submission_id, N_("Your changes are saved."))

    @post(
        "/{submission_id:int}/deck",
        name="project_deck",
        guards=[is_project_owner],
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
            return await project_page(request, submission_id, problem)
        except TooLarge as problem:
            return await project_page(request, submission_id, problem, problem_field="deck")
        finally:
            await upload.close()
        return _to_project(request, submission_id, N_("The pitch deck is uploaded."))

    @post(
        "/{submission_id:int}/submit",
        name="project_submit",
        guards=[is_project_owner],
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
            return await project_page(request, submission_id, refused)
        return _to_project(
            request,
            submission_id,
            N_("Your project is submitted. A confirmation is on its way to your mailbox."),
        )

    @post(
        "/{submission_id:int}/withdraw",
        name="project_withdraw",
        guards=[is_project_owner],
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
            return await project_page(request, submission_id, refused)
        return _to_project(request, submission_id, N_("Your project is withdrawn."))


# ---------------------------------------------------------------- the deck file


class DeckFiles(Controller):
    """Pitch deck files. Anyone who may not read one gets 404, signed in or not."""

    path = "/submissions"
    include_in_schema = False

    @get("/{submission_id:int}/deck", name="submission_deck")
    async def deck(
        self,
        request: Request,
        submission_id: FromPath[int],
        settings: NamedDependency[Settings],
        context: Context,
        download: FromQuery[bool] = False,
    ) -> File:
        """The current pitch deck, under a generated name (never the team's: rounds may be
        blind)."""
        path = await services.readable_deck(
            context.actor, submission_id, settings.data_dir, may_read=decks.deck_access(request)
        )
        return deck_file(path, submission_id, download)

    @get("/{submission_id:int}/deck/{sha256:str}", name="submission_deck_version")
    async def deck_version(
        self,
        request: Request,
        submission_id: FromPath[int],
        sha256: FromPath[str],
        settings: NamedDependency[Settings],
        context: Context,
        download: FromQuery[bool] = False,
    ) -> File:
        """One version of the pitch deck by its content hash: what a judge scored stays
        reachable after the entrant replaced it."""
        path = await services.readable_deck(
            context.actor,
            submission_id,
            settings.data_dir,
            sha256,
            may_read=decks.deck_access(request),
        )
        return deck_file(path, submission_id, download)


def deck_file(path: Path, submission_id: int, download: bool) -> File:
    return File(
        path,
        filename=f"project-{submission_id}.pdf",
        content_disposition_type="attachment" if download else "inline",
        media_type="application/pdf",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )


# ---------------------------------------------------------------- JSON API


class ProjectApi(Controller):
    """An entrant's own projects. Unsafe requests carry the ``x-csrftoken`` header."""

    path = "/api/v1/projects"
    tags = ["projects"]
    guards = [is_signed_in]

    async def _out(self, context: RequestContext, submission_id: int) -> ProjectOut:
        project = await services.own_project(context.actor_id, submission_id)
        window = await windows.submission_window(project["competition"])
        lock = await services.edit_lock(project, window, context.now)
        return services.project_out(project, window, lock)

    @get("/", summary="Your projects")
    async def mine(self, context: Context) -> list[ProjectOut]:
        return [
            await self._out(context, row["id"]) for row in await services.owned_by(context.actor_id)
        ]

    @post(
        "/",
        summary="Create a draft project in a track (while its submission window is open)",
        raises=[Forbidden],
    )
    async def create(self, context: Context, data: JSONBody[ProjectFields]) -> ProjectOut:
        submission_id = await services.create_project(context.actor, data, context.now)
        return await self._out(context, submission_id)

    @get("/{submission_id:int}", summary="One of your projects", guards=[is_project_owner])
    async def show(self, context: Context, submission_id: FromPath[int]) -> ProjectOut:
        return await self._out(context, submission_id)

    @patch(
        "/{submission_id:int}",
        summary="Change fields of your project",
        description=(
            "Send only the fields to change, and the `version` you read. "
            "A stale version is refused with 409: read the project again."
        ),
        guards=[is_project_owner],
        raises=[Forbidden, Conflict],
    )
    async def change(
        self, context: Context, submission_id: FromPath[int], data: JSONBody[ProjectPatch]
    ) -> ProjectOut:
        await services.patch_project(context.actor, submission_id, data, context.now)
        return await self._out(context, submission_id)

    @put(
        "/{submission_id:int}/deck",
        summary="Upload the pitch deck",
        description=(
            "multipart/form-data with the PDF in the field `deck`. Checked by content; "
            "larger than the upload limit gets 413."
        ),
        guards=[is_project_owner],
        raises=[ValidationFailed, Forbidden, Conflict, TooLarge],
    )
    async def upload_deck(
        self,
        request: Request,
        context: Context,
        submission_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> ProjectOut:
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
        finally:
            await upload.close()
        return await self._out(context, submission_id)

    @post(
        "/{submission_id:int}/submit",
        status_code=200,
        summary="Submit your project (needs a summary and a deck); a confirmation is mailed",
        guards=[is_project_owner],
        raises=[Forbidden, Conflict],
    )
    async def submit(
        self, context: Context, submission_id: FromPath[int], data: JSONBody[VersionCheck]
    ) -> ProjectOut:
        await services.submit_project(
            context.actor, submission_id, data.version, context.now, context.base_url
        )
        return await self._out(context, submission_id)

    @post(
        "/{submission_id:int}/withdraw",
        status_code=200,
        summary="Withdraw your project from the competition",
        guards=[is_project_owner],
        raises=[Conflict],
    )
    async def withdraw(
        self, context: Context, submission_id: FromPath[int], data: JSONBody[VersionCheck]
    ) -> ProjectOut:
        await services.withdraw_project(context.actor, submission_id, data.version, context.now)
        return await self._out(context, submission_id)
