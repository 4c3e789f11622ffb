"""Organizers import projects or judges from a CSV or XLSX file: all rows or none.

The request reads the file and starts a background task; the task validates every row, then
writes all of them in one transaction, or none and a report of each bad row. Progress goes to
the shared store under ``import:<job id>`` so any app process can show it.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

import msgspec
import openpyxl
import pandas as pd
from litestar.datastructures import FormMultiDict
from litestar.stores.base import Store

from judging.accounts.schemas import Email
from judging.accounts.tables import Account
from judging.assignments import pool
from judging.audit import services as audit
from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.competitions.schemas import InvitationCreate
from judging.competitions.tables import Track
from judging.database import writing
from judging.errors import NotFound, TooLarge, ValidationFailed
from judging.i18n import N_
from judging.submissions.schemas import ProjectFields, check_project_fields
from judging.submissions.search import search_text_for
from judging.submissions.tables import ImportJob, Submission
from judging.web.forms import parse_form

logger = logging.getLogger("judging.imports")

SUBMISSIONS = "submissions"
JUDGES = "judges"
KINDS = (SUBMISSIONS, JUDGES)
REQUIRED_COLUMNS = {SUBMISSIONS: ("title", "track"), JUDGES: ("email", "name")}
OPTIONAL_COLUMNS = {
    SUBMISSIONS: (
        "summary",
        "description",
        "organization",
        "country",
        "website",
        "video_url",
        "contact_name",
        "contact_email",
        "contact_phone",
        "team",
        "owner_email",
        "status",
    ),
    JUDGES: ("organization", "tracks", "max_load"),
}
IMPORTABLE_STATUSES = ("draft", "submitted")

RUNNING, SUCCEEDED, FAILED, INTERRUPTED = "running", "succeeded", "failed", "interrupted"
PROGRESS_EVERY = 200
WRITE_CHUNK = 200
# Progress expires unless refreshed; a running job without progress for a minute has died.
PROGRESS_TTL = timedelta(minutes=1)
HEARTBEAT_SECONDS = 15.0
MAX_REPORTED_ERRORS = 1000
# An XLSX is a zip; refuse archives that would inflate far beyond any real spreadsheet.
MAX_INFLATION = 20

_XLSX_MAGIC = b"PK\x03\x04"
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel in China saves CSV as GB18030
_LIST_SEPARATOR = re.compile(r"[;；]")  # ASCII or full-width semicolon
_PANDAS_LINE = re.compile(r"line (\d+)")

NOT_A_TABLE = N_("Upload a CSV file (UTF-8 or GB18030) or an Excel workbook (.xlsx).")
TOO_MANY_CELLS = N_("Row %(row)s has more cells than the header.")

# Tasks must be referenced until done, or the event loop may drop them mid-import.
_RUNNING_TASKS: set[asyncio.Task[None]] = set()


class RowError(msgspec.Struct, kw_only=True):
    """One problem of one row; ``row`` counts as the file does (the header is row 1)."""

    row: int
    field: str
    message: str
    params: dict[str, Any] = msgspec.field(default_factory=dict)


class ImportProgress(msgspec.Struct, kw_only=True):
    """Where a running job is: rows validated, rows written, invitations queued."""

    phase: str = "validating"
    validated: int = 0
    written: int = 0
    invited: int = 0
    total: int = 0


class ImportJobView(msgspec.Struct, kw_only=True):
    """A job as pages show it: the stored outcome, or the live progress while it runs."""

    id: int
    kind: str
    filename: str
    status: str
    total_rows: int
    validated_rows: int
    written_rows: int
    invited: int
    imported_rows: int
    errors: list[RowError]
    created_at: datetime
    finished_at: datetime | None

    @property
    def running(self) -> bool:
        return self.status == RUNNING


class Table(msgspec.Struct, kw_only=True):
    """The cells of a file: lower-cased column names and one dict per non-blank data row."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


# Reading files ---------------------------------------------------------------------------


