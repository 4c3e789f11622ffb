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

from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.competitions.guards import is_organizer
from judging.errors import ValidationFailed
from judging.i18n import N_, translate
from judging.settings import Settings
from judging.submissions import import_jobs
from judging.submissions.import_jobs import Importers
from judging.web.pages import render, render_form, see_other
from judging.web.templating import locale_of


def provide_imports_store(request: Request) -> Store:
    return request.app.stores.get("imports")


DEPENDENCIES = {
    "imports_store": Provide(provide_imports_store, sync_to_thread=False),
}


class OrganizerImportPages(Controller):
    path = "/organize/{competition_id:int}/imports"
    include_in_schema = False
    guards = [is_organizer]
    dependencies = DEPENDENCIES

    @get("/", name="organizer_imports")
    async def index(
        self, competition_id: FromPath[int], importers: NamedDependency[Importers]
    ) -> Template:
        return await self._page(competition_id, importers)

    @post("/")
    async def start(
        self,
        request: Request,
        competition_id: FromPath[int],
        settings: NamedDependency[Settings],
        imports_store: NamedDependency[Store],
        importers: NamedDependency[Importers],
    ) -> Template | Redirect:
        form = await request.form()
        kind = str(form.get("kind", ""))
        upload = form.get("file")
        try:
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise ValidationFailed.single("file", N_("Choose a file to upload."))
            job = await import_jobs.start_import(
                competition_id=competition_id,
                kind=kind,
                importers=importers,
                filename=upload.filename,
                content=await upload.read(),
                max_bytes=settings.max_upload_mb * 1024 * 1024,
                actor=request.user,
                store=imports_store,
                invitations=import_jobs.InvitationSettings(
                    base_url=settings.base_url,
                    ttl=timedelta(hours=settings.invitation_ttl_hours),
                ),
                now=utcnow(),
            )
        except ValidationFailed as failed:
            return await self._page(competition_id, importers, values={"kind": kind}, failed=failed)
        return see_other(f"/organize/{competition_id}/imports/{job.id}")

    @get("/{job_id:int}", name="organizer_import")
    async def job(
        self,
        competition_id: FromPath[int],
        job_id: FromPath[int],
        imports_store: NamedDependency[Store],
    ) -> Template:
        competition = await competitions.get_competition(competition_id)
        job = await import_jobs.job_view(competition_id, job_id, imports_store, utcnow())
        return render("submissions/organizer_import.html", competition=competition, job=job)

    async def _page(
        self,
        competition_id: int,
        importers: Importers,
        values: Mapping[str, Any] | None = None,
        failed: ValidationFailed | None = None,
    ) -> Template:
        competition = await competitions.get_competition(competition_id)
        return render_form(
            "submissions/organizer_imports.html",
            values=values,
            failed=failed,
            competition=competition,
            jobs=await import_jobs.recent_jobs(competition_id),
            required_columns={kind: found.required_columns for kind, found in importers.items()},
            optional_columns={kind: found.optional_columns for kind, found in importers.items()},
        )


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
    ) -> ImportJobOut:
        job = await import_jobs.job_view(competition_id, job_id, imports_store, utcnow())
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
