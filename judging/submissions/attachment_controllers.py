"""The files projects give for their form's attachment slots: each served under a name that
never says whose it is, the newest or a version by its content hash."""

from __future__ import annotations

from pathlib import Path

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import File

from judging.settings import Settings
from judging.submissions import attachments
from judging.submissions.schemas import AttachmentOut
from judging.web.context import Context

# Opened in the browser; anything else (a workbook) is downloaded.
SHOWN_INLINE = {"application/pdf", "image/png", "image/jpeg", "video/mp4", "video/webm"}


class AttachmentFiles(Controller):
    """Attachment files. Anyone who may not read one gets 404, signed in or not."""

    path = "/submissions/{submission_id:int}/files"
    include_in_schema = False

    @get("/{slot:str}", name="submission_file")
    async def newest(
        self,
        request: Request,
        submission_id: FromPath[int],
        slot: FromPath[str],
        settings: NamedDependency[Settings],
        context: Context,
        download: FromQuery[bool] = False,
    ) -> File:
        path, found = await attachments.readable_file(
            context.actor,
            submission_id,
            slot,
            settings.data_dir,
            may_read=attachments.attachment_access(request),
        )
        return _file(path, submission_id, found, download)

    @get("/{slot:str}/{sha256:str}", name="submission_file_version")
    async def version(
        self,
        request: Request,
        submission_id: FromPath[int],
        slot: FromPath[str],
        sha256: FromPath[str],
        settings: NamedDependency[Settings],
        context: Context,
        download: FromQuery[bool] = False,
    ) -> File:
        """One version by its content hash: what a judge read stays reachable after the
        entrant replaced it."""
        path, found = await attachments.readable_file(
            context.actor,
            submission_id,
            slot,
            settings.data_dir,
            sha256,
            may_read=attachments.attachment_access(request),
        )
        return _file(path, submission_id, found, download)


def _file(path: Path, submission_id: int, found: AttachmentOut, download: bool) -> File:
    inline = found.media_type in SHOWN_INLINE and not download
    return File(
        path,
        filename=f"project-{submission_id}-{found.slot}{path.suffix}",
        content_disposition_type="inline" if inline else "attachment",
        media_type=found.media_type,
        headers={
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
