"""A project's attachment files as readers get them: the newest per slot, every version by its
hash, the slots still missing a required file, and the file a viewer may read. Uploading is
:func:`judging.submissions.services.attach_file`; the files on disk are
:mod:`judging.submissions.attachment_files`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Iterable
from pathlib import Path

from litestar.connection import ASGIConnection

from judging.accounts.tables import Account
from judging.applications import slots as application_slots
from judging.applications.schemas import SlotOut
from judging.errors import FieldError, NotFound
from judging.i18n import N_
from judging.submissions import storage
from judging.submissions.attachment_files import attachment_path
from judging.submissions.schemas import AttachmentOut
from judging.submissions.tables import Attachment, Submission

NEEDS_FILE = N_("This file is needed before the project is submitted.")
NO_FILE = N_("No file was given for this slot.")

# Whether the account may read a file the project gave for a slot read by ``visibility``
# (judging.permissions.can_read_attachment). Its facts (assignments, conflicts, the rounds'
# blindness) belong to the domains above: the app gives
# judging.assignments.access.may_read_attachment when it is built.
AttachmentAccess = Callable[[Account, Submission, str], Awaitable[bool]]


def attachment_access(request: ASGIConnection) -> AttachmentAccess:
    return request.app.state.attachment_access


def field_name(slot_key: str) -> str:
    """The field a slot's upload and its errors go by (``attachments.<key>``)."""
    return f"attachments.{slot_key}"


def file_url(submission_id: int, slot_key: str, sha256: str = "") -> str:
    """The file's URL: the version with this hash, else the newest. Its name never says whose
    it is (rounds may be blind)."""
    base = f"/submissions/{submission_id}/files/{slot_key}"
    return f"{base}/{sha256}" if sha256 else base


def _view(row: dict) -> AttachmentOut:
    named = row["named"] if isinstance(row["named"], list) else []
    return AttachmentOut(
        slot=row["slot"],
        sha256=row["sha256"],
        size=row["size"],
        media_type=row["media_type"],
        filename=row["filename"],
        named=[str(name) for name in named],
        uploaded_at=row["uploaded_at"],
        url=file_url(row["submission"], row["slot"]),
    )


async def files_of(submission_id: int) -> list[AttachmentOut]:
    """Every file the project gave, newest first."""
    rows = (
        await Attachment.select()
        .where(Attachment.submission == submission_id)
        .order_by(Attachment.id, ascending=False)
        .output(load_json=True)
    )
    return [_view(row) for row in rows]


async def current_files(submission_id: int) -> dict[str, AttachmentOut]:
    """Slot key -> the project's newest file for it."""
    current: dict[str, AttachmentOut] = {}
    for view in await files_of(submission_id):
        current.setdefault(view.slot, view)
    return current


def missing_slots(slots: Iterable[SlotOut], track_id: int, given: Collection[str]) -> list[SlotOut]:
    """The required slots of ``track_id`` whose key is not among the ``given`` ones."""
    return [
        slot
        for slot in slots
        if slot.required and application_slots.applies(slot, track_id) and slot.key not in given
    ]


async def slots_given(submission_ids: Iterable[int]) -> dict[int, set[str]]:
    """Project id -> the keys of the slots it gave a file for (one query)."""
    given: dict[int, set[str]] = defaultdict(set)
    for row in await Attachment.select(Attachment.submission, Attachment.slot).where(
        Attachment.submission.is_in(list(submission_ids) or [0])
    ):
        given[row["submission"]].add(row["slot"])
    return dict(given)


async def missing_files(competition_id: int, track_id: int, submission_id: int) -> list[FieldError]:
    """The required slots of the project's track it has no file for (what submitting asks)."""
    given = (await slots_given([submission_id])).get(submission_id, set())
    return [
        FieldError(field_name(slot.key), NEEDS_FILE)
        for slot in missing_slots(await application_slots.slots(competition_id), track_id, given)
    ]


async def _slot(competition_id: int, slot_key: str) -> SlotOut:
    for slot in await application_slots.slots(competition_id):
        if slot.key == slot_key:
            return slot
    raise NotFound()


async def readable_file(
    viewer: Account | None,
    submission_id: int,
    slot_key: str,
    data_dir: str | Path,
    sha256: str | None = None,
    *,
    may_read: AttachmentAccess,
) -> tuple[Path, AttachmentOut]:
    """The path and record of a file ``viewer`` may read (the newest for the slot, or the
    version with ``sha256``); :class:`NotFound` for anyone else and for what does not exist,
    so the answer never confirms that a project or a file exists."""
    if viewer is None:
        raise NotFound()
    submission = await Submission.objects().where(Submission.id == submission_id).first()
    if submission is None:
        raise NotFound()
    slot = await _slot(submission.competition, slot_key)
    if not await may_read(viewer, submission, slot.visibility):
        raise NotFound()
    if sha256 is not None and not storage.is_sha256(sha256):
        raise NotFound(NO_FILE)
    query = Attachment.select().where(
        (Attachment.submission == submission_id) & (Attachment.slot == slot_key)
    )
    if sha256 is not None:
        query = query.where(Attachment.sha256 == sha256)
    row = await query.order_by(Attachment.id, ascending=False).output(load_json=True).first()
    if row is None:
        raise NotFound(NO_FILE)
    path = attachment_path(data_dir, row["sha256"], row["extension"])
    if not path.is_file():
        raise NotFound(NO_FILE)
    return path, _view(row)
