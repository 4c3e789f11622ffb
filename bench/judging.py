"""Benchmark of judges saving scores concurrently, against a trivial endpoint of the same server.

Builds a fresh database (SQLite in a temporary data directory, or with ``--postgres`` a fresh
PostgreSQL database), migrates it, seeds the demo, and adds ``--judges`` judge accounts and
``--projects`` submitted projects, every project assigned to every judge in the demo's
preliminary round (open for judging). Then it starts the real server
(``python -m judging.cli serve``, as ``make run`` does) on a free port on 127.0.0.1, signs in
one HTTP client per judge (a real session and CSRF token each) and

runs two phases, each first against ``/livez`` (the trivial endpoint of the same server, same
clients, same pacing) and then with every client saving scores: PUT a complete scorecard
(``action: submit``) of a project it has not scored yet, through the JSON API.

* Paced (the headline, ``--seconds``, default 20): each judge waits a random think time
  (uniform, mean ``--think`` seconds, default 1) between saves. A judge who saves a card
  every second is already far faster than anyone reading a deck; 32 of them offer about
  32 saves/s. The target is judged here: p99 under 100 ms with zero errors.
* Saturation (``--saturation-seconds``, default 10): no think time, every client saves as
  fast as the server answers. This measures the most saves/s one server takes; its latency
  is queueing (about concurrency / throughput), reported for information.

It prints throughput, p50/p99 latency of saves and of ``/livez`` and their ratios per phase,
the error count, and checks afterwards that the number of scorecard rows (and of their audit
events) equals the number of acknowledged (2xx) saves. Prints figures; exits non-zero only
when rows and acknowledgements disagree.

    .venv/bin/python bench/judging.py
    .venv/bin/python bench/judging.py --seconds 20 --judges 32 --postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from dataclasses import dataclass

import harness  # first: puts the repository root ahead of bench/ on sys.path
import httpx
from judge_world import JUDGE_PASSWORD, Tally, count_rows, hammer_get, hammer_saves, prepare

TARGET_P99_MS = 100.0


@dataclass
class Phase:
    name: str
    seconds: float
    think: float
    livez: Tally
    saves: Tally


async def run_load(
    base_url: str, setup: dict[str, object], args: argparse.Namespace
) -> list[Phase]:
    emails: list[str] = setup["emails"]  # type: ignore[assignment]
    projects: list[int] = setup["projects"]  # type: ignore[assignment]
    clients: list[httpx.AsyncClient] = []
    queues = []
    for number in range(len(emails)):
        queue = list(projects)
        random.Random(args.seed + number).shuffle(queue)
        queues.append(queue)
    phases = []
    try:
        for email in emails:  # one at a time: sign-in hashes a password
            clients.append(
                await harness.signed_in_client(base_url, email, JUDGE_PASSWORD, request_timeout=30)
            )
        # Warm-up: connections open, templates and code paths loaded.
        await hammer_get(clients, 1.0)
        plan = [("paced", args.seconds, args.think), ("saturation", args.saturation_seconds, 0.0)]
        for name, seconds, think_seconds in plan:
            if seconds <= 0:
                continue
            livez = await hammer_get(
                clients, min(seconds, args.livez_seconds), think_seconds, args.seed
            )
            saves = await hammer_saves(
                clients,
                setup["round_id"],  # type: ignore[arg-type]
                queues,
                setup["criteria"],  # type: ignore[arg-type]
                seconds,
                args.seed,
                think_seconds,
            )
            phases.append(Phase(name, seconds, think_seconds, livez, saves))
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of the paced saves")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a judge waits between saves"
    )
    parser.add_argument(
        "--saturation-seconds", type=float, default=10.0, help="duration without think time"
    )
    parser.add_argument("--judges", type=int, default=32, help="concurrent judges")
    parser.add_argument(
        "--projects", type=int, default=600, help="projects assigned to every judge"
    )
    parser.add_argument("--livez-seconds", type=float, default=10.0)
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (make run serves with 1)"
    )
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()

    with harness.fresh_database(args.postgres, prefix="judging-bench-") as database:
        env = harness.server_env(database)
        # This process seeds and counts through the same tables, so it reads the same settings.
        os.environ.update(env)
        started = time.perf_counter()
        setup = asyncio.run(prepare(args.judges, args.projects))
        print(
            f"database: {database.backend}; demo seeded, {args.judges} judges x "
            f"{args.projects} assigned projects in {time.perf_counter() - started:.1f} s; "
            f"server workers: {args.workers}"
        )
        log_path = database.data_dir / "server.log"
        with harness.running_server(env, log_path, workers=args.workers) as base_url:
            phases = asyncio.run(run_load(base_url, setup, args))
        cards, events = asyncio.run(count_rows(setup["round_id"]))  # type: ignore[arg-type]

        acknowledged = 0
        for phase in phases:
            saves, livez = phase.saves, phase.livez
            acknowledged += saves.acknowledged
            save_p50, save_p99 = harness.percentiles(saves.latencies_ms, 50, 99)
            livez_p50, livez_p99 = harness.percentiles(livez.latencies_ms, 50, 99)
            errors = sum(saves.errors.values())
            pacing = f"think {phase.think:g} s" if phase.think else "no think time"
            print(
                f"{phase.name} ({pacing}): {args.judges} judges for {phase.seconds:g} s: "
                f"{saves.acknowledged} acknowledged, {errors} errors {saves.errors or ''}, "
                f"{saves.acknowledged / phase.seconds:.1f} saves/s"
            )
            if saves.exhausted:
                print(f"  {saves.exhausted} judges ran out of projects; raise --projects")
            print(f"  save latency   p50 {save_p50:7.1f} ms   p99 {save_p99:7.1f} ms")
            print(
                f"  /livez latency p50 {livez_p50:7.1f} ms   p99 {livez_p99:7.1f} ms   "
                f"({livez.acknowledged / min(phase.seconds, args.livez_seconds):.0f} req/s, "
                f"{sum(livez.errors.values())} errors, same server, same clients and pacing)"
            )
            print(
                f"  ratio save/livez: p50 {save_p50 / livez_p50:.1f}x   "
                f"p99 {save_p99 / livez_p99:.1f}x"
            )
            if phase.name == "paced":
                verdict = "meets" if save_p99 < TARGET_P99_MS and errors == 0 else "MISSES"
                print(f"  p99 {save_p99:.1f} ms, {errors} errors: {verdict} the target "
                      f"(p99 < {TARGET_P99_MS:.0f} ms, zero errors)")  # fmt: skip
        print(
            f"scorecard rows {cards} == acknowledged saves {acknowledged}: "
            f"{'yes' if cards == acknowledged else 'NO'}; "
            f"audit events {events}: {'yes' if events == acknowledged else 'NO'}"
        )
    if cards != acknowledged or events != acknowledged:
        sys.exit(1)


if __name__ == "__main__":
    main()
