"""Benchmark of the scoring pipeline through its Python API.

Default workload: 100,000 submissions x 5 judges x 6 criteria (3,000,000 score
rows, 4 tracks, a judge pool of 2,000, scorecards in random order, 0.1% of
scorecards left incomplete), run as the web app would:
``result = rank(scores, rubric, Policy())`` (zscore + trimmed, validating the
input) then ``result.agreement()``.  ``criterion`` and ``track`` are
categoricals built from integer codes (the recommended input form); the same
data with plain text columns is timed as well.

Printed figures:

* time: median (and min/max) wall time of rank + agreement over ``--repeats``
  runs, and the median CPU time of this process for the same runs; also
  ``rank()`` alone and ``rank()`` + the stand-alone ``agreement()`` (which
  validates the input a second time);
* memory: in a fresh subprocess that builds the data, the peak RSS during one
  run (``VmHWM`` after resetting it through ``/proc/self/clear_refs``) next to
  the RSS held before it, and the whole-process ``ru_maxrss``;
* speed-up: a straightforward pure-Python implementation of the same rules
  (``tests/scoring/scoring_oracle.py``) timed on the first ``--slice``
  submissions (its input already converted to a list of tuples) and scaled
  linearly to the full size, divided by the median time above; API and
  reference runs are interleaved so that both see the same machine load.
  Linear scaling flatters the reference (its sorts are ``n log n``), so the
  ratio is conservative.  The API is also timed on the slice, and the slice
  results of both are compared.

Usage: ``.venv/bin/python bench/scoring.py [--submissions N] [--repeats R] ...``
This is a measurement, not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is called scoring.py: keep its directory off the path so that
# ``import scoring`` finds the package, not this script.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from scoring import Criterion, Policy, Rubric, agreement, rank  # noqa: E402
from tests.scoring.scoring_oracle import reference_scoring  # noqa: E402

TRACKS = np.array(["A", "B", "C", "D"], dtype=object)


def make_rubric(n_criteria: int) -> Rubric:
    weights = np.full(n_criteria, 1.0 / n_criteria)
    weights[-1] = 1.0 - weights[:-1].sum()
    criteria = [Criterion(f"c{k + 1}", float(w), 0, 10) for k, w in enumerate(weights)]
    return Rubric(criteria=criteria, tie_breakers=["c1", "c2"])


def text_or_category(codes: np.ndarray, labels: np.ndarray, text: bool):
    if text:
        return pd.array(labels[codes], dtype="str")
    return pd.Categorical.from_codes(codes, categories=list(labels))


def make_scores(
    n_subs: int,
    n_judges: int,
    n_criteria: int,
    seed: int,
    order: str = "scorecards",
    text: bool = False,
) -> pd.DataFrame:
    """Long-form scores: every submission scored by ``n_judges`` distinct judges.

    ``order``: ``scorecards`` keeps each scorecard's rows together and shuffles
    the scorecards (a database returning rows in the order judges saved their
    scorecards); ``rows`` shuffles every row; ``sorted`` sorts by submission,
    judge and criterion (an ordered export).

    ``criterion`` and ``track`` are categoricals built from integer codes, as
    the web app builds them from foreign keys; ``text=True`` makes them plain
    text columns instead (as from a CSV read without categoricals).
    """
    rng = np.random.default_rng(seed)
    pool = max(n_judges, n_subs * n_judges // 250)  # each judge sees ~250 submissions
    # Distinct judges per submission: a random start and a stride co-prime-ish with pool.
    start = rng.integers(0, pool, size=n_subs)
    judges = (start[:, None] + np.arange(n_judges)[None, :] * 7919) % pool
    quality = rng.normal(6, 1.5, size=n_subs)
    leniency = rng.normal(0, 1, size=pool)
    sub = np.repeat(np.arange(n_subs), n_judges * n_criteria)
    judge = np.repeat(judges.ravel(), n_criteria)
    crit = np.tile(np.arange(n_criteria), n_subs * n_judges)
    raw = quality[sub] + leniency[judge] + rng.normal(0, 1.2, size=len(sub))
    score = np.clip(np.rint(raw), 0, 10)
    keep = np.ones(len(sub), dtype=bool)
    # Leave 0.1% of scorecards incomplete (their last criterion missing).
    cards = rng.choice(n_subs * n_judges, size=max(1, n_subs * n_judges // 1000), replace=False)
    keep[cards * n_criteria + n_criteria - 1] = False
    if order == "rows":
        order = rng.permutation(np.flatnonzero(keep))
    elif order == "scorecards":
        cards = rng.permutation(n_subs * n_judges)
        order = (cards[:, None] * n_criteria + np.arange(n_criteria)).ravel()
        order = order[keep[order]]
    else:
        order = np.lexsort((crit, judge, sub))
        order = order[keep[order]]
    keys = np.array([f"c{k + 1}" for k in range(n_criteria)], dtype=object)
    return pd.DataFrame(
        {
            "submission_id": sub[order],
            "judge_id": judge[order],
            "criterion": text_or_category(crit[order], keys, text),
            "score": score[order],
            "track": text_or_category(sub[order] % len(TRACKS), TRACKS, text),
        }
    )


def pipeline(scores: pd.DataFrame, rubric: Rubric):
    """What the web app does: rank, then agreement from the same validated scorecards."""
    result = rank(scores, rubric, Policy())
    return result, result.agreement()


def pipeline_twice_validated(scores: pd.DataFrame, rubric: Rubric):
    """rank() and the stand-alone agreement(), each validating the input."""
    return rank(scores, rubric, Policy()), agreement(scores, rubric)


def timed(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def memory_child(args: argparse.Namespace) -> None:
    """Build the data, reset the peak-RSS counter, run once, report the peaks."""
    rubric = make_rubric(args.criteria)
    scores = make_scores(args.submissions, args.judges, args.criteria, args.seed, args.order)
    gc.collect()
    before = _status_mb("VmRSS")
    peak_before = _status_mb("VmHWM")
    try:  # Linux: writing 5 resets VmHWM (the peak) to the current RSS
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        reset = True
    except OSError:
        reset = False
    pipeline(scores, rubric)
    print(
        json.dumps(
            {
                "rss_before": before,
                "peak_before": peak_before,
                "peak_run": _status_mb("VmHWM"),
                "peak_reset": reset,
                "ru_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def measure_memory(args: argparse.Namespace) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--memory-child",
        f"--submissions={args.submissions}",
        f"--judges={args.judges}",
        f"--criteria={args.criteria}",
        f"--seed={args.seed}",
        f"--order={args.order}",
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def reference_rows(scores: pd.DataFrame) -> list[tuple]:
    return list(
        zip(
            scores["submission_id"].tolist(),
            scores["judge_id"].tolist(),
            scores["criterion"].tolist(),
            scores["score"].tolist(),
            scores["track"].tolist(),
            strict=True,
        )
    )


def run_reference(rows: list[tuple], rubric: Rubric, policy: Policy) -> dict:
    return reference_scoring(
        rows,
        [(c.key, c.weight, c.min, c.max) for c in rubric.criteria],
        rubric.tie_breakers,
        normalize=policy.normalize,
        aggregate=policy.aggregate,
        trim=policy.trim,
        min_judges=policy.min_judges,
        disagreement=policy.disagreement,
    )


def compare(result, agreement_result, expected: dict) -> str:
    table = result.table.set_index("submission_id")
    want = pd.DataFrame.from_dict(expected["submissions"], orient="index")
    want = want.reindex(table.index)
    score_diff = np.nanmax(np.abs(table["score"].to_numpy() - want["score"].to_numpy(float)))
    got_rank = table["rank"].astype("float64").fillna(-1).to_numpy()
    want_rank = want["rank"].astype("float64").fillna(-1).to_numpy()
    alpha_diff = abs(agreement_result.krippendorff_alpha - expected["alpha"])
    return (
        f"max |score diff| {score_diff:.2e}, rank mismatches {int((got_rank != want_rank).sum())}, "
        f"|alpha diff| {alpha_diff:.2e}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--judges", type=int, default=5, help="judges per submission")
    parser.add_argument("--criteria", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--slice", type=int, default=10_000, help="submissions for the reference")
    parser.add_argument("--reference-repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20210)
    parser.add_argument(
        "--order",
        choices=("scorecards", "rows", "sorted"),
        default="scorecards",
        help="row order of the input (see make_scores)",
    )
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--skip-text", action="store_true", help="skip the text-column variant")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args)
        return

    rubric = make_rubric(args.criteria)
    size = (args.submissions, args.judges, args.criteria, args.seed, args.order)
    scores = make_scores(*size)
    text = None if args.skip_text else make_scores(*size, text=True)
    print(
        f"workload: {args.submissions:,} submissions x {args.judges} judges x "
        f"{args.criteria} criteria = {len(scores):,} rows "
        f"({scores['judge_id'].nunique():,} judges, {len(TRACKS)} tracks, order: {args.order}); "
        f"numpy {np.__version__}, pandas {pd.__version__}, {os.cpu_count()} CPUs"
    )

    n_slice = min(args.slice, args.submissions)
    part = scores[scores["submission_id"] < n_slice].reset_index(drop=True)
    rows = reference_rows(part)

    # The runs are interleaved so that all of them see the same machine load;
    # wall and CPU (process) time are both recorded.
    runs: dict[str, list[tuple[float, float]]] = {"api": [], "text": [], "ref": []}

    def run(name: str, fn) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        runs[name].append((time.perf_counter() - wall, time.process_time() - cpu))

    pipeline(scores, rubric)  # warm-up
    for i in range(args.repeats):
        run("api", lambda: pipeline(scores, rubric))
        if text is not None:
            run("text", lambda: pipeline(text, rubric))
        if not args.skip_reference and i < args.reference_repeats:
            run("ref", lambda: run_reference(rows, rubric, Policy()))

    def median(name: str, which: int = 0) -> float:
        return statistics.median(t[which] for t in runs[name])

    walls = [t[0] for t in runs["api"]]
    print(
        f"API rank() + result.agreement(), criterion/track categorical: median {median('api'):.3f}"
        f" s wall over {args.repeats} runs (min {min(walls):.3f}, max {max(walls):.3f}); "
        f"median CPU {median('api', 1):.3f} s"
    )
    if text is not None:
        print(
            f"  same with criterion/track as plain text columns: median {median('text'):.3f} s "
            f"wall (CPU {median('text', 1):.3f} s)"
        )
    rank_times = timed(lambda: rank(scores, rubric, Policy()), args.repeats)
    twice_times = timed(lambda: pipeline_twice_validated(scores, rubric), args.repeats)
    print(
        f"  rank() alone: median {statistics.median(rank_times):.3f} s; "
        f"rank() + stand-alone agreement() (validates twice): "
        f"median {statistics.median(twice_times):.3f} s"
    )

    if not args.skip_memory:
        memory = measure_memory(args)
        if memory["peak_reset"]:
            during = (
                f"peak RSS during the run {memory['peak_run']:.0f} MB "
                f"(+{memory['peak_run'] - memory['rss_before']:.0f} MB over the "
                f"{memory['rss_before']:.0f} MB held before it, input data included)"
            )
        else:
            during = "peak during the run not measurable here (no /proc/self/clear_refs)"
        print(
            f"memory (fresh process): {during}; whole-process peak (ru_maxrss, data "
            f"generation included) {memory['ru_maxrss']:.0f} MB"
        )

    if not args.skip_reference:
        ref, ref_cpu = median("ref"), median("ref", 1)
        api_slice = statistics.median(timed(lambda: pipeline(part, rubric), args.repeats))
        result, agreement_result = pipeline(part, rubric)
        expected = run_reference(rows, rubric, Policy())
        scale = args.submissions / n_slice
        print(
            f"pure-Python reference on {n_slice:,} submissions ({len(rows):,} rows): "
            f"median {ref:.3f} s wall over {len(runs['ref'])} runs (CPU {ref_cpu:.3f} s); "
            f"API on the same slice {api_slice:.3f} s ({ref / api_slice:.1f}x)"
        )
        print(f"slice check, API vs reference: {compare(result, agreement_result, expected)}")
        print(
            f"reference scaled x{scale:g} to {args.submissions:,} submissions: "
            f"{ref * scale:.2f} s -> API speed-up {ref * scale / median('api'):.1f}x wall-clock, "
            f"{ref_cpu * scale / median('api', 1):.1f}x CPU time"
        )
        if text is not None:
            print(
                f"  with plain text columns: {ref * scale / median('text'):.1f}x wall-clock, "
                f"{ref_cpu * scale / median('text', 1):.1f}x CPU time"
            )


if __name__ == "__main__":
    main()
