"""Helpers of the publication tests: publishing the scored demo round, reading snapshots back,
and running the scoring CLI on exported files as an auditor would."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from judging.accounts.tables import Account
from judging.clock import utcnow
from judging.competitions.tables import Round
from judging.demo import DEMO_PASSWORD, demo_email
from judging.results.publication import services as publication
from judging.results.publication.schemas import PublicationOut
from judging.results.publication.tables import RankingSnapshot
from judging.submissions.tables import Submission
from tests.support import WebClient

BASE_URL = "http://testserver.local"
ROOT = Path(__file__).resolve().parents[2]


async def account(handle: str) -> Account:
    return await Account.objects().get(Account.email == demo_email(handle))


async def publish(round_: Round, *, notify_entrants: bool = False) -> PublicationOut:
    """Publish the round as the demo organizer."""
    return await publication.publish(
        round_.competition,
        round_.id,
        await account("organizer"),
        utcnow(),
        BASE_URL,
        notify_entrants=notify_entrants,
        confirm=True,
    )


async def stored(round_id: int, version: int) -> dict[str, Any]:
    """The stored snapshot row, every column."""
    return (
        await RankingSnapshot.select()
        .where((RankingSnapshot.round == round_id) & (RankingSnapshot.version == version))
        .first()
    )


async def owned_projects(handle: str) -> list[Submission]:
    """The submitted projects of a demo entrant, by id."""
    return (
        await Submission.objects()
        .where((Submission.owner.email == demo_email(handle)) & (Submission.status == "submitted"))
        .order_by(Submission.id)
    )


async def signed_in(client: WebClient, handle: str) -> WebClient:
    await client.sign_in(demo_email(handle), DEMO_PASSWORD)
    return client


async def run_scoring_cli(arguments: list[str], cwd: Path) -> tuple[int, str]:
    """``python -m scoring <arguments>`` in ``cwd``; returns the exit status and stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "scoring",
        *arguments,
        cwd=cwd,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    _, stderr = await process.communicate()
    return process.returncode, stderr.decode()
