"""Live leaderboard latency: from a judge's saved scorecard to the big screen showing it.

The measuring function talks to a running server over HTTP only, so other benchmarks call it
against their own server (``bench/results.py`` does)::

    result = await measure_live_latency(
        base_url,            # the server the judges save through ("process A")
        competition_id,
        round_id,            # judging open; the judges assigned to projects of it
        organizer_email,     # an organizer of the competition
        judge_emails,        # judges of the round
        password,            # the one password of the organizer and the judges
        scorecards=200,      # saves to measure
        watch_url=None,      # the server the screen watches ("process B"); default base_url
        pace_seconds=0.15,   # least time between two saves
        timeout_seconds=2.0, # a save whose state is not on the screen by then is "missed"
    )

It signs in the organizer and makes the round's board public (restored afterwards), signs
in each judge (``harness.signed_in_client``) and opens the public event stream
``/live/rounds/{round_id}/events`` anonymously, as a big screen does. Then, one save after another (judges in
turn, round robin), each judge submits a complete scorecard of a project assigned to them
through ``PUT /api/v1/judge/rounds/{round}/projects/{project}/scorecard``. Projects not
submitted yet come first; when a judge has none left, an already submitted card is first
saved back as a draft (not measured; its state awaited) and then submitted again. Each
submission raises the board's ``cards_in`` by one, so the state "that includes it" is the
first state with that count. Saves are at least ``pace_seconds`` apart (a burst of saves
within 100 ms is coalesced into one state by design; the pace keeps each save measurable).

It returns a dict: ``scorecards`` (measured), ``received``, ``missed``, ``p50_ms``,
``p99_ms`` and ``max_ms`` of the time from the save's response to the state's arrival
(0 when the state arrived first), ``end_to_end_p50_ms`` and ``end_to_end_p99_ms`` (from the
save's request instead), ``save_p50_ms`` and ``save_p99_ms`` (the save's own round trip), and
``error`` instead when it cannot measure (e.g. a judge without an assigned project).

Standalone, it builds its own world and servers::

    .venv/bin/python bench/live_latency.py                       # SQLite, channels in memory, 1 process
    .venv/bin/python bench/live_latency.py --postgres --redis    # PostgreSQL, Redis, 2 processes

Fresh database (an SQLite file in a temporary directory, or a fresh PostgreSQL database),
migrated, demo seeded, plus a "Live final" round: 20 finalists (advanced into it) x 10 judges,
every judge assigned to every finalist (200 cards), judging open. It starts the real server
(``python -m judging.cli serve``) once, or with ``--redis`` twice sharing the database and
Redis: judges save through the first, the screen watches the second. Prints the figures;
asserts nothing about time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import harness  # first: puts the repository root ahead of bench/ on sys.path
import httpx
import msgspec

REDIS_URL = os.environ.get("JUDGING_BENCH_REDIS", "redis://127.0.0.1:6379/14")
FINALISTS = 20
JUDGES = 10


# ---------------------------------------------------------------- measuring (HTTP only)


class _Board(msgspec.Struct):
    """The part of a state the bench reads (the rest of the JSON is skipped)."""

    cards_in: int


class _Screen:
    """An anonymous big screen: reads the event stream and notes when each state arrived."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[float, int]] = []
        self._arrived = asyncio.Event()

    async def follow(self, http: httpx.AsyncClient, url: str, ready: asyncio.Event) -> None:
        decoder = msgspec.json.Decoder(_Board)
        async with http.stream("GET", url) as response:
            if response.status_code != 200:
                raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
            event = ""
            async for line in response.aiter_lines():
                if line.startswith("event: "):
                    event = line[len("event: ") :]
                elif line.startswith("data: ") and event == "state":
                    board = decoder.decode(line[len("data: ") :])
                    self.arrivals.append((time.perf_counter(), board.cards_in))
                    self._arrived.set()
                    ready.set()
                elif not line:
                    event = ""

    async def count_at(self, count: int, since: float, patience: float) -> float | None:
        """When the first state with ``count`` cards arrived after ``since``; None if none
        arrives within ``patience`` seconds."""
        deadline = time.perf_counter() + patience
        while True:
            for arrived, cards_in in self.arrivals:
                if arrived >= since and cards_in == count:
                    return arrived
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), left)

    @property
    def cards_in(self) -> int:
        return self.arrivals[-1][1]