def _refuse(message: str = NOT_A_TABLE, **params: Any) -> ValidationFailed:
    return ValidationFailed.single("file", message, **params)


def _decode_text(content: bytes) -> str:
    for encoding in _CSV_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Text files hold no NUL bytes; programs and images do.
        if "\x00" in text:
            break
        return text
    raise _refuse()


def _check_workbook(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            inflated = sum(entry.file_size for entry in archive.infolist())
        if inflated > MAX_INFLATION * max(len(content), 1024 * 1024):
            raise _refuse()
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        workbook.close()
    except ValidationFailed:
        raise
    except Exception:  # any failure to open an uploaded zip means "not a workbook"
        raise _refuse() from None


def _frame(content: bytes) -> pd.DataFrame:
    options: dict[str, Any] = {"dtype": str, "keep_default_na": False}
    if content.startswith(_XLSX_MAGIC):
        _check_workbook(content)
        try:
            return pd.read_excel(io.BytesIO(content), engine="openpyxl", **options)
        except Exception:  # a workbook openpyxl opens but pandas cannot read as a table
            raise _refuse() from None
    text = _decode_text(content)
    try:
        # Blank lines are kept so row numbers match the file; blank rows are skipped later.
        frame = pd.read_csv(io.StringIO(text), skip_blank_lines=False, **options)
    except pd.errors.EmptyDataError:
        raise _refuse(N_("The file is empty.")) from None
    except pd.errors.ParserError as exc:
        line = _PANDAS_LINE.search(str(exc))
        if line:
            raise _refuse(TOO_MANY_CELLS, row=line.group(1)) from None
        raise _refuse() from None
    # pandas reads one cell more than the header in every row as an index, shifting columns.
    if not isinstance(frame.index, pd.RangeIndex):
        raise _refuse(TOO_MANY_CELLS, row=2)
    return frame


def read_table(content: bytes, max_bytes: int) -> Table:
    """The rows of an uploaded CSV or XLSX file, recognized by content, not by name.

    Raises :class:`TooLarge` above ``max_bytes`` and :class:`ValidationFailed` (field ``file``)
    for anything that is not a readable table with at least one data row.
    """
    if len(content) > max_bytes:
        raise TooLarge()
    if not content.strip():
        raise _refuse(N_("The file is empty."))
    frame = _frame(content)
    columns = [str(column).strip().lower() for column in frame.columns]
    frame.columns = pd.Index(columns)
    rows = []
    for index, record in enumerate(frame.to_dict("records")):
        cells = {key: str(value).strip() for key, value in record.items()}
        if any(cells.values()):
            rows.append((index + 2, cells))
    if not rows:
        raise _refuse(N_("The file has no data rows below its header."))
    return Table(columns=columns, rows=rows)


# Validating rows -------------------------------------------------------------------------


class _Errors:
    """Row errors in file order, at most one per (row, field)."""

    def __init__(self) -> None:
        self.items: list[RowError] = []
        self._seen: set[tuple[int, str]] = set()

    def add(self, row: int, field: str, message: str, /, **params: Any) -> None:
        if (row, field) not in self._seen:
            self._seen.add((row, field))
            self.items.append(RowError(row=row, field=field, message=message, params=params))

    def add_failed(self, row: int, failed: ValidationFailed, renames: dict[str, str]) -> None:
        for error in failed.errors:
            self.add(row, renames.get(error.field, error.field), error.message, **error.params)

    def __bool__(self) -> bool:
        return bool(self.items)


def _missing_columns(kind: str, table: Table, errors: _Errors) -> bool:
    for column in REQUIRED_COLUMNS[kind]:
        if column not in table.columns:
            errors.add(1, column, N_("The column %(column)s is missing."), column=column)
    return bool(errors)


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in _LIST_SEPARATOR.split(value) if part.strip()]


