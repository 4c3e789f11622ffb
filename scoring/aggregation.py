"""Rule 3: combining a submission's judge scores into one score.

* ``mean``: arithmetic mean.
* ``median``: median (mean of the two middle values for an even count).
* ``trimmed``: sort the scores, drop the ``trim`` lowest and the ``trim``
  highest, and take the mean of the rest -- but only when at least three
  scores remain (``n - 2 * trim >= 3``); otherwise the plain mean.

Also the spread used by the disagreement flag (rule 4): the population
standard deviation (``ddof=0``) of the judge scores.

Each group's values are sorted before they are summed, so results do not
depend on the order in which the values come.  Groups are processed in
batches of equal size as rows of a 2-D array (NumPy's row-wise sort, sum and
standard deviation), which is fast because submissions have few judges.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MIN_REMAINING", "aggregate", "group_std", "summarize"]

#: ``trimmed`` only trims when at least this many scores remain afterwards.
MIN_REMAINING = 3


def _batches(values: np.ndarray, group: np.ndarray, n_groups: int):
    """Yield ``(groups, rows)``: the groups with ``m`` values and their sorted values.

    ``rows`` has shape ``(len(groups), m)``, each row sorted ascending.
    """
    values = np.asarray(values, dtype=np.float64)
    group = np.asarray(group, dtype=np.intp)
    if len(group) > 1 and (np.diff(group) < 0).any():
        order = np.argsort(group, kind="stable")
        values, group = values[order], group[order]
    counts = np.bincount(group, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    for m in np.unique(counts):
        if m == 0:
            continue
        groups = np.flatnonzero(counts == m)
        rows = values[starts[groups, None] + np.arange(m)]
        rows.sort(axis=1)
        yield groups, rows


def _trimmed(rows: np.ndarray, method: str, trim: int) -> np.ndarray:
    m = rows.shape[1]
    if method == "median":
        return np.median(rows, axis=1)
    if method == "trimmed" and trim > 0 and m - 2 * trim >= MIN_REMAINING:
        rows = rows[:, trim : m - trim]
    elif method not in ("trimmed", "mean"):
        raise ValueError(f"unknown aggregation {method!r}")
    return rows.sum(axis=1) / rows.shape[1]


def summarize(
    values: np.ndarray, group: np.ndarray, n_groups: int, method: str, trim: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`aggregate` and :func:`group_std` in one pass."""
    score = np.full(n_groups, np.nan)
    std = np.full(n_groups, np.nan)
    for groups, rows in _batches(values, group, n_groups):
        score[groups] = _trimmed(rows, method, trim)
        std[groups] = rows.std(axis=1)
    return score, std


def aggregate(
    values: np.ndarray, group: np.ndarray, n_groups: int, method: str, trim: int = 1
) -> np.ndarray:
    """Aggregate ``values`` per group.

    Parameters
    ----------
    values : ndarray of float, shape (n,)
    group : ndarray of int, shape (n,)
        Group (submission) code ``0 .. n_groups-1`` of each value.
    n_groups : int
    method : {"trimmed", "mean", "median"}
    trim : int
        Values dropped at each end by ``trimmed``.

    Returns
    -------
    ndarray, shape (n_groups,)
        The aggregate of each group, NaN for a group without values.
    """
    return summarize(values, group, n_groups, method, trim)[0]


def group_std(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Population standard deviation (``ddof=0``) per group, NaN for an empty group."""
    return summarize(values, group, n_groups, "mean")[1]
