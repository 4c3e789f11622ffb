"""The world of the judging load benchmarks (bench/judging.py with sessions, bench/tokens.py
with API tokens): judges with assigned projects, and the load loops that time their requests."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import harness
import httpx

JUDGE_PASSWORD = "bench-judge-password"
CHUNK = 500


async def prepare(judges: int, projects: int) -> dict[str, object]:
    """Migrate, seed the demo, add judges, projects and assignments; returns what the bench
    needs: the round, the criteria keys and each judge's email."""
    from judging.accounts.passwords import hash_password
    from judging.accounts.tables import Account
    from judging.assignments.tables import Assignment
    from judging.clock import utcnow
    from judging.competitions.rubric import round_rubric
    from judging.competitions.tables import Membership, Round, Track
    from judging.database import writing
    from judging.submissions.tables import Submission

    async with harness.connected():
        competition = await harness.seeded_demo()
        preliminary = await Round.objects().get(Round.competition == competition.id)
        tracks = [
            row["id"]
            for row in await Track.select(Track.id).where(Track.competition == competition.id)
        ]
        password_hash = await hash_password(JUDGE_PASSWORD)
        now = utcnow()
        emails = [f"bench-judge-{number:03d}@bench.example" for number in range(judges)]
        async with writing():
            await Account.insert(
                *(
                    Account(
                        email=email,
                        display_name=f"Bench Judge {number}",
                        organization=f"Bench Judging Institute {number}",
                        password_hash=password_hash,
                    )
                    for number, email in enumerate(emails)
                )
            )
            judge_ids = [
                row["id"]
                for row in await Account.select(Account.id)
                .where(Account.email.is_in(emails))
                .order_by(Account.email)
            ]
            await Membership.insert(
                *(
                    Membership(competition=competition.id, account=judge_id, role="judge")
                    for judge_id in judge_ids
                )
            )
            for start in range(0, projects, CHUNK):
                await Submission.insert(
                    *(
                        Submission(
                            competition=competition.id,
                            track=tracks[number % len(tracks)],
                            title=f"Bench project {number}",
                            summary="A pilot with three customers; raising a seed round.",
                            description="## Plan\n\nSell to county hospitals first.",
                            organization=f"Bench Startup {number}",
                            status="submitted",
                            submitted_at=now,
                        )
                        for number in range(start, min(projects, start + CHUNK))
                    )
                )
            project_ids = [
                row["id"]
                for row in await Submission.select(Submission.id)
                .where(Submission.title.like("Bench project %"))
                .order_by(Submission.id)
            ]
            pairs = [(judge_id, project_id) for judge_id in judge_ids for project_id in project_ids]
            for start in range(0, len(pairs), CHUNK):
                await Assignment.insert(
                    *(
                        Assignment(round=preliminary.id, submission=project_id, judge=judge_id)
                        for judge_id, project_id in pairs[start : start + CHUNK]
                    )
                )
        criteria = [
            (row["key"], row["scale_min"], row["scale_max"])
            for row in await round_rubric(preliminary.id)
        ]
        return {
            "round_id": preliminary.id,
            "criteria": criteria,
            "emails": emails,
            "projects": project_ids,
        }


async def count_rows(round_id: int) -> tuple[int, int]:
    """Scorecard rows of the round, and audit events of scorecards."""
    from judging.audit.tables import AuditEvent
    from judging.reviews.tables import Scorecard

    async with harness.connected():
        cards = await Scorecard.count().where(Scorecard.round == round_id)
        events = await AuditEvent.count().where(AuditEvent.entity == "scorecard")
        return cards, events


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    acknowledged: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    exhausted: int = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


async def think(rng: random.Random, mean_seconds: float) -> None:
    """A judge's pause between two requests: uniform on [0.5, 1.5] x the mean."""
    if mean_seconds > 0:
        await asyncio.sleep(rng.uniform(0.5, 1.5) * mean_seconds)


async def hammer_get(
    clients: list[httpx.AsyncClient],
    seconds: float,
    think_seconds: float = 0.0,
    seed: int = 0,
    path: str = "/livez",
) -> Tally:
    """Every client GETs ``path`` until time is up: the baseline of the same server."""
    tally = Tally()
    stop = time.perf_counter() + seconds

    async def loop(number: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(seed + number)
        # Spread the first requests over one think time, as judges do not start in step.
        await asyncio.sleep(rng.uniform(0, think_seconds))
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                response = await client.get(path)
            except httpx.HTTPError as exc:
                tally.error(type(exc).__name__)
                continue
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            if response.status_code == 200:
                tally.acknowledged += 1
            else:
                tally.error(f"HTTP {response.status_code}")
            await think(rng, think_seconds)

    await asyncio.gather(*(loop(number, client) for number, client in enumerate(clients)))
    return tally


async def hammer_saves(
    clients: list[httpx.AsyncClient],
    round_id: int,
    queues: list[list[int]],
    criteria: list[tuple[str, int, int]],
    seconds: float,
    seed: int,
    think_seconds: float = 0.0,
) -> Tally:
    """Every client saves complete scorecards of projects it has not scored, until time is up.

    ``queues`` holds each client's unscored projects; saved ones are taken off it, so a
    later phase never saves the same card twice.
    """
    tally = Tally()
    stop = time.perf_counter() + seconds

    async def loop(number: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(seed + number)
        queue = queues[number]
        await asyncio.sleep(rng.uniform(0, think_seconds))
        while time.perf_counter() < stop:
            if not queue:
                tally.exhausted += 1
                return
            project = queue.pop()
            body = {
                "scores": {key: rng.randint(low * 2, high * 2) / 2 for key, low, high in criteria},
                "comment_to_entrant": "Clear plan; show more customer evidence.",
                "note_to_organizers": "",
                "version": 0,
                "action": "submit",
            }
            path = f"/api/v1/judge/rounds/{round_id}/projects/{project}/scorecard"
            started = time.perf_counter()
            try:
                response = await client.put(path, json=body)
            except httpx.HTTPError as exc:
                tally.error(type(exc).__name__)
                continue
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            if 200 <= response.status_code < 300:
                tally.acknowledged += 1
            else:
                tally.error(f"HTTP {response.status_code}")
            await think(rng, think_seconds)

    await asyncio.gather(*(loop(number, client) for number, client in enumerate(clients)))
    return tally
