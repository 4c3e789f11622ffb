"""CSV files of the ``judging assign`` command, with validation.

Every problem is reported as one :class:`CsvInputError` naming the file and the
line. Files may be UTF-8 (with or without the BOM Excel writes) or, failing that,
GB18030, which covers the GBK files Excel saves on Chinese Windows. Header names
and cells are stripped of surrounding whitespace; header names are matched
case-insensitively; extra columns are ignored; blank rows are skipped.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path

from judging.assignments.solver.model import Judge, Pair, Project

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "CONFLICT_COLUMNS",
    "JUDGE_COLUMNS",
    "SUBMISSION_COLUMNS",
    "CsvInputError",
    "read_conflicts",
    "read_judges",
    "read_submissions",
    "write_assignments",
]

SUBMISSION_COLUMNS = ("submission_id", "track", "organization")
JUDGE_COLUMNS = ("judge_id", "tracks", "max_load", "organization")
CONFLICT_COLUMNS = ("judge_id", "submission_id")
ASSIGNMENT_COLUMNS = ("submission_id", "judge_id")

# Chinese input methods often produce the full-width semicolon.
_TRACK_SEPARATOR = re.compile("[;；]")
_NON_NEGATIVE_INT = re.compile(r"\+?[0-9]+")


class CsvInputError(ValueError):
    """A CSV file is unusable; ``str(error)`` names the file and, if known, the line."""

    def __init__(self, path: str | os.PathLike[str], line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CsvInputError(path, None, f"cannot read file ({error.strerror}).") from error
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvInputError(path, None, "not UTF-8 or GB18030 text.")


def _rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, {column: stripped value}) for each non-blank data row."""
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise CsvInputError(path, 1, f"empty file; expected columns {', '.join(columns)}.")
        names = [name.strip().lower() for name in header]
        duplicated = sorted({n for n in names if n and names.count(n) > 1})
        if duplicated:
            raise CsvInputError(path, 1, f"duplicate column(s) {', '.join(duplicated)}.")
        missing = [c for c in columns if c not in names]
        if missing:
            found = ", ".join(n for n in names if n) or "none"
            raise CsvInputError(
                path,
                1,
                f"missing column(s) {', '.join(missing)} (found: {found}; "
                f"expected: {', '.join(columns)}).",
            )
        position = {name: names.index(name) for name in columns}
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if any(cell.strip() for cell in row[len(names) :]):
                raise CsvInputError(
                    path,
                    reader.line_num,
                    f"{len(row)} fields but the header has {len(names)}.",
                )
            yield (
                reader.line_num,
                {c: row[i].strip() if i < len(row) else "" for c, i in position.items()},
            )
    except csv.Error as error:
        raise CsvInputError(path, reader.line_num, f"malformed CSV ({error}).") from error


def _unique_id(path: Path, line: int, column: str, value: str, first_seen: dict[str, int]) -> str:
    if not value:
        raise CsvInputError(path, line, f"empty {column}.")
    if value in first_seen:
        raise CsvInputError(
            path, line, f"duplicate {column} {value!r} (first on line {first_seen[value]})."
        )
    first_seen[value] = line
    return value


def read_submissions(path: str | os.PathLike[str]) -> list[Project]:
    """Read ``submission_id, track, organization`` rows into Projects, in file order."""
    path = Path(path)
    seen: dict[str, int] = {}
    return [
        Project(
            submission_id=_unique_id(path, line, "submission_id", row["submission_id"], seen),
            track=row["track"],
            organization=row["organization"],
        )
        for line, row in _rows(path, SUBMISSION_COLUMNS)
    ]


def _parse_max_load(path: Path, line: int, text: str) -> int | None:
    if not text:
        return None
    if not _NON_NEGATIVE_INT.fullmatch(text):
        raise CsvInputError(
            path, line, f"max_load must be a non-negative whole number or empty, got {text!r}."
        )
    return int(text)


def read_judges(path: str | os.PathLike[str]) -> list[Judge]:
    """Read ``judge_id, tracks, max_load, organization`` rows into Judges.

    ``tracks`` is ``;``-separated (empty: generalist); ``max_load`` empty means
    unlimited.
    """
    path = Path(path)
    seen: dict[str, int] = {}
    judges = []
    for line, row in _rows(path, JUDGE_COLUMNS):
        judge_id = _unique_id(path, line, "judge_id", row["judge_id"], seen)
        tracks = frozenset(t.strip() for t in _TRACK_SEPARATOR.split(row["tracks"]) if t.strip())
        judges.append(
            Judge(
                judge_id=judge_id,
                tracks=tracks,
                max_load=_parse_max_load(path, line, row["max_load"]),
                organization=row["organization"],
            )
        )
    return judges


def read_conflicts(
    path: str | os.PathLike[str],
    submission_ids: Collection[str],
    judge_ids: Collection[str],
) -> list[Pair]:
    """Read ``judge_id, submission_id`` rows; every id must be a known one.

    Repeated rows are allowed and collapse into one conflict.
    """
    path = Path(path)
    pairs: dict[Pair, None] = {}
    for line, row in _rows(path, CONFLICT_COLUMNS):
        judge_id, submission_id = row["judge_id"], row["submission_id"]
        if judge_id not in judge_ids:
            raise CsvInputError(
                path, line, f"unknown judge_id {judge_id!r} (not in the judges file)."
            )
        if submission_id not in submission_ids:
            raise CsvInputError(
                path,
                line,
                f"unknown submission_id {submission_id!r} (not in the submissions file).",
            )
        pairs[Pair(submission_id, judge_id)] = None
    return list(pairs)


def write_assignments(path: str | os.PathLike[str], pairs: Iterable[tuple[str, str]]) -> None:
    """Write ``submission_id, judge_id`` rows (UTF-8, header first).

    The file is written next to its destination and renamed into place, so a
    failed run never leaves a half-written assignment behind.
    """
    path = Path(path)
    # A plain open() (not mkstemp) so the file gets the usual umask permissions.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(ASSIGNMENT_COLUMNS)
            writer.writerows(pairs)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
