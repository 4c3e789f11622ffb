"""The CLI, run as ``python -m scoring`` in a subprocess."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = {
    "criteria": [
        {"key": "idea", "weight": 0.6, "min": 0, "max": 10, "label": "Idea"},
        {"key": "team", "weight": 0.4, "min": 0, "max": 10},
    ],
    "tie_breakers": ["idea"],
}
HEADER = ["submission_id", "judge_id", "criterion", "score", "track"]
ROWS = [
    [sub, judge, crit, str(score), track]
    for sub, track, base in (("S1", "X", 8), ("S2", "X", 6), ("S3", "Y", 7), ("S4", "Y", 3))
    for judge, shift in (("J1", 0), ("J2", 1), ("J3", -1))
    for crit, score in (("idea", base + shift), ("team", base))
]


def run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "scoring", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def write_csv(path, rows, header=HEADER):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def rubric(tmp_path):
    path = tmp_path / "rubric.json"
    path.write_text(json.dumps(RUBRIC))
    return path


@pytest.fixture
def scores(tmp_path):
    return write_csv(tmp_path / "scores.csv", ROWS)


def read_ranking(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_rank_writes_one_row_per_submission(tmp_path, scores, rubric):
    out = tmp_path / "ranking.csv"
    proc = run("rank", scores, "--rubric", rubric, "--out", out)
    assert proc.returncode == 0, proc.stderr
    rows = read_ranking(out)
    assert [r["submission_id"] for r in rows] == ["S1", "S3", "S2", "S4"]
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["track_rank"] for r in rows] == ["1", "1", "2", "2"]
    assert set(rows[0]) >= {"track", "score", "n_judges", "flagged", "idea", "team"}


def test_rank_writes_flags_as_true_false_and_unranked_as_empty(tmp_path, scores, rubric):
    out = tmp_path / "ranking.csv"
    run("rank", scores, "--rubric", rubric, "--out", out, "--min-judges", "4")
    rows = read_ranking(out)
    assert {r["flagged"] for r in rows} == {"true"}
    assert {(r["rank"], r["track_rank"]) for r in rows} == {("", "")}


def test_rank_leaves_track_empty_when_input_has_none(tmp_path, rubric):
    scores = write_csv(tmp_path / "s.csv", [r[:4] for r in ROWS], header=HEADER[:4])
    out = tmp_path / "ranking.csv"
    assert run("rank", scores, "--rubric", rubric, "--out", out).returncode == 0
    rows = read_ranking(out)
    assert {r["track"] for r in rows} == {""}
    assert all(r["track_rank"] == r["rank"] for r in rows)


def test_rank_output_is_byte_identical_for_shuffled_input(tmp_path, scores, rubric):
    shuffled = write_csv(tmp_path / "shuffled.csv", ROWS[::-1][::2] + ROWS[::-1][1::2])
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    run("rank", scores, "--rubric", rubric, "--out", first)
    run("rank", shuffled, "--rubric", rubric, "--out", second)
    assert first.read_bytes() == second.read_bytes()


def test_rank_writes_floats_rounded_to_ten_decimals(tmp_path, scores, rubric):
    out = tmp_path / "ranking.csv"
    run("rank", scores, "--rubric", rubric, "--out", out, "--normalize", "none")
    row = read_ranking(out)[0]  # S1: idea 8, 9, 7 -> 80, team 80 -> judge score 80
    assert row["score"] == "80"
    assert row["idea"] == "80"


def test_rank_options_change_the_policy(tmp_path, scores, rubric):
    out = tmp_path / "ranking.csv"
    proc = run(
        "rank", scores, "--rubric", rubric, "--out", out,
        "--normalize", "none", "--aggregate", "median", "--trim", "0",
        "--min-judges", "1", "--disagreement", "0.5",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert {r["flagged"] for r in read_ranking(out)} == {"true"}


def test_incomplete_scorecards_are_warned_about_on_stderr(tmp_path, rubric):
    scores = write_csv(tmp_path / "scores.csv", ROWS[:-1])
    proc = run("rank", scores, "--rubric", rubric, "--out", tmp_path / "r.csv")
    assert proc.returncode == 0
    assert "warning:" in proc.stderr
    assert "1 incomplete scorecard" in proc.stderr
    assert "submission S4, judge J3: missing team" in proc.stderr


def test_agreement_json_has_alpha_and_judges(scores, rubric):
    proc = run("agreement", scores, "--rubric", rubric, "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert isinstance(report["krippendorff_alpha"], float)
    assert [j["judge_id"] for j in report["judges"]] == ["J1", "J2", "J3"]
    assert set(report["judges"][0]) >= {"n_scorecards", "mean", "std", "leniency"}


def _error(tmp_path, rubric, rows, header=HEADER):
    scores = write_csv(tmp_path / "scores.csv", rows, header)
    proc = run("rank", scores, "--rubric", rubric, "--out", tmp_path / "r.csv")
    assert proc.returncode == 2
    assert not (tmp_path / "r.csv").exists()
    assert proc.stderr.count("\n") == 1
    return proc.stderr


def test_unknown_criterion_exits_2_naming_file_and_line(tmp_path, rubric):
    message = _error(tmp_path, rubric, [*ROWS[:3], ["S1", "J1", "looks", "5", "X"]])
    assert "scores.csv, line 5: unknown criterion 'looks'" in message


def test_score_out_of_range_exits_2_naming_file_and_line(tmp_path, rubric):
    message = _error(tmp_path, rubric, [ROWS[0], ["S1", "J1", "team", "11", "X"]])
    assert "scores.csv, line 3: score '11' for criterion 'team' is outside [0, 10]" in message


def test_score_not_a_number_exits_2_naming_file_and_line(tmp_path, rubric):
    message = _error(tmp_path, rubric, [ROWS[0], ["S1", "J1", "team", "seven", "X"]])
    assert "scores.csv, line 3: score 'seven' is not a number" in message


def test_duplicate_row_exits_2_naming_file_and_line(tmp_path, rubric):
    message = _error(tmp_path, rubric, [ROWS[0], ROWS[1], ROWS[0]])
    assert "scores.csv, line 4: duplicate score for submission 'S1'" in message


def test_missing_column_exits_2_naming_file(tmp_path, rubric):
    message = _error(tmp_path, rubric, [r[:3] for r in ROWS], header=HEADER[:3])
    assert "scores.csv, line 1: missing column 'score'" in message


def test_blank_line_does_not_shift_line_numbers(tmp_path, rubric):
    path = tmp_path / "scores.csv"
    path.write_text("submission_id,judge_id,criterion,score\n\nS1,J1,idea,x\n")
    proc = run("rank", path, "--rubric", rubric, "--out", tmp_path / "r.csv")
    assert proc.returncode == 2
    assert "scores.csv, line 3: score 'x' is not a number" in proc.stderr


def test_weights_not_summing_to_one_exits_2_naming_rubric(tmp_path, scores):
    bad = {"criteria": [{**c, "weight": 0.3} for c in RUBRIC["criteria"]]}
    path = tmp_path / "rubric.json"
    path.write_text(json.dumps(bad))
    proc = run("agreement", scores, "--rubric", path, "--json")
    assert proc.returncode == 2
    assert "rubric.json: invalid rubric: criterion weights must sum to 1" in proc.stderr


def test_missing_scores_file_exits_2(tmp_path, rubric):
    proc = run("rank", tmp_path / "nope.csv", "--rubric", rubric, "--out", tmp_path / "r.csv")
    assert proc.returncode == 2
    assert "nope.csv: file not found" in proc.stderr