def _struct_or_errors(data: dict[str, Any], schema: type[Any]) -> Any:
    """Fast path for good rows; the form reader names every bad field of a bad one."""
    clean = {key: value for key, value in data.items() if value not in ("", [], None)}
    try:
        return msgspec.convert(clean, schema, strict=False)
    except msgspec.ValidationError:
        pairs: list[tuple[str, Any]] = []
        for key, value in clean.items():
            if isinstance(value, list):
                pairs.extend((key, item) for item in value)
            else:
                pairs.append((key, value))
        return parse_form(FormMultiDict(pairs), schema)


def _is_email(value: str) -> bool:
    try:
        msgspec.convert(value, Email)
    except msgspec.ValidationError:
        return False
    return True


class _Checker:
    """Validates rows one by one, remembering what it needs across rows (duplicates)."""

    def __init__(self, tracks: dict[str, int]) -> None:
        self.tracks = tracks
        self.errors = _Errors()
        self.first_row_of: dict[str, int] = {}

    def track_choices(self) -> str:
        return ", ".join(self.tracks)

    def unique(self, row: int, field: str, value: str, message: str) -> None:
        key = value.casefold()
        if key in self.first_row_of:
            self.errors.add(row, field, message, row=self.first_row_of[key])
        else:
            self.first_row_of[key] = row


class SubmissionChecker(_Checker):
    """Turns a row into a new, unsaved :class:`Submission`, or records its errors."""

    RENAMES = {"track_id": "track"}

    def __init__(
        self,
        *,
        competition_id: int,
        tracks: dict[str, int],
        existing_titles: set[str],
        owners: dict[str, int],
        now: datetime,
    ) -> None:
        super().__init__(tracks)
        self.competition_id = competition_id
        self.existing_titles = existing_titles
        self.owners = owners
        self.now = now

    def check(self, row: int, cells: dict[str, str]) -> Submission | None:
        errors_before = len(self.errors.items)
        track_key = cells.get("track", "").lower()
        if track_key and track_key not in self.tracks:
            self.errors.add(
                row,
                "track",
                N_("There is no track %(value)s. Use one of: %(choices)s."),
                value=cells["track"],
                choices=self.track_choices(),
            )
        data = {name: cells.get(name, "") for name in OPTIONAL_COLUMNS[SUBMISSIONS]}
        data["title"] = cells.get("title", "")
        # An unknown track is reported above; a stand-in id lets the other fields be checked.
        data["track_id"] = self.tracks.get(track_key, 0) if track_key else None
        data["team"] = [{"name": name} for name in _split_list(cells.get("team", ""))]
        fields: ProjectFields | None = None
        try:
            fields = check_project_fields(_struct_or_errors(data, ProjectFields))
        except ValidationFailed as failed:
            self.errors.add_failed(row, failed, self.RENAMES)
        status = cells.get("status", "").lower() or "submitted"
        if status not in IMPORTABLE_STATUSES:
            self.errors.add(
                row,
                "status",
                N_("Use one of: %(choices)s."),
                choices=", ".join(IMPORTABLE_STATUSES),
            )
        owner_email = cells.get("owner_email", "").lower()
        if owner_email and not _is_email(owner_email):
            self.errors.add(row, "owner_email", N_("Enter a valid email address."))
        title = cells.get("title", "")
        if title:
            if title.casefold() in self.existing_titles:
                self.errors.add(
                    row,
                    "title",
                    N_("A project with this title already exists in this competition."),
                )
            self.unique(row, "title", title, N_("The same title is also in row %(row)s."))
        if fields is None or len(self.errors.items) > errors_before:
            return None
        team = [msgspec.structs.asdict(member) for member in fields.team]
        # Built here, a row at a time, so the write transaction only runs SQL.
        return Submission(
            competition=self.competition_id,
            track=fields.track_id,
            owner=self.owners.get(owner_email),
            title=fields.title,
            summary=fields.summary,
            description=fields.description,
            team=team,
            organization=fields.organization,
            country=fields.country,
            website=fields.website,
            video_url=fields.video_url,
            contact_name=fields.contact_name,
            contact_email=fields.contact_email.lower(),
            contact_phone=fields.contact_phone,
            status=status,
            search_text=search_text_for(fields.title, fields.organization, team),
            submitted_at=self.now if status == "submitted" else None,
            created_at=self.now,
            updated_at=self.now,
            version=1,
        )