@dataclass
class _Card:
    judge: int
    submission_id: int
    submitted: bool


@dataclass
class _Tally:
    after_response: list[float] = field(default_factory=list)
    end_to_end: list[float] = field(default_factory=list)
    saves: list[float] = field(default_factory=list)
    missed: int = 0


async def _cards(judges: list[httpx.AsyncClient], round_id: int, wanted: int) -> list[_Card]:
    """``wanted`` cards to submit, judges in turn: unsubmitted projects first."""
    queues: list[list[_Card]] = []
    for number, http in enumerate(judges):
        response = await http.get("/api/v1/judge/queue")
        response.raise_for_status()
        rounds = [queue for queue in response.json() if queue["round"]["id"] == round_id]
        if not rounds:
            raise LookupError(
                f"judge {number + 1} has no assigned project in round {round_id} "
                "(the save API needs assignments)"
            )
        left = [_Card(number, item["submission_id"], False) for item in rounds[0]["left"]]
        done = [_Card(number, item["submission_id"], True) for item in rounds[0]["done"]]
        queues.append(left + done)
    cards: list[_Card] = []
    while len(cards) < wanted and any(queues):
        for queue in queues:
            if queue and len(cards) < wanted:
                cards.append(queue.pop(0))
    return cards


async def _save(
    http: httpx.AsyncClient, round_id: int, submission_id: int, action: str
) -> tuple[float, float]:
    """Save a complete card (mid-scale scores) as ``action``; (request sent, response read)."""
    path = f"/api/v1/judge/rounds/{round_id}/projects/{submission_id}"
    detail = (await http.get(path)).json()
    card = detail.get("scorecard")
    body = {
        "scores": {
            row["key"]: round((row["scale_min"] + row["scale_max"]) / 2) for row in detail["rubric"]
        },
        "version": card["version"] if card else 0,
        "action": action,
    }
    sent = time.perf_counter()
    response = await http.put(f"{path}/scorecard", json=body)
    answered = time.perf_counter()
    if response.status_code != 200:
        raise RuntimeError(f"PUT {path}/scorecard: HTTP {response.status_code} {response.text}")
    return sent, answered


