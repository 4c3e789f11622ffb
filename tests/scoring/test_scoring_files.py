"""Reading score sheets and rubric files (the I/O under the CLI)."""

import pytest

from scoring import ScoringInputError, load_rubric, read_scores_csv

HEADER = "submission_id,judge_id,criterion,score\n"


def _sheet(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "scores.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_cells_are_read_as_text_so_identifiers_keep_leading_zeros(tmp_path):
    frame = read_scores_csv(_sheet(tmp_path, HEADER + "007,01,idea,5\n"))
    assert frame.iloc[0].tolist() == ["007", "01", "idea", "5"]


def test_byte_order_mark_is_accepted(tmp_path):
    frame = read_scores_csv(_sheet(tmp_path, HEADER + "S1,J1,idea,5\n", encoding="utf-8-sig"))
    assert frame.columns[0] == "submission_id"


def test_blank_lines_keep_their_place(tmp_path):
    frame = read_scores_csv(_sheet(tmp_path, HEADER + "\nS1,J1,idea,5\n"))
    assert frame["submission_id"].tolist() == ["", "S1"]


def test_row_with_too_many_fields_names_its_line(tmp_path):
    path = _sheet(tmp_path, HEADER + "S1,J1,idea,5\nS1,J1,team,5,9\n")
    with pytest.raises(ScoringInputError, match="expected 4 fields, found 5") as info:
        read_scores_csv(path)
    assert (info.value.row, info.value.source) == (3, str(path))


def test_first_row_with_too_many_fields_is_not_taken_as_an_index(tmp_path):
    with pytest.raises(ScoringInputError, match="more fields than the header") as info:
        read_scores_csv(_sheet(tmp_path, HEADER + "S1,J1,idea,5,9\n"))
    assert info.value.row == 2


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(ScoringInputError, match="file not found"):
        read_scores_csv(tmp_path / "missing.csv")


def test_rubric_file_errors_name_the_file(tmp_path):
    path = tmp_path / "rubric.json"
    path.write_text('{"criteria": [{"key": "a", "weight": 1, "min": 3, "max": 1}]}')
    with pytest.raises(ScoringInputError, match=r"min \(3\) must be below max") as info:
        load_rubric(path)
    assert str(info.value).startswith(f"{path}: invalid rubric")


def test_read_scores_csv_accepts_a_text_stream():
    import io

    from scoring import read_scores_csv

    frame = read_scores_csv(io.StringIO("submission_id,judge_id,criterion,score\n007,J1,a,5\n"))
    assert frame["submission_id"].tolist() == ["007"]
    assert frame["criterion"].dtype == "category"
