"""Specification of ``judging assign`` and its CSV files."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from judging.assignments.solver.model import Pair
from judging.assignments.solver_csv import (
    CsvInputError,
    read_conflicts,
    read_judges,
    read_submissions,
)

REPO = Path(__file__).resolve().parents[2]

SUBMISSIONS = """submission_id,track,organization
S1,ai,NJU
S2,bio,SEU
S3,ai,
S4,energy,NJU
"""

JUDGES = """judge_id,tracks,max_load,organization
J1,ai,3,NJU
J2,bio;ai,,
J3,,2,SEU
J4,energy,4,
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


def run_assign(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "judging.assignments.cli", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assign_args(
    tmp_path: Path,
    submissions: str = SUBMISSIONS,
    judges: str = JUDGES,
    conflicts: str | None = None,
    k: int = 2,
) -> list[str]:
    args = [
        "--submissions",
        str(write(tmp_path / "S.csv", submissions)),
        "--judges",
        str(write(tmp_path / "J.csv", judges)),
        "--per-submission",
        str(k),
        "--out",
        str(tmp_path / "A.csv"),
    ]
    if conflicts is not None:
        args += ["--conflicts", str(write(tmp_path / "C.csv", conflicts))]
    return args


def read_output(tmp_path: Path) -> list[dict[str, str]]:
    with (tmp_path / "A.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -------------------------------------------------------------------- success


def test_success_writes_one_row_per_assignment_and_exits_zero(tmp_path: Path) -> None:
    result = run_assign(tmp_path, *assign_args(tmp_path))
    assert result.returncode == 0, result.stderr
    rows = read_output(tmp_path)
    assert list(rows[0]) == ["submission_id", "judge_id"]
    assert len(rows) == 8
    assert {r["submission_id"] for r in rows} == {"S1", "S2", "S3", "S4"}


def test_success_prints_a_one_line_summary(tmp_path: Path) -> None:
    result = run_assign(tmp_path, *assign_args(tmp_path))
    (line,) = result.stdout.splitlines()
    assert "8 assignments" in line
    assert "expertise match" in line
    assert "judge load min" in line
    assert result.stderr == ""


def test_conflicts_file_pairs_are_never_written(tmp_path: Path) -> None:
    conflicts = "judge_id,submission_id\nJ2,S2\nJ2,S3\n"
    result = run_assign(tmp_path, *assign_args(tmp_path, conflicts=conflicts))
    assert result.returncode == 0, result.stderr
    written = {(r["submission_id"], r["judge_id"]) for r in read_output(tmp_path)}
    assert not written & {("S2", "J2"), ("S3", "J2")}


def test_output_is_identical_whatever_the_row_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert run_assign(first, *assign_args(first)).returncode == 0
    reversed_submissions = "\n".join(
        [SUBMISSIONS.splitlines()[0], *SUBMISSIONS.splitlines()[:0:-1]]
    )
    reversed_judges = "\n".join([JUDGES.splitlines()[0], *JUDGES.splitlines()[:0:-1]])
    result = run_assign(second, *assign_args(second, reversed_submissions, reversed_judges))
    assert result.returncode == 0
    assert (first / "A.csv").read_bytes() == (second / "A.csv").read_bytes()


# -------------------------------------------------------------------- failures


def test_missing_column_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    result = run_assign(
        tmp_path, *assign_args(tmp_path, judges="judge_id,tracks,organization\nJ1,ai,\n")
    )
    assert result.returncode == 2
    assert "J.csv, line 1: missing column(s) max_load" in result.stderr


def test_duplicate_id_exits_2_naming_both_lines(tmp_path: Path) -> None:
    submissions = SUBMISSIONS + "S2,ai,\n"
    result = run_assign(tmp_path, *assign_args(tmp_path, submissions=submissions))
    assert result.returncode == 2
    assert "S.csv, line 6: duplicate submission_id 'S2' (first on line 3)" in result.stderr


def test_bad_max_load_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    judges = JUDGES + "J5,ai,-3,\n"
    result = run_assign(tmp_path, *assign_args(tmp_path, judges=judges))
    assert result.returncode == 2
    assert "J.csv, line 6: max_load must be a non-negative whole number" in result.stderr


def test_unknown_id_in_conflicts_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    conflicts = "judge_id,submission_id\nJ1,S2\nJ9,S1\n"
    result = run_assign(tmp_path, *assign_args(tmp_path, conflicts=conflicts))
    assert result.returncode == 2
    assert "C.csv, line 3: unknown judge_id 'J9'" in result.stderr


def test_infeasible_exits_2_with_the_report_on_stderr_and_no_output(tmp_path: Path) -> None:
    result = run_assign(tmp_path, *assign_args(tmp_path, k=5))
    assert result.returncode == 2
    assert "No assignment satisfies the rules" in result.stderr
    assert "Submission 'S1' needs 5 judge(s)" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "A.csv").exists()


def test_per_submission_below_one_exits_2(tmp_path: Path) -> None:
    result = run_assign(tmp_path, *assign_args(tmp_path, k=0))
    assert result.returncode == 2
    assert "--per-submission" in result.stderr


# ------------------------------------------------------------------ CSV layer


def test_judge_tracks_split_on_ascii_and_full_width_semicolons(tmp_path: Path) -> None:
    path = write(tmp_path / "J.csv", "judge_id,tracks,max_load,organization\nJ1, ai ；bio; ,,\n")
    (judge,) = read_judges(path)
    assert judge.tracks == frozenset({"ai", "bio"})
    assert judge.max_load is None


def test_excel_bom_and_gbk_files_are_read(tmp_path: Path) -> None:
    text = "submission_id,track,organization\nS1,人工智能,南京大学\n"
    utf8 = write(tmp_path / "utf8.csv", text, encoding="utf-8-sig")
    gbk = write(tmp_path / "gbk.csv", text, encoding="gbk")
    assert read_submissions(utf8) == read_submissions(gbk)
    assert read_submissions(gbk)[0].organization == "南京大学"


def test_blank_rows_extra_columns_and_header_case_are_tolerated(tmp_path: Path) -> None:
    text = " Submission_ID ,Track,organization,notes\nS1,ai,,x\n,,,\n\nS2,bio,SEU,\n"
    projects = read_submissions(write(tmp_path / "S.csv", text))
    assert [p.submission_id for p in projects] == ["S1", "S2"]


def test_row_longer_than_the_header_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "C.csv", "judge_id,submission_id\nJ1,S1,extra\n")
    with pytest.raises(CsvInputError, match=r"line 2: 3 fields but the header has 2"):
        read_conflicts(path, {"S1"}, {"J1"})


def test_repeated_conflict_rows_collapse(tmp_path: Path) -> None:
    path = write(tmp_path / "C.csv", "judge_id,submission_id\nJ1,S1\nJ1,S1\n")
    assert read_conflicts(path, {"S1"}, {"J1"}) == [Pair("S1", "J1")]


def test_empty_id_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "S.csv", "submission_id,track,organization\n,ai,NJU\n")
    with pytest.raises(CsvInputError, match=r"S.csv, line 2: empty submission_id"):
        read_submissions(path)