class JudgeChecker(_Checker):
    """Turns a row into a :class:`pool.JudgeEntry`, or records its errors."""

    RENAMES = {"display_name": "name"}

    def check(self, row: int, cells: dict[str, str]) -> pool.JudgeEntry | None:
        errors_before = len(self.errors.items)
        tracks = [key.lower() for key in _split_list(cells.get("tracks", ""))]
        unknown = [key for key in tracks if key not in self.tracks]
        if unknown:
            self.errors.add(
                row,
                "tracks",
                N_("There is no track %(value)s. Use one of: %(choices)s."),
                value=", ".join(unknown),
                choices=self.track_choices(),
            )
        email = cells.get("email", "").lower()
        data = {
            "email": email,
            "display_name": cells.get("name", ""),
            "organization": cells.get("organization", ""),
            "tracks": list(dict.fromkeys(tracks)),
            "max_load": cells.get("max_load", ""),
        }
        entry: pool.JudgeEntry | None = None
        try:
            entry = _struct_or_errors(data, pool.JudgeEntry)
        except ValidationFailed as failed:
            self.errors.add_failed(row, failed, self.RENAMES)
        if email:
            self.unique(row, "email", email, N_("The same email is also in row %(row)s."))
        if entry is None or len(self.errors.items) > errors_before:
            return None
        return entry


async def _track_keys(competition_id: int) -> dict[str, int]:
    rows = (
        await Track.select(Track.id, Track.key)
        .where(Track.competition == competition_id)
        .order_by(Track.position)
        .order_by(Track.id)
    )
    return {row["key"].lower(): row["id"] for row in rows}


async def _existing_titles(competition_id: int) -> set[str]:
    rows = await Submission.select(Submission.title).where(Submission.competition == competition_id)
    return {row["title"].casefold() for row in rows}


# Progress --------------------------------------------------------------------------------


def _progress_key(job_id: int) -> str:
    return f"import:{job_id}"


class ProgressReporter:
    """Writes a job's progress to the shared store every ``PROGRESS_EVERY`` rows."""

    def __init__(self, store: Store, job_id: int, total: int) -> None:
        self.store = store
        self.key = _progress_key(job_id)
        self.progress = ImportProgress(total=total)

    async def save(self) -> None:
        await self.store.set(self.key, msgspec.json.encode(self.progress), expires_in=PROGRESS_TTL)

    async def advance(self, phase: str, counter: str, count: int) -> None:
        """Set ``counter`` (validated, written or invited) to ``count``; store it now and then."""
        changed_phase = phase != self.progress.phase
        self.progress = msgspec.structs.replace(self.progress, phase=phase, **{counter: count})
        if changed_phase or count % PROGRESS_EVERY == 0 or count >= self.progress.total:
            await self.save()

    async def heartbeat(self) -> None:
        # Long single steps (a big transaction commit) must not look like a dead process.
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            await self.save()

    async def clear(self) -> None:
        await self.store.delete(self.key)


async def read_progress(store: Store, job_id: int) -> ImportProgress | None:
    raw = await store.get(_progress_key(job_id))
    return msgspec.json.decode(raw, type=ImportProgress) if raw else None


# Running an import -----------------------------------------------------------------------


class InvitationSettings(msgspec.Struct, frozen=True, kw_only=True):
    """What invitations of imported judges need: the link's base and its lifetime."""

    base_url: str
    ttl: timedelta


