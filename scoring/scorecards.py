"""Validated long-form scores turned into scorecards and judge scores (rule 1).

Input is long form, one row per ``(submission_id, judge_id, criterion, score)``
with an optional ``track``.  A *scorecard* is a ``(judge, submission)`` pair with
a score for every criterion of the rubric; its *judge score* is

.. math:: \\sum_c w_c \\cdot \\frac{s_c - \\min_c}{\\max_c - \\min_c} \\cdot 100

evaluated criterion by criterion in rubric order (the same floating-point
operations as :func:`scorecard_total`, so both give bit-identical results).
Incomplete scorecards are set aside and reported.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from .cells import criterion_codes, encode, parse_scores, sort_rows, track_cells
from .errors import ScoringInputError
from .identifiers import canonical_codes, take_labels
from .input_problems import blank_row, check_tracks, raise_duplicate, row_problem
from .rubric import Rubric

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ScorecardData",
    "build_scorecards",
    "scorecard_total",
]

REQUIRED_COLUMNS = ("submission_id", "judge_id", "criterion", "score")
OPTIONAL_COLUMNS = ("track",)

#: Rows are numbered like CSV lines: header is line 1, the first data row line 2.
FIRST_ROW = 2


def scorecard_total(rubric: Rubric, scores: Mapping[str, float]) -> float:
    """Judge score of one complete scorecard (rule 1), for live totals in forms.

    Parameters
    ----------
    rubric : Rubric
    scores : mapping of criterion key to score
        Exactly the rubric's criteria, each within ``[min, max]``.

    Returns
    -------
    float
        ``sum_c weight_c * (score_c - min_c) / (max_c - min_c) * 100``, summed in
        rubric order starting from ``0.0``; bit-identical to the ``judge_score``
        that :func:`scoring.rank` computes for the same scorecard.

    Raises
    ------
    ScoringInputError
        For a missing or unknown criterion, or a score that is not a number or
        lies outside its range.
    """
    rubric.validate()
    unknown = sorted(set(scores) - set(rubric.keys), key=str)
    if unknown:
        raise ScoringInputError(f"unknown criterion {unknown[0]!r}")
    missing = [key for key in rubric.keys if key not in scores]
    if missing:
        raise ScoringInputError(f"no score for criterion {', '.join(map(repr, missing))}")
    total = 0.0
    for criterion in rubric.criteria:
        value = scores[criterion.key]
        if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
            raise ScoringInputError(
                f"score {value!r} for criterion {criterion.key!r} is not a number"
            )
        value = float(value)
        if math.isnan(value):
            raise ScoringInputError(f"score for criterion {criterion.key!r} is not a number")
        if not criterion.min <= value <= criterion.max:
            raise ScoringInputError(
                f"score {value:g} for criterion {criterion.key!r} is outside "
                f"[{criterion.min:g}, {criterion.max:g}]"
            )
        scaled = (value - criterion.min) / (criterion.max - criterion.min) * 100.0
        total = total + criterion.weight * scaled
    return total


@dataclass(frozen=True, eq=False)
class ScorecardData:
    """Complete scorecards in canonical order (by submission, then judge).

    Attributes
    ----------
    rubric : Rubric
    submissions, judges, tracks : Index
        Sorted identifiers; the arrays below hold positions into them.
        ``submissions`` includes submissions that only have incomplete scorecards.
    has_track : bool
        Whether the input had a ``track`` column.
    submission_track : ndarray, shape (S,)
        Track code of each submission, ``-1`` when it has none.
    submission, judge : ndarray, shape (n,)
        Submission and judge code of each complete scorecard.
    scaled : ndarray, shape (C, n)
        ``(score - min) / (max - min) * 100``, one row per criterion in rubric
        order (criterion-major, so each criterion's scores are contiguous).
    judge_score : ndarray, shape (n,)
        Rule 1 judge score.
    incomplete : DataFrame
        ``submission_id, judge_id, track, missing_criteria`` (a tuple of keys)
        for every scorecard left out.
    """

    rubric: Rubric
    submissions: pd.Index
    judges: pd.Index
    tracks: pd.Index
    has_track: bool
    submission_track: np.ndarray
    submission: np.ndarray
    judge: np.ndarray
    scaled: np.ndarray
    judge_score: np.ndarray
    incomplete: pd.DataFrame

    def submission_track_labels(self) -> pd.Index:
        """Track of every submission (missing where it has none)."""
        return take_labels(self.tracks, self.submission_track)


def _column(scores: pd.DataFrame, name: str) -> pd.Series:
    column = scores[name]
    if isinstance(column, pd.DataFrame):
        raise ScoringInputError(f"column {name!r} appears more than once", row=1)
    return column


def build_scorecards(scores: pd.DataFrame, rubric: Rubric) -> ScorecardData:
    """Validate long-form scores and assemble complete scorecards.

    Parameters
    ----------
    scores : DataFrame
        Columns ``submission_id, judge_id, criterion, score`` and optionally
        ``track``; other columns are ignored.  Identifiers may be numbers or
        strings.  Rows whose every one of these cells is empty are ignored.
        (A categorical ``criterion`` column is the fastest to validate.)
    rubric : Rubric

    Returns
    -------
    ScorecardData

    Raises
    ------
    ScoringInputError
        For a missing column, an empty identifier, an unknown criterion, a
        score that is empty, not a number or outside ``[min, max]``, two rows
        for the same ``(submission, judge, criterion)``, or a submission given
        two different tracks.  ``row`` is the position in ``scores`` plus 2
        (the CSV line number, header being line 1).  Row-level problems are
        reported for the earliest offending row.
    """
    if not isinstance(scores, pd.DataFrame):
        raise ScoringInputError(f"scores must be a pandas DataFrame, got {type(scores).__name__}")
    if not isinstance(rubric, Rubric):
        raise ScoringInputError(f"rubric must be a Rubric, got {type(rubric).__name__}")
    rubric.validate()
    missing_columns = [name for name in REQUIRED_COLUMNS if name not in scores.columns]
    if missing_columns:
        found = ", ".join(map(str, scores.columns)) or "none"
        raise ScoringInputError(
            f"missing column {', '.join(map(repr, missing_columns))} (found: {found})", row=1
        )
    has_track = "track" in scores.columns
    columns = {name: _column(scores, name) for name in REQUIRED_COLUMNS}
    if has_track:
        columns["track"] = _column(scores, "track")

    s_codes, s_labels, s_canonical = encode(columns["submission_id"])
    j_codes, j_labels, j_canonical = encode(columns["judge_id"])
    c_codes = criterion_codes(columns["criterion"], rubric.keys)
    values = parse_scores(columns["score"])
    mins = np.array([c.min for c in rubric.criteria])
    maxs = np.array([c.max for c in rubric.criteria])

    # Row-level checks, all at once; the slow path explains the earliest bad row.
    bad = (c_codes < 0) | np.isnan(values)
    for codes, canonical in ((s_codes, s_canonical), (j_codes, j_canonical)):
        if not canonical:  # integer identifiers are never empty
            bad |= codes < 0
    if (mins == mins[0]).all() and (maxs == maxs[0]).all():
        bad |= (values < mins[0]) | (values > maxs[0])
    else:
        safe_c = np.maximum(c_codes, 0)
        bad |= (values < mins[safe_c]) | (values > maxs[safe_c])
    rows = None
    if bad.any():
        suspects = np.flatnonzero(bad)
        for i in suspects:  # blank rows are fine; the first other bad row is reported
            if not blank_row(columns, int(i)):
                raise ScoringInputError(
                    row_problem(columns, rubric, int(i)), row=int(i) + FIRST_ROW
                )
        keep = np.ones(len(bad), dtype=bool)
        keep[suspects] = False
        rows = np.flatnonzero(keep)
        s_codes, j_codes, c_codes, values = (
            s_codes[rows],
            j_codes[rows],
            c_codes[rows],
            values[rows],
        )

    def line(i: int) -> int:
        return int(i if rows is None else rows[i]) + FIRST_ROW

    if rows is not None or not s_canonical:
        s_codes, s_labels = canonical_codes(s_codes, s_labels)
    if rows is not None or not j_canonical:
        j_codes, j_labels = canonical_codes(j_codes, j_labels)
    submissions, judges = s_labels, j_labels
    n_subs, n_judges, n_crit = len(submissions), len(judges), len(rubric.criteria)

    # Sort the rows by (submission, judge, criterion): scorecards get numbers in
    # canonical order and duplicates end up next to each other.
    cell = s_codes.astype(np.int64)
    cell *= n_judges
    cell += j_codes
    cell *= n_crit
    cell += c_codes
    perm, sorted_cell = sort_rows(cell, n_subs * n_judges * n_crit)
    repeated = np.flatnonzero(sorted_cell[1:] == sorted_cell[:-1])
    if len(repeated):
        raise_duplicate(perm, sorted_cell, repeated, submissions, judges, rubric, line)
    sorted_pair = sorted_cell // n_crit
    pair_starts = np.ones(len(sorted_pair), dtype=bool)
    pair_starts[1:] = sorted_pair[1:] != sorted_pair[:-1]
    pair_keys = sorted_pair[pair_starts]
    pair_first = np.flatnonzero(pair_starts)  # sorted position of each scorecard's first row
    pair_size = np.diff(np.append(pair_first, len(sorted_pair)))
    complete = pair_size == n_crit
    # Rows of complete scorecards, in sorted order, fill a (scorecard, criterion) grid.
    if complete.all():
        grid = values[perm]
        missing = []
    else:
        in_complete = np.repeat(complete, pair_size)
        grid = values[perm[in_complete]]
        gap_cells = sorted_cell[~in_complete]
        gap_pair = np.cumsum(pair_starts[~in_complete]) - 1
        present = np.zeros((int(gap_pair[-1]) + 1, n_crit), dtype=bool)
        present[gap_pair, gap_cells % n_crit] = True
        keys = np.array(rubric.keys, dtype=object)
        missing = [tuple(keys[~row]) for row in present]
    grid = grid.reshape(-1, n_crit)

    pair_sub = (pair_keys // n_judges).astype(np.intp)
    pair_judge = (pair_keys % n_judges).astype(np.intp)

    # Tracks: one per submission.
    submission_track = np.full(n_subs, -1, dtype=np.intp)
    tracks = pd.Index([], dtype=object)
    if has_track:
        track_values, t_labels = track_cells(columns["track"])
        if rows is not None:
            track_values = track_values[rows]
        # Each submission's track is the one on its first row in sorted order.
        first_pairs = np.ones(len(pair_sub), dtype=bool)
        first_pairs[1:] = pair_sub[1:] != pair_sub[:-1]
        representative = track_values[perm[pair_first[first_pairs]]]
        check_tracks(track_values, representative, s_codes, submissions, line, t_labels)
        if t_labels is None:
            t_codes, t_labels, _ = encode(pd.Series(representative))
        else:
            t_codes = representative.astype(np.intp)
        has_some = t_codes >= 0
        if has_some.any():
            t_codes[has_some], tracks = canonical_codes(t_codes[has_some], t_labels)
        submission_track = t_codes

    # (score - min) / (max - min) * 100, the operations of scorecard_total, in place,
    # criterion-major so that each criterion's scores are contiguous.
    scaled = np.ascontiguousarray(grid.T)
    scaled -= mins[:, None]
    scaled /= (maxs - mins)[:, None]
    scaled *= 100.0
    judge_score = np.zeros(scaled.shape[1])
    for k, criterion in enumerate(rubric.criteria):
        judge_score += criterion.weight * scaled[k]

    gaps = np.flatnonzero(~complete)
    incomplete = pd.DataFrame(
        {
            "submission_id": submissions.take(pair_sub[gaps]),
            "judge_id": judges.take(pair_judge[gaps]),
            "track": take_labels(tracks, submission_track[pair_sub[gaps]]),
            "missing_criteria": missing,
        }
    )
    return ScorecardData(
        rubric=rubric,
        submissions=submissions,
        judges=judges,
        tracks=tracks,
        has_track=has_track,
        submission_track=submission_track,
        submission=pair_sub[complete],
        judge=pair_judge[complete],
        scaled=scaled,
        judge_score=judge_score,
        incomplete=incomplete,
    )
