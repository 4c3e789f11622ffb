"""The JSON API for an entrant's own projects."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from judging.accounts.guards import is_signed_in
from judging.errors import Conflict, Forbidden, TooLarge, ValidationFailed
from judging.settings import Settings
from judging.submissions import attachments, services, windows
from judging.submissions.entrant_forms import (
    max_upload_bytes,
    read_form,
    uploaded_deck,
    uploaded_file,
)
from judging.submissions.guards import is_on_project_team
from judging.submissions.schemas import ProjectFields, ProjectOut, ProjectPatch, VersionCheck
from judging.web.context import Context, RequestContext


class ProjectApi(Controller):
    """An entrant's own projects. Unsafe requests carry the ``x-csrftoken`` header."""

    path = "/api/v1/projects"
    tags = ["projects"]
    guards = [is_signed_in]

    async def _out(self, context: RequestContext, submission_id: int) -> ProjectOut:
        project = await services.own_project(context.actor_id, submission_id)
        window = await windows.submission_window(project["competition"])
        lock = await services.edit_lock(project, window, context.now)
        out = services.project_out(project, window, lock)
        out.attachments = await attachments.current_files(submission_id)
        return out

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

    @get("/{submission_id:int}", summary="One of your projects", guards=[is_on_project_team])
    async def show(self, context: Context, submission_id: FromPath[int]) -> ProjectOut:
        return await self._out(context, submission_id)

    @patch(
        "/{submission_id:int}",
        summary="Change fields of your project",
        description=(
            "Send only the fields to change, and the `version` you read. "
            "A stale version is refused with 409: read the project again."
        ),
        guards=[is_on_project_team],
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
        guards=[is_on_project_team],
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

    @put(
        "/{submission_id:int}/files/{slot:str}",
        summary="Give the file of one of the application form's attachment slots",
        description=(
            "multipart/form-data with the file in the field `file`. Checked by content against "
            "the slot's kinds (PDF, XLSX, MP4/WebM, PNG/JPEG) and its size limit (413 above "
            "it). The file it replaces is kept. `named` in the answer lists the team's names "
            "a PDF's text holds: judges of a blind round would learn who the team is."
        ),
        guards=[is_on_project_team],
        raises=[ValidationFailed, Forbidden, Conflict, TooLarge],
    )
    async def upload_file(
        self,
        request: Request,
        context: Context,
        submission_id: FromPath[int],
        slot: FromPath[str],
        settings: NamedDependency[Settings],
    ) -> ProjectOut:
        upload = uploaded_file(await read_form(request, settings), attachments.field_name(slot))
        try:
            await services.attach_file(
                context.actor,
                submission_id,
                slot,
                upload.file,
                upload.filename,
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
        summary=(
            "Submit your project (needs a summary, a deck, and the application form's required "
            "answers and files); a confirmation is mailed"
        ),
        guards=[is_on_project_team],
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
        guards=[is_on_project_team],
        raises=[Conflict],
    )
    async def withdraw(
        self, context: Context, submission_id: FromPath[int], data: JSONBody[VersionCheck]
    ) -> ProjectOut:
        await services.withdraw_project(context.actor, submission_id, data.version, context.now)
        return await self._out(context, submission_id)
