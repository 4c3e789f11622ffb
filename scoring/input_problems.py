"""What is wrong with long-form scores, said for the earliest offending row.

:func:`scoring.scorecards.build_scorecards` finds bad rows with array checks;
the functions here explain the first of them in words, naming the CSV line
(header line 1, first data row line 2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cells import empty_cells, is_empty, parse_scores
from .errors import ScoringInputError
from .rubric import Rubric

__all__ = ["blank_row", "check_tracks", "raise_duplicate", "row_problem", "show"]


def show(value: object) -> str:
    """An identifier or cell as a message names it (strings quoted)."""
    return repr(value) if isinstance(value, str) else str(value)


def blank_row(columns: dict[str, pd.Series], i: int) -> bool:
    """Whether every cell of row ``i`` is empty (such rows are ignored)."""
    return all(is_empty(column.iloc[i]) for column in columns.values())


def row_problem(columns: dict[str, pd.Series], rubric: Rubric, i: int) -> str:
    """Describe what is wrong with row ``i`` (first problem in column order)."""
    for name in ("submission_id", "judge_id", "criterion"):
        if is_empty(columns[name].iloc[i]):
            return f"empty {name}"
    key = columns["criterion"].iloc[i]
    if key not in rubric.keys:
        return f"unknown criterion {show(key)}"
    raw = columns["score"].iloc[i]
    if is_empty(raw):
        return "empty score"
    value = parse_scores(columns["score"].iloc[i : i + 1])[0]
    if np.isnan(value):
        return f"score {show(raw)} is not a number"
    criterion = rubric.criteria[rubric.keys.index(key)]
    return (
        f"score {show(raw)} for criterion {key!r} is outside [{criterion.min:g}, {criterion.max:g}]"
    )


def raise_duplicate(perm, sorted_cell, repeated, submissions, judges, rubric, line):
    """Report the earliest row that repeats an earlier row's cell."""
    later = perm[repeated + 1]
    k = int(np.argmin(later))
    position = int(repeated[k])
    start = int(np.searchsorted(sorted_cell, sorted_cell[position]))
    cell = int(sorted_cell[position])
    n_crit = len(rubric.criteria)
    pair, criterion = divmod(cell, n_crit)
    submission, judge = divmod(pair, len(judges))
    raise ScoringInputError(
        f"duplicate score for submission {show(submissions[submission])}, judge "
        f"{show(judges[judge])}, criterion {rubric.keys[criterion]!r} "
        f"(first given on line {line(int(perm[start]))})",
        row=line(int(later[k])),
    )


def check_tracks(track_values, representative, s_codes, submissions, line, labels=None):
    """Every row of a submission must name the same track (or all none).

    ``labels`` is given when ``track_values`` are category codes.  Raises for
    the earliest row whose track differs from the track on the earliest row of
    the same submission.
    """
    expected = representative[s_codes]
    differs = np.flatnonzero(expected != track_values)
    if not len(differs):
        return

    def empty(values):
        return values < 0 if labels is not None else empty_cells(values)

    def name(value, missing):
        if missing:
            return "no track"
        return f"track {show(labels[value] if labels is not None else value)}"

    conflict = differs[~(empty(track_values[differs]) & empty(expected[differs]))]
    if not len(conflict):
        return
    rows = np.flatnonzero(np.isin(s_codes, np.unique(s_codes[conflict])))
    first = pd.Series(rows).groupby(s_codes[rows]).transform("min").to_numpy()
    here, there = track_values[rows], track_values[first]
    empty_here, empty_there = empty(here), empty(there)
    same = (empty_here & empty_there) | (~empty_here & ~empty_there & (here == there))
    k = int(np.flatnonzero(~same)[0])
    raise ScoringInputError(
        f"submission {show(submissions[s_codes[rows[k]]])} is in "
        f"{name(here[k], empty_here[k])} here but in {name(there[k], empty_there[k])} "
        f"on line {line(int(first[k]))}",
        row=line(int(rows[k])),
    )