async def start_import(
    *,
    competition_id: int,
    kind: str,
    filename: str,
    content: bytes,
    max_bytes: int,
    actor: Account,
    store: Store,
    invitations: InvitationSettings,
    now: datetime,
    clock: Callable[[], datetime] = utcnow,
) -> ImportJob:
    """Read the file, create the job and start validating and writing it in the background.

    Raises :class:`ValidationFailed` (fields ``kind`` or ``file``) or :class:`TooLarge` when the
    upload cannot be read as a table; nothing is created then.
    """
    await competitions.get_competition(competition_id)
    if kind not in KINDS:
        raise ValidationFailed.single("kind", N_("Choose one of the offered values."))
    table = await asyncio.to_thread(read_table, content, max_bytes)
    job = ImportJob(
        competition=competition_id,
        kind=kind,
        filename=filename[:255],
        status=RUNNING,
        total_rows=len(table.rows),
        created_by=actor.id,
        created_at=now,
    )
    await job.save()
    reporter = ProgressReporter(store, job.id, len(table.rows))
    await reporter.save()
    task = asyncio.create_task(
        _run(job, table, actor, reporter, invitations, clock), name=f"import-{job.id}"
    )
    _RUNNING_TASKS.add(task)
    task.add_done_callback(_RUNNING_TASKS.discard)
    return job


async def settle() -> None:
    """Wait until every import this process started has finished (tests, shutdown)."""
    while _RUNNING_TASKS:
        await asyncio.gather(*_RUNNING_TASKS, return_exceptions=True)


async def _run(
    job: ImportJob,
    table: Table,
    actor: Account,
    reporter: ProgressReporter,
    invitations: InvitationSettings,
    clock: Callable[[], datetime],
) -> None:
    heartbeat = asyncio.create_task(reporter.heartbeat())
    try:
        errors = _Errors()
        if not _missing_columns(job.kind, table, errors):
            if job.kind == SUBMISSIONS:
                errors = await _import_submissions(job, table, actor, reporter, clock)
            else:
                errors = await _import_judges(job, table, actor, reporter, invitations, clock)
        if errors:
            await _fail(job, errors.items, clock())
    except Exception:
        logger.exception("Import %s failed", job.id)
        message = N_("The import stopped because of an unexpected error. Nothing was written.")
        await _fail(job, [RowError(row=0, field="", message=message)], clock())
    finally:
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat
        await reporter.clear()


async def _fail(job: ImportJob, errors: list[RowError], now: datetime) -> None:
    reported = errors[:MAX_REPORTED_ERRORS]
    if len(errors) > MAX_REPORTED_ERRORS:
        reported.append(
            RowError(
                row=0,
                field="",
                message=N_("And %(n)s more errors."),
                params={"n": len(errors) - MAX_REPORTED_ERRORS},
            )
        )
    await ImportJob.update(
        {
            ImportJob.status: FAILED,
            ImportJob.errors: msgspec.to_builtins(reported),
            ImportJob.finished_at: now,
        }
    ).where(ImportJob.id == job.id)


async def _validate(
    rows: Iterable[tuple[int, dict[str, str]]],
    check: Callable[[int, dict[str, str]], Any],
    reporter: ProgressReporter,
) -> list[Any]:
    good = []
    for count, (row, cells) in enumerate(rows, start=1):
        value = check(row, cells)
        if value is not None:
            good.append(value)
        await reporter.advance("validating", "validated", count)
    return good


async def _succeed(
    job: ImportJob, actor: Account, count: int, now: datetime, extra: dict[str, Any]
) -> None:
    """The audit event and the outcome; called inside the import's transaction."""
    await audit.record(
        actor_id=actor.id,
        entity="import_job",
        entity_id=job.id,
        action="imported",
        after={"kind": job.kind, "filename": job.filename, "rows": count, **extra},
    )
    await ImportJob.update(
        {ImportJob.status: SUCCEEDED, ImportJob.imported_rows: count, ImportJob.finished_at: now}
    ).where(ImportJob.id == job.id)


