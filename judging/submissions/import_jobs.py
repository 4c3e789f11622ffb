"""Organizers import projects or judges from a CSV or XLSX file: all rows or none.

The request reads the file and starts the job; the job validates every row, then writes all
of them in one transaction, or none and a report of each bad row. Progress goes to the shared
store under ``import:<job id>`` so any app process can show it.

Where the job runs: by default a task of the web process that took the upload. When the app
has a job queue (``judging worker`` processes on Redis, see :mod:`judging.operations.jobs`),
the file is kept under ``<data dir>/imports/`` and a worker runs :func:`run_queued_import`;
a worker killed mid-import rolls its transaction back, so nothing half-written remains, and
the job shows as stopped once its progress stops (as for a web process that died).

This module runs a job whatever it imports; an :class:`Importer` says what one kind of file
holds and checks and writes its rows (projects: :mod:`judging.submissions.project_imports`,
judges: :mod:`judging.assignments.judge_imports`). The app hands the controllers every kind.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
from litestar.stores.base import Store

from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.errors import NotFound, ValidationFailed
from judging.i18n import N_
from judging.submissions.import_files import Table, read_table
from judging.submissions.import_rows import RowError, RowErrors, missing_columns
from judging.submissions.storage import TEMP_PREFIX
from judging.submissions.tables import ImportJob, ImportJobStatus

logger = logging.getLogger("judging.imports")

PROGRESS_EVERY = 200
# Progress expires unless refreshed; a running job without progress for a minute has died.
PROGRESS_TTL = timedelta(minutes=1)
HEARTBEAT_SECONDS = 15.0
MAX_REPORTED_ERRORS = 1000

# Tasks must be referenced until done, or the event loop may drop them mid-import.
_RUNNING_TASKS: set[asyncio.Task[None]] = set()
QUEUED_DIR = "imports"

ImportQueue = Callable[[int], Awaitable[None]]
"""Hands a job (by id, its file stored) to the workers; given to the app by the operations
domain when the jobs run on a queue."""


def queued_file(data_dir: str | Path, job_id: int) -> Path:
    return Path(data_dir) / QUEUED_DIR / f"{job_id}.upload"


def _keep_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(TEMP_PREFIX + path.name)
    staged.write_bytes(content)
    staged.replace(path)


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
    status: ImportJobStatus
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
        return self.status == ImportJobStatus.RUNNING


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


# What one kind of import does ------------------------------------------------------------


class InvitationSettings(msgspec.Struct, frozen=True, kw_only=True):
    """What invitations of imported judges need: the link's base and its lifetime."""

    base_url: str
    ttl: timedelta


@dataclass(frozen=True)
class ImportRun:
    """One job being run: what an importer checks and writes its rows with."""

    job: ImportJob
    table: Table
    actor: Account
    reporter: ProgressReporter
    invitations: InvitationSettings
    clock: Callable[[], datetime]


@dataclass(frozen=True)
class Importer:
    """One kind of import: the columns of its file, and what checks and writes its rows.

    ``write_rows`` checks every row, then writes all of them inside one transaction (calling
    :func:`record_success` there) or none; it returns the row errors (empty on success).
    """

    kind: str
    required_columns: tuple[str, ...]
    optional_columns: tuple[str, ...]
    write_rows: Callable[[ImportRun], Awaitable[RowErrors]]


# Every kind the app imports, by ``Importer.kind``.
Importers = Mapping[str, Importer]


# Running an import -----------------------------------------------------------------------


async def start_import(
    *,
    competition_id: int,
    kind: str,
    importers: Importers,
    filename: str,
    content: bytes,
    max_bytes: int,
    actor: Account,
    store: Store,
    invitations: InvitationSettings,
    now: datetime,
    clock: Callable[[], datetime] = utcnow,
    queue: ImportQueue | None = None,
    data_dir: str | Path = "",
) -> ImportJob:
    """Read the file, create the job and start validating and writing it in the background:
    here, or, given a ``queue``, in a worker (the file kept under ``data_dir`` for it).

    Raises :class:`ValidationFailed` (fields ``kind`` or ``file``) or :class:`TooLarge` when the
    upload cannot be read as a table; nothing is created then.
    """
    await competitions.get_competition(competition_id)
    importer = importers.get(kind)
    if importer is None:
        raise ValidationFailed.single("kind", N_("Choose one of the offered values."))
    table = await asyncio.to_thread(read_table, content, max_bytes)
    job = ImportJob(
        competition=competition_id,
        kind=kind,
        filename=filename[:255],
        status=ImportJobStatus.RUNNING,
        total_rows=len(table.rows),
        created_by=actor.id,
        created_at=now,
    )
    await job.save()
    reporter = ProgressReporter(store, job.id, len(table.rows))
    await reporter.save()
    if queue is not None:
        await asyncio.to_thread(_keep_file, queued_file(data_dir, job.id), content)
        await queue(job.id)
        return job
    run = ImportRun(
        job=job, table=table, actor=actor, reporter=reporter, invitations=invitations, clock=clock
    )
    task = asyncio.create_task(_run(importer, run), name=f"import-{job.id}")
    _RUNNING_TASKS.add(task)
    task.add_done_callback(_RUNNING_TASKS.discard)
    return job


