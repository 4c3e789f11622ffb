"""Benchmark of exact judge assignment, end to end and bare.

Generates a seeded, realistic competition (skewed track popularity, judges with
one or two tracks or none, max_load 80 for most (some 40 or 120), organizations,
random conflicts), writes the CSV files, then for each repeat

* runs ``judging assign`` in a fresh Python process (CSV in, CSV out), and
* calls ``solve()`` in this process on the same data,

and prints the timings, their medians and ratio, and the optimum found. Prints
figures only; asserts nothing about time.

    .venv/bin/python bench/assignment.py              # 5,000 x 500, K=5
    .venv/bin/python bench/assignment.py --quick      # 500 x 50
    .venv/bin/python bench/assignment.py --repeats 5 --seed 3
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from judging.assignments.solver.exact import solve  # noqa: E402
from judging.assignments.solver_csv import (  # noqa: E402
    read_conflicts,
    read_judges,
    read_submissions,
)

TRACKS = (
    "artificial-intelligence",
    "biomedicine",
    "new-energy",
    "advanced-manufacturing",
    "digital-culture",
    "modern-agriculture",
)
# Applicants crowd into the fashionable tracks; experts are spread evenly, so the
# popular tracks run short of experts and the trade-off is exercised.
PROJECT_TRACK_WEIGHTS = np.array([0.28, 0.20, 0.16, 0.14, 0.12, 0.10])


def generate(out_dir: Path, n_projects: int, n_judges: int, conflict_rate: float, seed: int):
    """Write S.csv, J.csv and C.csv; return their paths and the conflict count."""
    rng = np.random.default_rng(seed)
    n_orgs = max(10, n_projects // 40)
    org_weights = 1.0 / np.arange(1, n_orgs + 1)  # a few large universities, many small
    org_weights /= org_weights.sum()
    orgs = [f"ORG{i:04d}" for i in range(n_orgs)]

    submissions = out_dir / "S.csv"
    with submissions.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission_id", "track", "organization"])
        tracks = rng.choice(len(TRACKS), size=n_projects, p=PROJECT_TRACK_WEIGHTS)
        project_orgs = rng.choice(n_orgs, size=n_projects, p=org_weights)
        no_org = rng.random(n_projects) < 0.05
        for i in range(n_projects):
            org = "" if no_org[i] else orgs[project_orgs[i]]
            writer.writerow([f"P{i:06d}", TRACKS[tracks[i]], org])

    judges = out_dir / "J.csv"
    with judges.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["judge_id", "tracks", "max_load", "organization"])
        for j in range(n_judges):
            kind = rng.random()
            n_tracks = 0 if kind < 0.3 else 1 if kind < 0.8 else 2
            judge_tracks = rng.choice(TRACKS, size=n_tracks, replace=False)
            load = rng.random()
            max_load = "80" if load < 0.85 else "40" if load < 0.95 else "120"
            org = orgs[rng.choice(n_orgs, p=org_weights)] if rng.random() < 0.6 else ""
            writer.writerow([f"J{j:05d}", ";".join(judge_tracks), max_load, org])

    conflicts = out_dir / "C.csv"
    pairs = np.argwhere(rng.random((n_projects, n_judges)) < conflict_rate)
    with conflicts.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["judge_id", "submission_id"])
        writer.writerows((f"J{j:05d}", f"P{p:06d}") for p, j in pairs)
    return submissions, judges, conflicts, len(pairs)


def run_cli(submissions: Path, judges: Path, conflicts: Path, k: int, out: Path) -> float:
    """Wall time of one ``judging assign`` run in a fresh interpreter."""
    command = [
        sys.executable,
        "-m",
        "judging.assignments.cli",
        "--submissions",
        str(submissions),
        "--judges",
        str(judges),
        "--conflicts",
        str(conflicts),
        "--per-submission",
        str(k),
        "--out",
        str(out),
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"judging assign failed ({result.returncode}):\n{result.stderr}")
    print(f"  cli: {result.stdout.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--judges", type=int, default=500)
    parser.add_argument("-k", "--per-submission", type=int, default=5)
    parser.add_argument("--conflict-rate", type=float, default=0.02)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--quick", action="store_true", help="500 projects x 50 judges")
    args = parser.parse_args()
    if args.quick:
        args.projects, args.judges = 500, 50

    with tempfile.TemporaryDirectory(prefix="assign-bench-") as tmp:
        tmp_dir = Path(tmp)
        submissions, judges, conflicts, n_conflicts = generate(
            tmp_dir, args.projects, args.judges, args.conflict_rate, args.seed
        )
        projects = read_submissions(submissions)
        judge_list = read_judges(judges)
        conflict_pairs = read_conflicts(
            conflicts, {p.submission_id for p in projects}, {j.judge_id for j in judge_list}
        )
        capacity = sum(j.max_load if j.max_load is not None else len(projects) for j in judge_list)
        print(
            f"assignment bench: {args.projects} projects x {args.judges} judges, "
            f"K={args.per_submission}, {len(TRACKS)} tracks, conflict rate "
            f"{args.conflict_rate:.1%} ({n_conflicts} conflict rows), seed {args.seed}"
        )
        print(
            f"required {args.projects * args.per_submission} assignments; "
            f"nominal capacity {capacity}; python {sys.version.split()[0]}, "
            f"{os.cpu_count()} cores"
        )

        end_to_end, bare = [], []
        plan = None
        out = tmp_dir / "A.csv"
        for repeat in range(1, args.repeats + 1):
            end_to_end.append(run_cli(submissions, judges, conflicts, args.per_submission, out))
            start = time.perf_counter()
            plan = solve(projects, judge_list, args.per_submission, conflict_pairs)
            bare.append(time.perf_counter() - start)
            print(f"run {repeat}: end-to-end {end_to_end[-1]:.2f} s, bare solve {bare[-1]:.2f} s")

        median_total, median_bare = statistics.median(end_to_end), statistics.median(bare)
        print(
            f"median end-to-end {median_total:.2f} s | median bare solve {median_bare:.2f} s | "
            f"bare/end-to-end {median_bare / median_total:.0%}"
        )
        assert plan is not None
        loads = plan.loads.values()
        total = len(plan.pairs)
        print(
            f"optimum: {total} assignments, expertise match "
            f"{plan.expertise_matches / total:.1%} ({plan.expertise_matches}/{total}), "
            f"judge load min {min(loads)} max {max(loads)}, "
            f"sum of squared loads {plan.load_sum_of_squares}"
        )
        with out.open(encoding="utf-8", newline="") as handle:
            written = [tuple(row) for row in list(csv.reader(handle))[1:]]
        same = written == [tuple(p) for p in plan.pairs]
        print(f"CLI output identical to the in-process plan: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
