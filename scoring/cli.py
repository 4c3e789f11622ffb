"""Command line interface for organizers and auditors.

::

    python -m scoring rank SCORES.csv --rubric RUBRIC.json --out RANKING.csv \\
        [--normalize zscore|none] [--aggregate trimmed|mean|median] [--trim N] \\
        [--min-judges N] [--disagreement X]
    python -m scoring agreement SCORES.csv --rubric RUBRIC.json [--json]

Exit status: 0 on success, 2 for bad input or usage (one message on stderr
naming the file and line), 1 when the output cannot be written.  Incomplete
scorecards are left out and listed as warnings on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

import pandas as pd

from .errors import ScoringInputError
from .export import format_float, ranking_to_csv, round_float
from .files import load_rubric, read_scores_csv
from .judge_agreement import agreement_from_scorecards
from .policy import Policy
from .ranking import rank_scorecards
from .scorecards import ScorecardData, build_scorecards

__all__ = ["main"]

#: Incomplete scorecards listed one by one on stderr before summarizing.
MAX_LISTED = 20


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: status 2, like bad input
        self.print_usage(sys.stderr)
        self.exit(2, f"error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m scoring", description="Score and rank competition entries.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    rank = commands.add_parser("rank", help="write the ranking CSV")
    rank.add_argument("scores", metavar="SCORES.csv")
    rank.add_argument("--rubric", required=True, metavar="RUBRIC.json")
    rank.add_argument("--out", required=True, metavar="RANKING.csv", help="'-' for stdout")
    defaults = Policy()
    rank.add_argument("--normalize", choices=("zscore", "none"), default=defaults.normalize)
    rank.add_argument(
        "--aggregate", choices=("trimmed", "mean", "median"), default=defaults.aggregate
    )
    rank.add_argument("--trim", type=int, default=defaults.trim, metavar="N")
    rank.add_argument("--min-judges", type=int, default=defaults.min_judges, metavar="N")
    rank.add_argument("--disagreement", type=float, default=defaults.disagreement, metavar="X")

    agree = commands.add_parser("agreement", help="report inter-judge agreement")
    agree.add_argument("scores", metavar="SCORES.csv")
    agree.add_argument("--rubric", required=True, metavar="RUBRIC.json")
    agree.add_argument("--json", action="store_true", help="print a JSON object")
    return parser


def _load(scores_path: str, rubric_path: str) -> ScorecardData:
    rubric = load_rubric(rubric_path)
    scores = read_scores_csv(scores_path)
    try:
        return build_scorecards(scores, rubric)
    except ScoringInputError as exc:
        raise exc.with_source(scores_path) from None


def _warn_incomplete(incomplete: pd.DataFrame, source: str, err: TextIO) -> None:
    if incomplete.empty:
        return
    n = len(incomplete)
    print(
        f"warning: {source}: {n} incomplete scorecard{'s' if n != 1 else ''} left out",
        file=err,
    )
    for row in incomplete.head(MAX_LISTED).itertuples(index=False):
        print(
            f"warning:   submission {row.submission_id}, judge {row.judge_id}: "
            f"missing {', '.join(row.missing_criteria)}",
            file=err,
        )
    if n > MAX_LISTED:
        print(f"warning:   ... and {n - MAX_LISTED} more", file=err)


def _rank(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    policy = Policy(
        normalize=args.normalize,
        aggregate=args.aggregate,
        trim=args.trim,
        min_judges=args.min_judges,
        disagreement=args.disagreement,
    )
    data = _load(args.scores, args.rubric)
    _warn_incomplete(data.incomplete, args.scores, err)
    result = rank_scorecards(data, policy)
    text = ranking_to_csv(result.table)
    if args.out == "-":
        out.write(text)
    else:
        try:
            with open(args.out, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            print(f"error: {args.out}: cannot write: {exc.strerror or exc}", file=err)
            return 1
    table = result.table
    print(
        f"ranked {int(table['rank'].notna().sum())} of {len(table)} submissions "
        f"({int(table['flagged'].sum())} flagged)" + ("" if args.out == "-" else f" -> {args.out}"),
        file=err,
    )
    return 0


def _agreement(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    data = _load(args.scores, args.rubric)
    _warn_incomplete(data.incomplete, args.scores, err)
    result = agreement_from_scorecards(data)
    if args.json:
        payload = result.to_dict()
        payload["krippendorff_alpha"] = round_float(result.krippendorff_alpha)
        for judge in payload["judges"]:
            for key in ("mean", "std", "leniency"):
                judge[key] = round_float(judge[key])
            judge["judge_id"] = str(judge["judge_id"])
            judge["n_scorecards"] = int(judge["n_scorecards"])
            judge["n_compared"] = int(judge["n_compared"])
        for item in payload["incomplete"]:
            item["submission_id"] = str(item["submission_id"])
            item["judge_id"] = str(item["judge_id"])
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    alpha = result.krippendorff_alpha
    out.write(
        f"Krippendorff's alpha (interval): {'undefined' if alpha is None else format_float(alpha)}"
        f"  ({result.n_units} submissions with 2+ judges)\n"
    )
    out.write(f"{'judge':<16} {'scorecards':>10} {'mean':>10} {'std':>10} {'leniency':>10}\n")
    for row in result.judges.itertuples(index=False):
        cells = [
            f"{v:>10.3f}" if v == v else f"{'':>10}" for v in (row.mean, row.std, row.leniency)
        ]
        out.write(f"{row.judge_id!s:<16} {row.n_scorecards:>10} {' '.join(cells)}\n")
    return 0


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the CLI; returns the exit status."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    args = _parser().parse_args(argv)
    try:
        if args.command == "rank":
            return _rank(args, out, err)
        return _agreement(args, out, err)
    except ScoringInputError as exc:
        print(f"error: {exc}", file=err)
        return 2