async def settle() -> None:
    """Wait until every import this process started has finished (tests, shutdown)."""
    while _RUNNING_TASKS:
        await asyncio.gather(*_RUNNING_TASKS, return_exceptions=True)


async def run_queued_import(
    job_id: int,
    *,
    importers: Importers,
    store: Store,
    invitations: InvitationSettings,
    data_dir: str | Path,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """Run a job a web process queued (in a worker): its kept file, read again, all or none."""
    job = await ImportJob.objects().where(ImportJob.id == job_id).first()
    if job is None or job.status != ImportJobStatus.RUNNING:
        return
    path = queued_file(data_dir, job_id)
    actor = await Account.objects().where(Account.id == job.created_by).first()
    importer = importers.get(job.kind)
    try:
        content = await asyncio.to_thread(path.read_bytes)
        table = await asyncio.to_thread(read_table, content, len(content) + 1)
    except (OSError, ValidationFailed):
        content = None
    if content is None or actor is None or importer is None:
        message = N_("The import stopped because of an unexpected error. Nothing was written.")
        await _fail(job, [RowError(row=0, field="", message=message)], clock())
        return
    reporter = ProgressReporter(store, job.id, len(table.rows))
    run = ImportRun(
        job=job, table=table, actor=actor, reporter=reporter, invitations=invitations, clock=clock
    )
    try:
        await _run(importer, run)
    finally:
        await asyncio.to_thread(path.unlink, missing_ok=True)


async def _run(importer: Importer, run: ImportRun) -> None:
    job, clock = run.job, run.clock
    heartbeat = asyncio.create_task(run.reporter.heartbeat())
    try:
        errors = RowErrors()
        if not missing_columns(importer.required_columns, run.table, errors):
            errors = await importer.write_rows(run)
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
        await run.reporter.clear()


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
            ImportJob.status: ImportJobStatus.FAILED,
            ImportJob.errors: msgspec.to_builtins(reported),
            ImportJob.finished_at: now,
        }
    ).where(ImportJob.id == job.id)


async def check_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    check: Callable[[int, dict[str, str]], Any],
    reporter: ProgressReporter,
) -> list[Any]:
    """What ``check`` made of each good row, reporting progress; it records the bad ones."""
    good = []
    for count, (row, cells) in enumerate(rows, start=1):
        value = check(row, cells)
        if value is not None:
            good.append(value)
        await reporter.advance("validating", "validated", count)
    return good


async def record_success(
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
        {
            ImportJob.status: ImportJobStatus.SUCCEEDED,
            ImportJob.imported_rows: count,
            ImportJob.finished_at: now,
        }
    ).where(ImportJob.id == job.id)


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
    if status == ImportJobStatus.RUNNING:
        live = await read_progress(store, job_id)
        if live is not None:
            progress = live
        elif now - job["created_at"] > PROGRESS_TTL:
            status = ImportJobStatus.INTERRUPTED
    elif status == ImportJobStatus.SUCCEEDED:
        # The import's audit event says how many invitations it queued.
        events = await audit.history("import_job", job_id)
        progress = ImportProgress(
            phase="done",
            validated=job["total_rows"],
            written=job["imported_rows"],
            invited=sum((event.after or {}).get("invited", 0) for event in events),
            total=job["total_rows"],
        )
    return ImportJobView(
        id=job_id,
        kind=job["kind"],
        filename=job["filename"],
        status=status,
        total_rows=job["total_rows"],
        validated_rows=job["total_rows"]
        if status == ImportJobStatus.FAILED
        else progress.validated,
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
