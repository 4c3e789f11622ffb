"""Rule 2: per-judge normalization of judge scores.

``zscore`` puts every judge with enough scorecards on the common scale of the
whole competition::

    z      = (x - mean_j) / std_j
    x'     = M + S * z

where ``mean_j`` and ``std_j`` are the mean and population standard deviation
(``ddof=0``) of judge ``j``'s judge scores, and ``M``, ``S`` the mean and
population standard deviation of all complete scorecards' judge scores.  Only
judges with at least :data:`MIN_SCORECARDS` scorecards and ``std_j > 0`` are
normalized; the others keep their raw scores.  Nothing is clipped, so
normalized scores may leave ``[0, 100]``.

A spread of at most :data:`SPREAD_TOLERANCE` points counts as zero: judge
scores that are mathematically equal can differ in the last bits (the
weighted sum is rounded differently for different criterion scores), and
dividing by such a noise-level ``std_j`` would turn rounding into z-scores of
about +/-1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["MIN_SCORECARDS", "SPREAD_TOLERANCE", "Normalization", "judge_moments", "normalize"]

#: A judge needs at least this many scorecards to be normalized.
MIN_SCORECARDS = 3

#: A judge whose judge scores have a population std at most this (in points
#: on the 0-100 scale) has no spread and keeps raw scores.
SPREAD_TOLERANCE = 1e-9


@dataclass(frozen=True, eq=False)
class Normalization:
    """Outcome of :func:`normalize`.

    Attributes
    ----------
    method : str
        ``"zscore"`` or ``"none"``.
    scores : ndarray, shape (n,)
        Normalized judge score of each scorecard.
    target_mean, target_std : float
        ``M`` and ``S``: mean and population std of all raw judge scores
        (NaN when there are no scorecards).
    n_scorecards, mean, std : ndarray, shape (J,)
        Per judge: number of scorecards, mean and population std of raw judge
        scores (NaN for a judge without scorecards).
    normalized : ndarray of bool, shape (J,)
        Whether the judge's scores were rescaled.
    """

    method: str
    scores: np.ndarray
    target_mean: float
    target_std: float
    n_scorecards: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    normalized: np.ndarray


def judge_moments(
    values: np.ndarray, judge: np.ndarray, n_judges: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-judge count, mean and population standard deviation (``ddof=0``).

    Two-pass formulas (mean first, then mean squared deviation), summing in
    the order of ``values``.  Judges without values get count 0 and NaN moments.
    """
    count = np.bincount(judge, minlength=n_judges)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(judge, weights=values, minlength=n_judges) / count
        deviation = values - mean[judge]
        variance = np.bincount(judge, weights=deviation * deviation, minlength=n_judges) / count
    return count.astype(np.int64), mean, np.sqrt(variance)


def normalize(values: np.ndarray, judge: np.ndarray, n_judges: int, method: str) -> Normalization:
    """Normalize judge scores (rule 2).

    Parameters
    ----------
    values : ndarray, shape (n,)
        Raw judge scores, one per complete scorecard, in canonical order.
    judge : ndarray of int, shape (n,)
        Judge code (``0 .. n_judges-1``) of each scorecard.
    n_judges : int
    method : {"zscore", "none"}

    Returns
    -------
    Normalization
    """
    count, mean, std = judge_moments(values, judge, n_judges)
    n = len(values)
    if n:
        target_mean = float(np.mean(values))
        target_std = float(np.std(values))
    else:
        target_mean = target_std = math.nan
    if method == "zscore":
        normalized = (count >= MIN_SCORECARDS) & (std > SPREAD_TOLERANCE)
    elif method == "none":
        normalized = np.zeros(n_judges, dtype=bool)
    else:  # pragma: no cover - Policy validates this
        raise ValueError(f"unknown normalization {method!r}")
    scores = values.copy()
    rescale = normalized[judge]
    if rescale.any():
        j = judge[rescale]
        z = (values[rescale] - mean[j]) / std[j]
        scores[rescale] = target_mean + target_std * z
    return Normalization(
        method=method,
        scores=scores,
        target_mean=target_mean,
        target_std=target_std,
        n_scorecards=count,
        mean=mean,
        std=std,
        normalized=normalized,
    )