async def _import_submissions(
    job: ImportJob,
    table: Table,
    actor: Account,
    reporter: ProgressReporter,
    clock: Callable[[], datetime],
) -> _Errors:
    owner_emails = {cells.get("owner_email", "").lower() for _, cells in table.rows}
    checker = SubmissionChecker(
        competition_id=job.competition,
        tracks=await _track_keys(job.competition),
        existing_titles=await _existing_titles(job.competition),
        owners=await pool.account_ids_by_email(email for email in owner_emails if email),
        now=clock(),
    )
    values = await _validate(table.rows, checker.check, reporter)
    if checker.errors:
        return checker.errors
    async with writing():
        for start in range(0, len(values), WRITE_CHUNK):
            chunk = values[start : start + WRITE_CHUNK]
            await Submission.insert(*chunk)
            await reporter.advance("writing", "written", start + len(chunk))
        await _succeed(job, actor, len(values), clock(), {})
    return checker.errors


async def _import_judges(
    job: ImportJob,
    table: Table,
    actor: Account,
    reporter: ProgressReporter,
    invitations: InvitationSettings,
    clock: Callable[[], datetime],
) -> _Errors:
    checker = JudgeChecker(await _track_keys(job.competition))
    entries: list[pool.JudgeEntry] = await _validate(table.rows, checker.check, reporter)
    if checker.errors:
        return checker.errors
    now = clock()
    invitees = await pool.emails_to_invite(job.competition, [e.email for e in entries], now)
    async with writing():
        await pool.upsert_judges(job.competition, entries)
        await reporter.advance("writing", "written", len(entries))
        await _succeed(job, actor, len(entries), clock(), {"invited": len(invitees)})
    for count, email in enumerate(invitees, start=1):
        try:
            await competitions.create_invitation(
                competition_id=job.competition,
                form=InvitationCreate(email=email, role=competitions.JUDGE),
                inviter=actor,
                base_url=invitations.base_url,
                now=clock(),
                ttl=invitations.ttl,
            )
        except Exception:  # the pool is saved; one failed mail must not hide the others
            logger.exception("Invitation of imported judge %s failed", email)
        await reporter.advance("inviting", "invited", count)
    return checker.errors


# Reading jobs ----------------------------------------------------------------------------


async def job_view(competition_id: int, job_id: int, store: Store, now: datetime) -> ImportJobView:
    """The job with live progress; a running job silent for a minute shows as interrupted."""
    job = (
        await ImportJob.select()
        .where((ImportJob.id == job_id) & (ImportJob.competition == competition_id))
        .output(load_json=True)
        .first()
    )
    if job is None:
        raise NotFound()
    status = job["status"]
    progress = ImportProgress(total=job["total_rows"])
    if status == RUNNING:
        live = await read_progress(store, job_id)
        if live is not None:
            progress = live
        elif now - job["created_at"] > PROGRESS_TTL:
            status = INTERRUPTED
    elif status == SUCCEEDED:
        # The import's audit event says how many invitations it queued.
        events = await audit.history("import_job", job_id)
        progress = ImportProgress(
            phase="done",
            validated=job["total_rows"],
            written=job["imported_rows"],
            invited=sum((event["after"] or {}).get("invited", 0) for event in events),
            total=job["total_rows"],
        )
    return ImportJobView(
        id=job_id,
        kind=job["kind"],
        filename=job["filename"],
        status=status,
        total_rows=job["total_rows"],
        validated_rows=job["total_rows"] if status == FAILED else progress.validated,
        written_rows=progress.written,
        invited=progress.invited,
        imported_rows=job["imported_rows"],
        errors=msgspec.convert(job["errors"] or [], list[RowError]),
        created_at=job["created_at"],
        finished_at=job["finished_at"],
    )


async def recent_jobs(competition_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """The competition's latest imports, newest first."""
    return (
        await ImportJob.select(
            ImportJob.id,
            ImportJob.kind,
            ImportJob.filename,
            ImportJob.status,
            ImportJob.total_rows,
            ImportJob.imported_rows,
            ImportJob.created_at,
            ImportJob.finished_at,
            ImportJob.created_by.display_name.as_alias("created_by_name"),
        )
        .where(ImportJob.competition == competition_id)
        .order_by(ImportJob.id, ascending=False)
        .limit(limit)
    )
