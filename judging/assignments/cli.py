"""``judging assign``: exact judge assignment from CSV files.

Exit status: 0 on success (one summary line on stdout), 2 when an input file is
invalid or no assignment exists (the reason on stderr), 1 when the output file
cannot be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from judging.assignments.solver.model import AssignmentPlan

__all__ = ["assign", "summary_line"]

_INPUT = click.Path(exists=True, dir_okay=False, path_type=Path)


def _fail(message: str, status: int = 2) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    raise click.exceptions.Exit(status)


def summary_line(plan: AssignmentPlan, out: Path) -> str:
    """One line: assignments written, expertise match rate, min/max judge load."""
    total = len(plan.pairs)
    submissions = len({p.submission_id for p in plan.pairs})
    rate = f"{plan.expertise_matches / total:.1%}" if total else "n/a"
    loads = plan.loads.values()
    load_range = f"min {min(loads)}, max {max(loads)}" if loads else "n/a"
    return (
        f"Wrote {total} assignments ({submissions} submissions x {plan.per_submission} "
        f"judge{'' if plan.per_submission == 1 else 's'}) to {out}; expertise match {rate} ({plan.expertise_matches}/{total}); "
        f"judge load {load_range}."
    )


@click.command("assign")
@click.option(
    "--submissions",
    "submissions_csv",
    required=True,
    type=_INPUT,
    help="CSV with columns submission_id, track, organization.",
)
@click.option(
    "--judges",
    "judges_csv",
    required=True,
    type=_INPUT,
    help="CSV with columns judge_id, tracks (';'-separated, empty = generalist), "
    "max_load (empty = unlimited), organization.",
)
@click.option(
    "--conflicts",
    "conflicts_csv",
    type=_INPUT,
    default=None,
    help="Optional CSV with columns judge_id, submission_id: pairs never to assign.",
)
@click.option(
    "--per-submission",
    required=True,
    type=click.IntRange(min=1),
    help="K, the number of distinct judges every submission gets.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output CSV, one row submission_id, judge_id per assignment.",
)
def assign(
    submissions_csv: Path,
    judges_csv: Path,
    conflicts_csv: Path | None,
    per_submission: int,
    out: Path,
) -> None:
    """Assign judges to submissions, exactly optimally.

    Every submission gets K distinct judges, no judge exceeds max_load, and no
    conflicted or same-organization pair is used. Among those assignments the one
    with the most track matches is chosen, then the one with the most balanced
    loads (smallest sum of squared loads). Ties are broken deterministically.
    """
    # Imported here so that the other ``judging`` subcommands do not pay for numpy
    # and OR-Tools once this command is registered on the main group.
    from judging.assignments.solver.exact import solve
    from judging.assignments.solver.model import AssignmentInfeasible, AssignmentInputError
    from judging.assignments.solver_csv import (
        CsvInputError,
        read_conflicts,
        read_judges,
        read_submissions,
        write_assignments,
    )

    try:
        projects = read_submissions(submissions_csv)
        judges = read_judges(judges_csv)
        conflicts = (
            read_conflicts(
                conflicts_csv,
                {p.submission_id for p in projects},
                {j.judge_id for j in judges},
            )
            if conflicts_csv is not None
            else []
        )
        plan = solve(projects, judges, per_submission, conflicts)
    except CsvInputError as error:
        _fail(str(error))
    except AssignmentInfeasible as error:
        _fail(error.report.message())
    except AssignmentInputError as error:
        _fail(str(error))
    try:
        write_assignments(out, plan.pairs)
    except OSError as error:
        _fail(f"{out}: cannot write ({error.strerror}).", status=1)
    click.echo(summary_line(plan, out))


if __name__ == "__main__":
    assign(prog_name="judging assign")
