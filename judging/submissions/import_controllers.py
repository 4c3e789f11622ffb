"""Organizer pages and API of imports: a file of projects or judges uploaded, then its job's
progress and outcome.

Every kind of import is one :class:`~judging.submissions.import_jobs.Importer`; the app hands
them in as the ``importers`` dependency (the judges' importer lives with the judge pool, in a
domain above this one).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.stores.base import Store

from judging.applications import services as applications
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.errors import ValidationFailed
from judging.i18n import N_, translate
from judging.settings import Settings
from judging.submissions import import_jobs
from judging.submissions.import_jobs import Importers
from judging.web.context import Context
from judging.web.pages import redirect_to, render, render_form
from judging.web.redisplay import form_page
from judging.web.templating import locale_of


def provide_imports_store(request: Request) -> Store:
    return request.app.stores.get("imports")


DEPENDENCIES = {
    "imports_store": Provide(provide_imports_store, sync_to_thread=False),
}


async def imports_page(
    competition: Competition,
    importers: Importers,
    values: Mapping[str, Any] | None = None,
    failed: ValidationFailed | None = None,
) -> Template:
    """The competition's recent imports and the upload form; after a failure, the kind chosen
    (a file is never echoed back)."""
    return render_form(
        "submissions/organizer_imports.html",
        values={"kind": str(values.get("kind", ""))} if values is not None else None,
        failed=failed,
        competition=competition,
        jobs=await import_jobs.recent_jobs(competition.id),
        required_columns={kind: found.required_columns for kind, found in importers.items()},
        optional_columns={kind: found.optional_columns for kind, found in importers.items()},
        answer_columns=[q.key for q in await applications.questions(competition.id)],
    )


class OrganizerImportPages(Controller):
    path = "/organize/{competition_id:int}/imports"
    include_in_schema = False
    guards = [is_organizer]
    dependencies = DEPENDENCIES

    @get("/", name="organizer_imports")
    async def index(
        self, competition: PathCompetition, importers: NamedDependency[Importers]
    ) -> Template:
        return await imports_page(competition, importers)

    @post("/", name="organizer_import_start", opt=form_page(imports_page))
    async def start(
        self,
        request: Request,
        competition: PathCompetition,
        context: Context,
        settings: NamedDependency[Settings],
        imports_store: NamedDependency[Store],
        importers: NamedDependency[Importers],
    ) -> Redirect:
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationFailed.single("file", N_("Choose a file to upload."))
        job = await import_jobs.start_import(
            competition_id=competition.id,
            kind=str(form.get("kind", "")),
            importers=importers,
            filename=upload.filename,
            content=await upload.read(),
            max_bytes=settings.max_upload_mb * 1024 * 1024,
            actor=context.actor,
            store=imports_store,
            invitations=import_jobs.InvitationSettings(
                base_url=context.base_url,
                ttl=timedelta(hours=settings.invitation_ttl_hours),
            ),
            now=context.now,
            # Set by the app when `judging worker` processes run the jobs.
            queue=request.app.state.get("import_queue"),
            data_dir=settings.data_dir,
        )
        return redirect_to(
            request, "organizer_import", competition_id=competition.id, job_id=job.id
        )

    @get("/{job_id:int}", name="organizer_import")
    async def job(
        self,
        competition: PathCompetition,
        job_id: FromPath[int],
        imports_store: NamedDependency[Store],
        context: Context,
    ) -> Template:
        job = await import_jobs.job_view(competition.id, job_id, imports_store, context.now)
        return render("submissions/organizer_import.html", competition=competition, job=job)


class ImportErrorOut(msgspec.Struct):
    row: int
    field: str
    message: str


class ImportJobOut(msgspec.Struct, kw_only=True):
    id: int
    kind: str
    filename: str
    status: str
    total_rows: int
    validated_rows: int
    written_rows: int
    invited: int
    imported_rows: int
    errors: list[ImportErrorOut]
    created_at: str
    finished_at: str | None


class OrganizerImportApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}"
    tags = ["submissions"]
    guards = [is_organizer]
    dependencies = DEPENDENCIES

    @get("/imports/{job_id:int}", summary="Progress and outcome of an import (organizers)")
    async def import_job(
        self,
        request: Request,
        competition_id: FromPath[int],
        job_id: FromPath[int],
        imports_store: NamedDependency[Store],
        context: Context,
    ) -> ImportJobOut:
        job = await import_jobs.job_view(competition_id, job_id, imports_store, context.now)
        locale = locale_of(request)
        return ImportJobOut(
            id=job.id,
            kind=job.kind,
            filename=job.filename,
            status=job.status,
            total_rows=job.total_rows,
            validated_rows=job.validated_rows,
            written_rows=job.written_rows,
            invited=job.invited,
            imported_rows=job.imported_rows,
            errors=[
                ImportErrorOut(
                    row=error.row,
                    field=error.field,
                    message=translate(locale, error.message, **error.params),
                )
                for error in job.errors
            ],
            created_at=job.created_at.isoformat(),
            finished_at=job.finished_at.isoformat() if job.finished_at else None,
        )
