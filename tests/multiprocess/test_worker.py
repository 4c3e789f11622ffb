"""``judging worker`` processes on Redis: killed with SIGKILL in the middle of 500 mails, the
next worker sends the rest, and every mail reaches the mailbox once."""

from __future__ import annotations

import asyncio
import contextlib
import email
import os
import signal
import sys
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from judging.outbox.services import message_id_of, queue_mails
from judging.outbox.tables import OutboxMessage
from tests.support import free_port

pytestmark = pytest.mark.postgres

FROM = "China Gate Master <noreply@chinagate.test>"
MAILS = 500


class Mailbox:
    """An SMTP server's mailbox that takes a little time per mail, as a real relay does."""

    def __init__(self) -> None:
        self.message_ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        await asyncio.sleep(0.005)
        with self.lock:
            self.message_ids.append(email.message_from_bytes(envelope.content)["Message-ID"])
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.message_ids)


@contextlib.asynccontextmanager
async def _worker(env: dict[str, str]):
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "judging.cli",
        "worker",
        env={**os.environ, **env},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=15)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def test_a_worker_killed_mid_batch_loses_and_doubles_no_mail(db, redis_url, tmp_path):
    mailbox = Mailbox()
    port = free_port()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=port)
    smtp.start()
    mails = [
        (
            f"team{n}@example.com",
            "password_reset",
            {"name": f"T{n}", "link": "http://x", "minutes": 5},
        )
        for n in range(MAILS)
    ]
    await queue_mails(mails)
    env = {
        "JUDGING_REDIS_URL": redis_url,
        "JUDGING_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "JUDGING_MAIL_FROM": FROM,
        "JUDGING_DATA_DIR": str(tmp_path),
        # The killed worker's claim is taken over after 3 s instead of 5 minutes.
        "JUDGING_JOB_CLAIM_TIMEOUT_SECONDS": "3",
    }
    try:
        async with _worker(env) as first:

            async def some_sent() -> bool:
                return mailbox.count() >= 150

            await _until(some_sent, 60, "the first worker to send 150 mails")
            first.send_signal(signal.SIGKILL)
            await first.wait()
        at_kill = mailbox.count()

        async with _worker(env):

            async def all_sent() -> bool:
                return await OutboxMessage.count().where(OutboxMessage.sent_at.is_null()) == 0

            await _until(all_sent, 120, "the second worker to send the rest")
    finally:
        smtp.stop()

    rows = await OutboxMessage.objects().order_by(OutboxMessage.id)
    expected = {message_id_of(row, FROM) for row in rows}
    received = mailbox.message_ids
    assert at_kill < MAILS  # the kill came mid-batch
    assert set(received) == expected  # none lost
    # The one mail a SIGKILL can catch after the server took it and before it was marked
    # sent is sent again under the same Message-ID, which mailboxes show once.
    assert len(received) - len(expected) <= 1
    assert all(row.attempts >= 1 for row in rows)


async def test_an_import_uploaded_to_a_web_process_is_run_by_a_worker(demo, redis_url, tmp_path):
    import httpx

    from judging.demo import DEMO_PASSWORD, demo_email
    from judging.submissions.import_jobs import queued_file
    from judging.submissions.tables import ImportJob, Submission
    from tests.submissions.organizer_world import csv_bytes
    from tests.support import running_server

    rows = [
        {"title": "Queued lidar", "track": "manufacturing", "status": "draft"},
        {"title": "Queued rice watch", "track": "ai", "status": "draft"},
    ]
    env = {"JUDGING_REDIS_URL": redis_url, "JUDGING_DATA_DIR": str(tmp_path)}
    async with (
        running_server(tmp_path, env) as server,
        _worker(env),
        httpx.AsyncClient(base_url=server) as http,
    ):
        await http.get("/login")
        signed_in = await http.post(
            "/login",
            data={
                "email": demo_email("organizer"),
                "password": DEMO_PASSWORD,
                "_csrf_token": http.cookies["csrftoken"],
            },
        )
        assert signed_in.status_code == 303
        http.cookies.delete("csrftoken")
        await http.get("/organize")
        uploaded = await http.post(
            f"/organize/{demo.id}/imports",
            data={"kind": "submissions", "_csrf_token": http.cookies["csrftoken"]},
            files={"file": ("teams.csv", csv_bytes(rows), "text/csv")},
        )
        assert uploaded.status_code == 303, uploaded.text
        job_id = int(uploaded.headers["location"].rsplit("/", 1)[1])

        async def finished() -> bool:
            job = await ImportJob.objects().get(ImportJob.id == job_id)
            return job.status != "running"

        await _until(finished, 60, "the worker to run the import")

    job = await ImportJob.objects().get(ImportJob.id == job_id)
    assert job.status == "succeeded", job.errors
    assert job.imported_rows == 2
    assert await Submission.count().where(Submission.title.like("Queued %")) == 2
    assert not queued_file(tmp_path, job_id).exists()
