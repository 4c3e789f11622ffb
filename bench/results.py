"""Benchmark of the organizers' ranking page against the bare scoring call it is built on.

Builds a fresh database (SQLite in a temporary data directory, or with ``--postgres`` a fresh
PostgreSQL database), migrates it, seeds the demo, replaces the preliminary round's rubric
with 6 criteria and fills the round up to ``--projects`` submitted projects (default 10,000,
spread over the demo's 4 tracks), each with a submitted scorecard of each of ``--judges``
demo judges (default 5; judges differ in leniency and spread, so normalization matters).

Then it times, in this process and on the same data:

* the bare scoring call: ``round_sheet`` (load the 50,000 counted cards) + ``scoring.rank``,
  and ``scoring.rank`` alone (median of ``--repeats`` runs);

and against the real server (``python -m judging.cli serve`` on a free 127.0.0.1 port,
signed in as the demo organizer with httpx):

* the ranking page ``/organize/{cid}/rounds/{rid}/ranking`` (its first page of 100 projects,
  the whole ranking is a CSV download; target under 150 KB): the first request, the request after each moderation (a card excluded or
  included through the API: the stored ranking is stale and the page ranks afresh), the
  median of ``--requests`` requests of an unchanged round (the stored ranking), and their
  ratios to the bare scoring call;
* the JSON ranking with a policy preview (the sheet ranked twice, uncached);
* the live update latency p50/p99 over ``--live-scorecards`` scorecards, through
  ``measure_live_latency`` of ``bench/live_latency.py``.

Prints figures; asserts nothing about time.

    .venv/bin/python bench/results.py
    .venv/bin/python bench/results.py --projects 2000 --requests 5 --postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from typing import Any

import harness  # first: puts the repository root ahead of bench/ on sys.path
import httpx
import numpy as np
from live_latency import measure_live_latency

CHUNK = 500
# Projects assigned to every judge, for the live latency measurement's saves.
LIVE_PROJECTS = 100
# key, English label, Chinese label, weight in hundredths of a percent, tie-break rank
RUBRIC = [
    ("innovation", "Innovation", "创新性", 2000, 1),
    ("market", "Market potential", "市场潜力", 2000, 2),
    ("team", "Team", "团队", 2000, None),
    ("business", "Business model", "商业模式", 1500, None),
    ("feasibility", "Technical feasibility", "技术可行性", 1500, None),
    ("impact", "Social impact", "社会影响", 1000, None),
]


def card_scores(projects: int, judges: int, seed: int) -> np.ndarray:
    """Scores (projects x judges x criteria) on a 0-10 scale in half points.

    A project has a quality, a judge a leniency and a spread, and every score some noise.
    """
    rng = np.random.default_rng(seed)
    quality = rng.normal(6.0, 1.4, size=(projects, 1, 1))
    leniency = rng.uniform(-1.5, 1.5, size=(1, judges, 1))
    spread = rng.uniform(0.7, 1.3, size=(1, judges, 1))
    noise = rng.normal(0.0, 0.9, size=(projects, judges, len(RUBRIC)))
    values = 6.0 + spread * (quality - 6.0) + leniency + noise
    return np.clip(np.round(values * 2) / 2, 0, 10)


async def prepare(projects: int, judges: int, seed: int) -> dict[str, Any]:
    """Migrate, seed the demo, set the 6-criterion rubric, add projects and submitted cards."""
    import msgspec

    import scoring
    from judging.accounts.tables import Account
    from judging.assignments.tables import Assignment
    from judging.clock import utcnow
    from judging.competitions.rubric import round_rubric, to_scoring_rubric
    from judging.competitions.tables import Criterion, Round, Track
    from judging.database import writing
    from judging.demo import demo_email
    from judging.reviews.tables import Scorecard
    from judging.submissions.tables import Submission

    async with harness.connected():
        competition = await harness.seeded_demo()
        preliminary = await Round.objects().get(Round.competition == competition.id)
        tracks = [
            row["id"]
            for row in await Track.select(Track.id)
            .where(Track.competition == competition.id)
            .order_by(Track.position)
        ]
        judge_ids = [
            (await Account.objects().get(Account.email == demo_email(f"judge{number}"))).id
            for number in range(1, judges + 1)
        ]
        now = utcnow()
        async with writing():
            await Criterion.delete().where(Criterion.round == preliminary.id)
            await Criterion.insert(
                *(
                    Criterion(
                        round=preliminary.id,
                        key=key,
                        label_en=label_en,
                        label_zh=label_zh,
                        weight_bp=weight_bp,
                        scale_min=0,
                        scale_max=10,
                        position=position,
                        tie_break_rank=tie,
                    )
                    for position, (key, label_en, label_zh, weight_bp, tie) in enumerate(RUBRIC)
                )
            )
            existing = await Submission.count().where(
                (Submission.competition == competition.id) & (Submission.status == "submitted")
            )
            missing = max(0, projects - existing)
            for start in range(0, missing, CHUNK):
                await Submission.insert(
                    *(
                        Submission(
                            competition=competition.id,
                            track=tracks[number % len(tracks)],
                            title=f"Bench project {number}",
                            summary="A pilot with three customers; raising a seed round.",
                            organization=f"Bench Startup {number}",
                            status="submitted",
                            submitted_at=now,
                        )
                        for number in range(start, min(missing, start + CHUNK))
                    )
                )
        project_ids = [
            row["id"]
            for row in await Submission.select(Submission.id)
            .where((Submission.competition == competition.id) & (Submission.status == "submitted"))
            .order_by(Submission.id)
        ]
        rubric_rows = await round_rubric(preliminary.id)
        rubric = to_scoring_rubric(rubric_rows)
        keys = [row["key"] for row in rubric_rows]
        values = card_scores(len(project_ids), len(judge_ids), seed)
        cards = []
        for p_index, project_id in enumerate(project_ids):
            for j_index, judge_id in enumerate(judge_ids):
                scores = {key: float(values[p_index, j_index, k]) for k, key in enumerate(keys)}
                cards.append(
                    Scorecard(
                        round=preliminary.id,
                        submission=project_id,
                        judge=judge_id,
                        status="submitted",
                        scores=msgspec.json.encode(scores).decode(),
                        total=scoring.scorecard_total(rubric, scores),
                        comment_to_entrant="Clear plan; show more customer evidence.",
                        version=2,
                        created_at=now,
                        updated_at=now,
                        submitted_at=now,
                    )
                )
        # The live latency measurement saves cards through the judges' API: each judge is
        # assigned (and has scored) the first projects.
        assignments = [
            Assignment(round=preliminary.id, submission=project_id, judge=judge_id)
            for project_id in project_ids[:LIVE_PROJECTS]
            for judge_id in judge_ids
        ]
        async with writing():
            for start in range(0, len(cards), CHUNK):
                await Scorecard.insert(*cards[start : start + CHUNK])
            for start in range(0, len(assignments), CHUNK):
                await Assignment.insert(*assignments[start : start + CHUNK])
        return {
            "competition_id": competition.id,
            "round_id": preliminary.id,
            "first_project": project_ids[0],
            "projects": len(project_ids),
            "cards": len(cards),
            "judge_emails": [demo_email(f"judge{n}") for n in range(1, judges + 1)],
        }


async def time_bare_scoring(round_id: int, repeats: int) -> dict[str, list[float]]:
    """Seconds of round_sheet + rank, of round_sheet alone and of rank alone, per run."""
    import scoring
    from judging.results.sheets.score_sheet import round_sheet

    timings: dict[str, list[float]] = {"sheet+rank": [], "sheet": [], "rank": []}
    async with harness.connected():
        for _ in range(repeats):
            started = time.perf_counter()
            sheet = await round_sheet(round_id)
            loaded = time.perf_counter()
            scoring.rank(sheet.scores, sheet.rubric, sheet.policy)
            done = time.perf_counter()
            timings["sheet+rank"].append(done - started)
            timings["sheet"].append(loaded - started)
            timings["rank"].append(done - loaded)
    return timings


async def time_get(client: httpx.AsyncClient, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = await client.get(path)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"GET {path}: HTTP {response.status_code}\n{response.text[:2000]}")
    return elapsed, len(response.content)


async def time_pages(base_url: str, setup: dict[str, Any], requests: int) -> dict[str, Any]:
    """The ranking page: first request, after each moderation (its cached ranking is stale,
    so the page ranks afresh), and warm; and the JSON with a policy preview."""
    from judging.demo import DEMO_PASSWORD, demo_email

    cid, rid = setup["competition_id"], setup["round_id"]
    api = f"/api/v1/competitions/{cid}/rounds/{rid}"
    page = f"/organize/{cid}/rounds/{rid}/ranking"
    preview = f"{api}/ranking?normalize=none&aggregate=mean"
    client = await harness.signed_in_client(
        base_url, demo_email("organizer"), DEMO_PASSWORD, request_timeout=120
    )
    try:
        first, size = await time_get(client, page)
        project = setup["first_project"]
        card = (await client.get(f"{api}/ranking/projects/{project}")).json()["cards"][0]
        changed = []
        for number in range(max(2, requests // 3)):
            action = "include" if number % 2 else "exclude"
            response = await client.post(
                f"{api}/scorecards/{card['id']}/{action}",
                json={"reason": "Bench moderation", "version": card["version"]},
            )
            if response.status_code != 200:
                raise SystemExit(f"{action}: HTTP {response.status_code} {response.text}")
            card = response.json()
            changed.append((await time_get(client, page))[0])
        warm = [(await time_get(client, page))[0] for _ in range(requests)]
        previews = [(await time_get(client, preview))[0] for _ in range(max(1, requests // 4))]
    finally:
        await client.aclose()
    return {
        "first": first,
        "changed": changed,
        "warm": warm,
        "bytes": size,
        "preview": previews,
    }


async def live_latency(base_url: str, setup: dict[str, Any], scorecards: int) -> dict[str, Any]:
    """The live leaderboard's update latency over ``scorecards`` saves by the demo judges."""
    from judging.demo import DEMO_PASSWORD, demo_email

    return await measure_live_latency(
        base_url,
        setup["competition_id"],
        setup["round_id"],
        demo_email("organizer"),
        setup["judge_emails"],
        DEMO_PASSWORD,
        scorecards,
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--judges", type=int, default=5, help="demo judges, at most 6")
    parser.add_argument("--requests", type=int, default=15, help="warm page requests")
    parser.add_argument("--repeats", type=int, default=5, help="runs of the bare scoring call")
    parser.add_argument("--live-scorecards", type=int, default=200)
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    if not 1 <= args.judges <= 6:
        parser.error("--judges must be from 1 to 6 (the demo's judges)")

    with harness.fresh_database(args.postgres, prefix="judging-bench-results-") as database:
        env = harness.server_env(database)
        # This process builds the world and times the bare scoring through the same tables, so it
        # reads the same settings.
        os.environ.update(env)
        started = time.perf_counter()
        setup = asyncio.run(prepare(args.projects, args.judges, args.seed))
        print(
            f"database: {database.backend}; {setup['projects']} projects x {args.judges} judges x "
            f"{len(RUBRIC)} criteria = {setup['cards']} submitted scorecards, "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        bare = asyncio.run(time_bare_scoring(setup["round_id"], args.repeats))
        bare_median = statistics.median(bare["sheet+rank"])
        print(
            f"bare scoring (median of {args.repeats}): round_sheet + rank {ms(bare_median)}"
            f"   (round_sheet {ms(statistics.median(bare['sheet']))},"
            f" rank {ms(statistics.median(bare['rank']))})"
        )
        with harness.running_server(env, database.data_dir / "server.log") as base_url:
            pages = asyncio.run(time_pages(base_url, setup, args.requests))
            warm = statistics.median(pages["warm"])
            changed = statistics.median(pages["changed"])
            print(
                f"ranking page ({pages['bytes'] / 1e3:.0f} KB of HTML, its first 100 projects; "
                f"target under 150 KB):"
            )
            print(f"  first request (templates compiled, ranking computed)   {ms(pages['first'])}")
            print(
                f"  after a moderation (ranking computed afresh), median of {len(pages['changed'])}"
                f" {ms(changed)}"
            )
            print(
                f"  unchanged round (stored ranking), median of {args.requests:<3}       {ms(warm)}"
            )
            print(
                f"  ratio page / bare scoring: first {pages['first'] / bare_median:.2f}x, after a "
                f"moderation {changed / bare_median:.2f}x, unchanged {warm / bare_median:.2f}x"
            )
            print(
                f"ranking JSON with a policy preview (ranked twice, never cached): median "
                f"{ms(statistics.median(pages['preview']))}"
            )
            live = asyncio.run(live_latency(base_url, setup, args.live_scorecards))
            if "error" in live:
                print(f"live update latency: not measured ({live['error']})")
            else:
                print(
                    f"live update latency over {live['scorecards']} scorecards (saved -> on the "
                    f"big screen): p50 {live['p50_ms']:.1f} ms, p99 {live['p99_ms']:.1f} ms "
                    f"(from the save's request: p50 {live['end_to_end_p50_ms']:.1f} ms, p99 "
                    f"{live['end_to_end_p99_ms']:.1f} ms; the save itself: p50 "
                    f"{live['save_p50_ms']:.1f} ms; missed {live['missed']})"
                )


if __name__ == "__main__":
    main()