async def measure_live_latency(
    base_url: str,
    competition_id: int,
    round_id: int,
    organizer_email: str,
    judge_emails: list[str],
    password: str,
    scorecards: int = 200,
    *,
    watch_url: str | None = None,
    pace_seconds: float = 0.15,
    timeout_seconds: float = 2.0,
) -> dict[str, Any]:
    """Latency of the live leaderboard over ``scorecards`` saves (see the module docstring)."""
    options_path = f"/api/v1/competitions/{competition_id}/rounds/{round_id}/live"
    organizer = await harness.signed_in_client(base_url, organizer_email, password)
    judges: list[httpx.AsyncClient] = []
    screen_http = httpx.AsyncClient(timeout=httpx.Timeout(60, read=None))
    follower: asyncio.Task[None] | None = None
    original = (await organizer.get(options_path)).json()
    try:
        await organizer.patch(options_path, json={"leaderboard_public": True})
        for email in judge_emails:  # one at a time: a sign-in hashes a password
            judges.append(await harness.signed_in_client(base_url, email, password))
        try:
            cards = await _cards(judges, round_id, scorecards)
        except LookupError as exc:
            return {"error": str(exc)}
        screen = _Screen()
        ready = asyncio.Event()
        url = f"{(watch_url or base_url).rstrip('/')}/live/rounds/{round_id}/events"
        follower = asyncio.create_task(screen.follow(screen_http, url, ready))
        await asyncio.wait_for(ready.wait(), 30)
        tally = _Tally()
        count = screen.cards_in
        last_save = 0.0
        for card in cards:
            judge = judges[card.judge]
            if card.submitted:
                # Back to a draft first (not measured), so that submitting raises the count.
                reopened, _ = await _save(judge, round_id, card.submission_id, "draft")
                count -= 1
                await screen.count_at(count, reopened, timeout_seconds)
            await asyncio.sleep(max(0.0, last_save + pace_seconds - time.perf_counter()))
            sent, answered = await _save(judge, round_id, card.submission_id, "submit")
            last_save = sent
            count += 1
            tally.saves.append(answered - sent)
            arrived = await screen.count_at(count, sent, timeout_seconds)
            if arrived is None:
                tally.missed += 1
                count = screen.cards_in
                continue
            tally.after_response.append(max(0.0, arrived - answered))
            tally.end_to_end.append(arrived - sent)
    finally:
        if follower is not None:
            follower.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await follower
        with contextlib.suppress(httpx.HTTPError):
            await organizer.patch(
                options_path, json={"leaderboard_public": original["leaderboard_public"]}
            )
        for http in [organizer, screen_http, *judges]:
            await http.aclose()
    p50, p99, worst = harness.percentiles(tally.after_response, 50, 99, 100)
    e2e_p50, e2e_p99 = harness.percentiles(tally.end_to_end, 50, 99)
    save_p50, save_p99 = harness.percentiles(tally.saves, 50, 99)
    return {
        "scorecards": len(cards),
        "received": len(tally.after_response),
        "missed": tally.missed,
        "p50_ms": round(p50 * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
        "max_ms": round(worst * 1000, 1),
        "end_to_end_p50_ms": round(e2e_p50 * 1000, 1),
        "end_to_end_p99_ms": round(e2e_p99 * 1000, 1),
        "save_p50_ms": round(save_p50 * 1000, 1),
        "save_p99_ms": round(save_p99 * 1000, 1),
    }


# ---------------------------------------------------------------- standalone: world and servers


async def prepare(finalists: int, judges: int) -> dict[str, Any]:
    """Migrate, seed the demo, add a live final: ``finalists`` x ``judges`` assigned cards."""
    from judging.accounts.passwords import hash_password
    from judging.accounts.tables import Account
    from judging.assignments.tables import Assignment
    from judging.clock import utcnow
    from judging.competitions.tables import Criterion, Membership, Round, Track
    from judging.database import writing
    from judging.demo import DEMO_PASSWORD, demo_email
    from judging.submissions.tables import Advancement, Submission

    async with harness.connected():
        competition = await harness.seeded_demo()
        preliminary = await Round.objects().get(Round.competition == competition.id)
        track = await Track.objects().get(Track.competition == competition.id)
        password_hash = await hash_password(DEMO_PASSWORD)
        now = utcnow()
        emails = [f"live-judge-{number:02d}@bench.example" for number in range(judges)]
        async with writing():
            final = Round(
                competition=competition.id,
                name_en="Live final",
                name_zh="现场决赛",
                position=2,
                judging_opens_at=now - timedelta(days=1),
                judging_closes_at=now + timedelta(days=30),
                judges_per_submission=judges,
            )
            await final.save()
            criteria = await Criterion.objects().where(Criterion.round == preliminary.id)
            for criterion in criteria:
                values = criterion.to_dict()
                values.pop("id")
                await Criterion(**{**values, "round": final.id}).save()
            submitted = Submission.status == "submitted"
            existing = await Submission.count().where(
                (Submission.competition == competition.id) & submitted
            )
            for number in range(max(0, finalists - existing)):
                await Submission(
                    competition=competition.id,
                    track=track.id,
                    title=f"Finalist project {number}",
                    summary="A pilot with three customers; raising a seed round.",
                    organization=f"Finalist Startup {number}",
                    status="submitted",
                    submitted_at=now,
                ).save()
            project_ids = [
                row["id"]
                for row in await Submission.select(Submission.id)
                .where((Submission.competition == competition.id) & submitted)
                .order_by(Submission.id)
                .limit(finalists)
            ]
            await Advancement.insert(
                *(Advancement(round=final.id, submission=pid) for pid in project_ids)
            )
            judge_ids = []
            for number, email in enumerate(emails):
                account = Account(
                    email=email,
                    display_name=f"Live Judge {number}",
                    organization=f"Live Judging Institute {number}",
                    password_hash=password_hash,
                )
                await account.save()
                judge_ids.append(account.id)
                await Membership(
                    competition=competition.id, account=account.id, role="judge"
                ).save()
            await Assignment.insert(
                *(
                    Assignment(round=final.id, submission=pid, judge=jid)
                    for pid in project_ids
                    for jid in judge_ids
                )
            )
        return {
            "competition_id": competition.id,
            "round_id": final.id,
            "organizer_email": demo_email("organizer"),
            "judge_emails": emails,
            "password": DEMO_PASSWORD,
            "cards": len(project_ids) * len(judge_ids),
        }


async def _flush_redis(url: str) -> None:
    import redis.asyncio as redis

    client = redis.from_url(url)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scorecards", type=int, default=FINALISTS * JUDGES)
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database")
    parser.add_argument(
        "--redis", action="store_true", help="channels in Redis, two server processes"
    )
    parser.add_argument("--reveal", action="store_true", help="with totals revealed (ranked)")
    parser.add_argument("--pace", type=float, default=0.15, help="least seconds between saves")
    args = parser.parse_args()

    with (
        harness.fresh_database(args.postgres, prefix="judging-bench-live-") as database,
        contextlib.ExitStack() as servers,
    ):
        extra: dict[str, str] = {}
        if args.redis:
            asyncio.run(_flush_redis(REDIS_URL))
            extra["JUDGING_REDIS_URL"] = REDIS_URL
        env = harness.server_env(database, **extra)
        # This process builds the world through the same tables, so it reads the same settings.
        os.environ.update(env)
        setup = asyncio.run(prepare(FINALISTS, JUDGES))
        if args.reveal:
            asyncio.run(_reveal(setup["round_id"]))
        bases = [
            servers.enter_context(
                harness.running_server(env, database.data_dir / f"server-{number}.log")
            )
            for number in range(2 if args.redis else 1)
        ]
        result = asyncio.run(
            measure_live_latency(
                bases[0],
                setup["competition_id"],
                setup["round_id"],
                setup["organizer_email"],
                setup["judge_emails"],
                setup["password"],
                args.scorecards,
                watch_url=bases[-1],
                pace_seconds=args.pace,
            )
        )
        channels = (
            "Redis, 2 processes (saves on A, screen on B)" if args.redis else "memory, 1 process"
        )
        totals = "totals revealed" if args.reveal else "totals hidden"
        print(
            f"database: {database.backend}; channels: {channels}; live final of {FINALISTS} "
            f"finalists x {JUDGES} judges, {totals}; saves at least {args.pace:g} s apart"
        )
        if "error" in result:
            print(f"not measured: {result['error']}")
            return
        print(
            f"live update latency over {result['scorecards']} scorecards (save response -> "
            f"state on the screen): p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
            f"max {result['max_ms']:.1f} ms; missed {result['missed']}"
        )
        print(
            f"  from the save's request: p50 {result['end_to_end_p50_ms']:.1f} ms, "
            f"p99 {result['end_to_end_p99_ms']:.1f} ms; the save itself: p50 "
            f"{result['save_p50_ms']:.1f} ms, p99 {result['save_p99_ms']:.1f} ms"
        )


async def _reveal(round_id: int) -> None:
    from judging.competitions.tables import Round

    async with harness.connected():
        await Round.update({Round.reveal_totals: True}).where(Round.id == round_id)


if __name__ == "__main__":
    main()
