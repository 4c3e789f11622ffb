"""Background work: mails from the outbox, webhook deliveries and imports, run as jobs.

The rows are the truth (an outbox mail, a webhook delivery) and a job only sends what is
due, claiming each row first; so a job that dies halfway loses nothing, and the next one
(or another process) sends the rest. Two ways to run them:

* **In the web process** (the embedded default, no Redis): each ``judging serve`` process
  runs the jobs every few seconds itself, so ``make run`` needs nothing else.
* **In ``judging worker`` processes** when ``JUDGING_REDIS_URL`` is set: the jobs are SAQ cron
  jobs on a queue in Redis; one worker takes each tick's job, so any number of workers share
  the work, and the web processes run none of it. Imports are queued there too, each a job
  of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

from redis.asyncio import Redis
from saq import CronJob, Queue, Worker

from judging.assignments.judge_imports import JUDGE_IMPORTER
from judging.clock import utcnow
from judging.database import close_engine, engine, open_engine
from judging.integrations.services import deliver_due, sending_client
from judging.outbox.services import deliver_pending
from judging.settings import Settings
from judging.submissions import import_jobs
from judging.submissions.import_jobs import Importers, InvitationSettings
from judging.submissions.project_imports import PROJECT_IMPORTER
from judging.web.stores import build_stores

logger = logging.getLogger("judging.jobs")

QUEUE_NAME = "judging"
EVERY_SECONDS = 2
# One job sends for at most this long, then leaves the rest to the next tick (a job that never
# returned would hold its tick's lock).
JOB_BUDGET_SECONDS = 50
BATCH = 50

Job = Callable[[dict[str, Any]], Awaitable[int]]

# Every kind of file the organizers' import page takes; each domain imports its own rows.
IMPORTERS: Importers = {found.kind: found for found in (PROJECT_IMPORTER, JUDGE_IMPORTER)}
# An import of 100,000 rows validates and writes in well under this.
IMPORT_TIMEOUT_SECONDS = 30 * 60


async def deliver_mails(ctx: dict[str, Any]) -> int:
    """Send every unsent mail, batch after batch, within the job's budget."""
    settings: Settings = ctx["settings"]
    if not settings.smtp_url:
        return 0
    claim = timedelta(seconds=settings.job_claim_timeout_seconds)
    return await _until_done(
        lambda: deliver_pending(
            settings.smtp_url, settings.mail_from, utcnow(), limit=BATCH, claim_timeout=claim
        )
    )


async def deliver_webhooks(ctx: dict[str, Any]) -> int:
    """Send every webhook delivery that is due, within the job's budget."""
    return await _until_done(lambda: deliver_due(utcnow(), ctx["http"], limit=BATCH))


async def _until_done(batch: Callable[[], Awaitable[int]]) -> int:
    done, started = 0, time.monotonic()
    while time.monotonic() - started < JOB_BUDGET_SECONDS:
        sent = await batch()
        done += sent
        if sent < BATCH:
            break
    return done


JOBS: tuple[Job, ...] = (deliver_mails, deliver_webhooks)


async def run_import(ctx: dict[str, Any], *, job_id: int) -> None:
    """A queued import (see :func:`judging.submissions.import_jobs.run_queued_import`)."""
    settings: Settings = ctx["settings"]
    await import_jobs.run_queued_import(
        job_id,
        importers=IMPORTERS,
        store=ctx["stores"]["imports"],
        invitations=InvitationSettings(
            base_url=settings.base_url, ttl=timedelta(hours=settings.invitation_ttl_hours)
        ),
        data_dir=settings.data_dir,
    )


def import_queue(settings: Settings) -> tuple[Queue, Callable[[int], Awaitable[None]]]:
    """The queue a web process hands imports to, and the function that does it."""
    queue = Queue.from_url(settings.redis_url, name=QUEUE_NAME)

    async def enqueue(job_id: int) -> None:
        await queue.enqueue("run_import", job_id=job_id, timeout=IMPORT_TIMEOUT_SECONDS)

    return queue, enqueue


@contextlib.asynccontextmanager
async def job_context(settings: Settings) -> AsyncIterator[dict[str, Any]]:
    async with sending_client() as http:
        yield {"settings": settings, "http": http}


async def run_in_process(settings: Settings) -> None:
    """The web process's loop when there is no Redis: every job, every few seconds, forever."""
    async with job_context(settings) as ctx:
        while True:
            for job in JOBS:
                try:
                    await job(ctx)
                except Exception:
                    logger.exception("Job %s failed; it runs again shortly", job.__name__)
            await asyncio.sleep(EVERY_SECONDS)


def build_worker(settings: Settings) -> Worker:
    """A SAQ worker for ``judging worker``: the jobs as cron jobs on the Redis queue."""
    queue = Queue.from_url(settings.redis_url, name=QUEUE_NAME)
    held: dict[str, contextlib.AsyncExitStack] = {}

    async def startup(ctx: dict[str, Any]) -> None:
        stack = contextlib.AsyncExitStack()
        await open_engine(engine())
        stack.push_async_callback(close_engine, engine())
        ctx.update(await stack.enter_async_context(job_context(settings)))
        redis = Redis.from_url(settings.redis_url)
        stack.push_async_callback(redis.aclose)
        ctx["stores"] = build_stores(settings, redis)
        held["stack"] = stack

    async def shutdown(ctx: dict[str, Any]) -> None:
        await held.pop("stack").aclose()

    every = f"* * * * * */{EVERY_SECONDS}"
    # Not unique: a tick starts its job even while an earlier one runs (or lies dead with a
    # killed worker, until SAQ sweeps it), since the row claims keep two jobs from sending one
    # mail. A unique cron job would wait for the dead one's timeout first.
    cron_jobs = [
        CronJob(job, cron=every, unique=False, timeout=JOB_BUDGET_SECONDS + 10) for job in JOBS
    ]
    return Worker(
        queue,
        functions=[*JOBS, run_import],
        cron_jobs=cron_jobs,
        startup=startup,
        shutdown=shutdown,
        # The sending jobs and an import or two at once.
        concurrency=len(JOBS) + 2,
    )
