"""Benchmark of the organizers' submission list and exports with many projects, against
/healthz.

Builds a fresh database (SQLite in a temporary data directory, or with ``--postgres`` a fresh
PostgreSQL database), migrates it, seeds the demo, gives its application form three more
questions (twelve in all) and bulk-inserts ``--rows`` realistic projects (English and Chinese
titles, teams, countries, an answer to every question) across the demo's tracks. Then it
starts the real server (``python -m judging.cli serve``, as ``make run`` does) on a free port,
signs in as the demo organizer and times, interleaved in the same run, ``--requests`` GETs of

* the first page of the list,
* a filtered and searched page (track + status + a search word),
* a deep page (page 100),
* and ``/healthz`` as the baseline of the same server and machine,

then ``--export-requests`` downloads of the whole list as CSV and as XLSX (one column per
question), printing medians, 95th percentiles and each one's ratio to ``/healthz``. The
targets are a median under 150 ms for the list page and under 3 s for the export. Prints
figures only; asserts nothing about time.

    .venv/bin/python bench/submissions.py
    .venv/bin/python bench/submissions.py --rows 10000 --requests 50 --postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
from datetime import timedelta

import harness  # first: puts the repository root ahead of bench/ on sys.path

TARGET_MS = 150.0
EXPORT_TARGET_MS = 3000.0

ADJECTIVES = [
    "Smart", "Low-cost", "Portable", "Autonomous", "Self-healing", "Green", "Modular",
    "Wearable", "Predictive", "Secure", "Edge", "Quantum", "Flexible", "Bio-based",
]  # fmt: skip
THINGS = [
    "sensor network", "robot arm", "battery pack", "drug screening", "diagnostic kit",
    "supply chain ledger", "grid controller", "drone fleet", "soil monitor", "exoskeleton",
    "water purifier", "chip cooling", "payment rail", "learning platform", "cell therapy",
]  # fmt: skip
USES = [
    "county hospitals", "smart factories", "cold-chain logistics", "rice farms", "5G base stations",
    "elderly care", "ports", "EV charging", "textile mills", "cross-border trade",
]  # fmt: skip
CN_TECH = ["人工智能", "深度学习", "区块链", "物联网", "石墨烯", "基因编辑", "边缘计算", "机器视觉"]
CN_USE = [
    "智能电网",
    "医疗影像",
    "智慧农业",
    "工业质检",
    "城市交通",
    "药物研发",
    "跨境支付",
    "养老服务",
]
CN_THING = ["平台", "系统", "解决方案", "检测设备", "芯片", "机器人"]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"]
GIVEN = ["Wei", "Fang", "Min", "Jie", "Lei", "Yan", "Hui", "Qiang", "Jing", "Tao"]
CN_NAMES = ["王伟", "李娜", "张敏", "刘洋", "陈杰", "杨帆", "赵磊", "黄丽", "周涛", "吴静"]
WESTERN = ["Anna Müller", "Lukas Weber", "Priya Nair", "Noa Levi", "Emily Carter", "Kenji Sato"]
COUNTRIES = ["CN"] * 12 + ["DE", "US", "SG", "IL", "GB", "FR", "JP", "KR", "IN", "CA"]
ORGS = ["Nanjing University", "Southeast University", "Purple Mountain Lab", "Jiangsu Robotics",
        "TU München", "NUS", "Technion", "Imperial College", "Osaka Robotics Lab", ""]  # fmt: skip
STATUSES = ["submitted"] * 80 + ["draft"] * 15 + ["withdrawn"] * 3 + ["disqualified"] * 2


# Three questions besides the demo's nine: twelve in all, as the figures ask.
EXTRA_QUESTIONS = [
    ("customers", "short_text", "Paying customers", "付费客户"),
    ("competitors", "long_text", "Main competitors", "主要竞争对手"),
    ("website_demo", "url", "Link to a demo", "演示链接"),
]
STAGES = ["idea", "prototype", "pilot", "revenue", "scaling"]
CLINICAL = ["preclinical", "phase1", "phase2", "approved", "not_applicable"]
HEARD = ["tech_week", "partner", "media", "friend"]


def answers(rng: random.Random, country: str, biomed: bool) -> dict[str, object]:
    """An answer to each of the twelve questions (the clinical one in biomed only)."""
    given: dict[str, object] = {
        "stage": rng.choice(STAGES),
        "funding_raised": rng.choice([0, 500_000, 3_000_000, 12_000_000]),
        "team_size": rng.randint(1, 80),
        "incorporated_in": country,
        "revenue_last_year": rng.randint(0, 50_000_000),
        "patents": rng.random() < 0.6,
        "patent_details": "- CN 2020 1234 5678.9: core method\n- PCT filed 2022",
        "heard_from": rng.sample(HEARD, rng.randint(1, 2)),
        "customers": f"{rng.randint(1, 40)} hospitals and {rng.randint(1, 9)} distributors",
        "competitors": "Two incumbents sell hardware only; we sell the service.",
        "website_demo": "https://demo.example/video",
    }
    if biomed:
        given["clinical_stage"] = rng.choice(CLINICAL)
    return given


def project(rng: random.Random, number: int) -> dict[str, object]:
    if rng.random() < 0.3:
        title = f"基于{rng.choice(CN_TECH)}的{rng.choice(CN_USE)}{rng.choice(CN_THING)}"
        team = rng.sample(CN_NAMES, rng.randint(1, 4))
    else:
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(THINGS)} for {rng.choice(USES)}"
        team = [f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 4))]
        team += rng.sample(WESTERN, rng.randint(0, 1))
    return {
        "title": f"{title} #{number}",
        "team": [{"name": name, "role": "", "email": ""} for name in team],
        "organization": rng.choice(ORGS),
        "country": rng.choice(COUNTRIES),
        "status": rng.choice(STATUSES),
    }


async def prepare(rows: int, seed: int) -> dict[str, int]:
    """Migrate, seed the demo and insert ``rows`` projects; returns the ids the bench needs."""
    from judging.accounts.tables import Account
    from judging.applications import services as applications
    from judging.applications.answers import answers_for_track, written_answers
    from judging.applications.schemas import QuestionFields
    from judging.clock import utcnow
    from judging.competitions.tables import Track
    from judging.database import writing
    from judging.demo import demo_email
    from judging.submissions.search import search_text_for
    from judging.submissions.tables import Submission

    async with harness.connected():
        competition = await harness.seeded_demo()
        organizer = await Account.objects().get(Account.email == demo_email("organizer"))
        for key, kind, label_en, label_zh in EXTRA_QUESTIONS:
            fields = QuestionFields(key=key, kind=kind, label_en=label_en, label_zh=label_zh)
            await applications.add_question(competition.id, fields, organizer.id)
        form = await applications.questions(competition.id)
        tracks = await Track.select(Track.id, Track.key).where(Track.competition == competition.id)
        track_ids = [row["id"] for row in tracks]
        track_keys = {row["id"]: row["key"] for row in tracks}
        rng = random.Random(seed)
        now = utcnow()
        async with writing():
            for start in range(0, rows, 500):
                batch = []
                for number in range(start, min(rows, start + 500)):
                    values = project(rng, number)
                    submitted = values["status"] != "draft"
                    track = rng.choice(track_ids)
                    # Checked as the form checks them, so the bench stores what the app would.
                    given = answers_for_track(
                        form,
                        track,
                        answers(rng, str(values["country"]), track_keys[track] == "biomed"),
                    )
                    batch.append(
                        Submission(
                            competition=competition.id,
                            track=track,
                            summary="A pilot with three customers; raising a seed round.",
                            answers=given,
                            search_text=search_text_for(
                                values["title"],
                                values["organization"],
                                values["team"],
                                written_answers(form, given),
                            ),
                            submitted_at=now - timedelta(minutes=rows - number)
                            if submitted
                            else None,
                            **values,
                        )
                    )
                await Submission.insert(*batch)
        ai = next(row["id"] for row in tracks if row["key"] == "ai")
        return {"competition": competition.id, "ai": ai}


async def measure(
    base_url: str, targets: dict[str, str], requests: int, warmup: int
) -> dict[str, list[float]]:
    """Milliseconds per request of each target, signed in as the demo organizer, interleaved
    so drift hits all alike."""
    from judging.demo import DEMO_PASSWORD, demo_email

    client = await harness.signed_in_client(
        base_url, demo_email("organizer"), DEMO_PASSWORD, request_timeout=30
    )
    timings: dict[str, list[float]] = {name: [] for name in targets}
    try:
        for round_number in range(warmup + requests):
            for name, path in targets.items():
                started = time.perf_counter()
                response = await client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")
                if round_number >= warmup:
                    timings[name].append(elapsed)
    finally:
        await client.aclose()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="projects to insert")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page")
    parser.add_argument(
        "--export-requests", type=int, default=5, help="timed downloads of each export"
    )
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()

    with harness.fresh_database(args.postgres, prefix="judging-bench-") as database:
        env = harness.server_env(database)
        # This process seeds the database through the same tables, so it reads the same settings.
        os.environ.update(env)
        started = time.perf_counter()
        ids = asyncio.run(prepare(args.rows, args.seed))
        print(f"database: {database.backend}; "
              f"{args.rows:,} projects inserted and demo seeded in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        base = f"/organize/{ids['competition']}/submissions"
        targets = {
            "list, first page": base,
            "list, track+status+search": f"{base}?track={ids['ai']}&status=submitted&q=smart",
            "list, page 100": f"{base}?page=100",
            "/healthz": "/healthz",
        }
        exports = {
            "export, CSV (all rows)": f"{base}/export.csv",
            "export, XLSX (all rows)": f"{base}/export.xlsx",
            "/healthz": "/healthz",
        }
        with harness.running_server(env, database.data_dir / "server.log") as base_url:
            timings = asyncio.run(measure(base_url, targets, args.requests, args.warmup))
            export_timings = asyncio.run(measure(base_url, exports, args.export_requests, 1))
        baseline = statistics.median(timings["/healthz"])
        print(f"{args.requests} timed requests each after {args.warmup} warm-up, interleaved:")
        print(f"{'page':<28} {'median ms':>10} {'p95 ms':>8} {'x healthz':>10}")
        for name, values in timings.items():
            median, p95 = harness.percentiles(values, 50, 95)
            print(f"{name:<28} {median:>10.1f} {p95:>8.1f} {median / baseline:>10.1f}")
        first_page = statistics.median(timings["list, first page"])
        verdict = "meets" if first_page < TARGET_MS else "MISSES"
        print(f"list page median {first_page:.1f} ms {verdict} the {TARGET_MS:.0f} ms target")
        export_baseline = statistics.median(export_timings["/healthz"])
        print(f"{args.export_requests} timed downloads each after 1 warm-up, interleaved:")
        print(f"{'file':<28} {'median ms':>10} {'p95 ms':>8} {'x healthz':>10}")
        for name, values in export_timings.items():
            median, p95 = harness.percentiles(values, 50, 95)
            print(f"{name:<28} {median:>10.1f} {p95:>8.1f} {median / export_baseline:>10.1f}")
        slowest = max(
            statistics.median(values)
            for name, values in export_timings.items()
            if name.startswith("export")
        )
        verdict = "meets" if slowest < EXPORT_TARGET_MS else "MISSES"
        print(
            f"slowest export median {slowest:.0f} ms {verdict} the {EXPORT_TARGET_MS:.0f} ms target"
        )


if __name__ == "__main__":
    main()
