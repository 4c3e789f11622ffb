"""Rule 6: how much the judges agree, and how lenient each one is.

Krippendorff's alpha at the interval level is computed over the raw judge
scores of complete scorecards, with judges as coders and submissions as units
(a judge who did not score a submission is a missing value).  Units scored by
fewer than two judges carry no pairable values and are left out, as in
Krippendorff's definition.

With ``n`` pairable values in total, ``m_u`` values in unit ``u`` and the
interval metric ``(a - b)^2``::

    D_o   = 1/n * sum_u sum_{i != k in u} (v_i - v_k)^2 / (m_u - 1)
          = 2/n * sum_u m_u * SS_u / (m_u - 1)
    D_e   = 1/(n (n-1)) * sum_{i != k} (v_i - v_k)^2
          = 2 * SS / (n - 1)
    alpha = 1 - D_o / D_e

where ``SS_u`` is the sum of squared deviations from the unit mean and ``SS``
the one from the mean of all pairable values.  These closed forms are the
coincidence-matrix formulas of the ``krippendorff`` package (against which the
tests check this function) without its value-by-value matrix, which for
continuous scores would have as many rows and columns as there are distinct
scores.

``alpha`` is undefined -- and reported as ``None`` -- when no submission has
two complete scorecards or when all pairable judge scores are equal (``D_e =
0``; "equal" meaning within :data:`NO_VARIATION` points, so that rounding noise
is not mistaken for variation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .normalization import judge_moments
from .rubric import Rubric
from .scorecards import ScorecardData, build_scorecards

__all__ = [
    "NO_VARIATION",
    "AgreementResult",
    "agreement",
    "agreement_from_scorecards",
    "interval_alpha",
]

#: Pairable values spanning at most this many points count as all equal.
NO_VARIATION = 1e-9


@dataclass(frozen=True, eq=False)
class AgreementResult:
    """Outcome of :func:`agreement`.

    Attributes
    ----------
    krippendorff_alpha : float or None
        Interval alpha over raw judge scores; ``None`` when undefined.
    judges : DataFrame
        One row per judge (sorted by judge_id): ``judge_id``,
        ``n_scorecards``, ``mean`` and ``std`` (population) of their raw judge
        scores, ``leniency`` (mean over their scorecards of judge score minus
        the mean of the other judges' scores of the same submission, over
        submissions that someone else also scored; NaN if none) and
        ``n_compared`` (the number of such scorecards).
    n_units : int
        Submissions with at least two complete scorecards (the units of alpha).
    n_pairable : int
        Judge scores in those submissions.
    incomplete : DataFrame
        Scorecards left out, as in :attr:`scoring.RankingResult.incomplete`.
    """

    krippendorff_alpha: float | None
    judges: pd.DataFrame
    n_units: int
    n_pairable: int
    incomplete: pd.DataFrame

    def to_dict(self) -> dict:
        """JSON-ready form (NaN becomes ``None``)."""
        judges = self.judges.astype(object).where(self.judges.notna(), None)
        return {
            "krippendorff_alpha": self.krippendorff_alpha,
            "n_units": self.n_units,
            "n_pairable": self.n_pairable,
            "judges": judges.to_dict(orient="records"),
            "incomplete": [
                {
                    "submission_id": row.submission_id,
                    "judge_id": row.judge_id,
                    "missing_criteria": list(row.missing_criteria),
                }
                for row in self.incomplete.itertuples(index=False)
            ],
        }


def interval_alpha(values: np.ndarray, unit: np.ndarray) -> float | None:
    """Krippendorff's alpha, interval metric, from long-form ratings.

    Parameters
    ----------
    values : ndarray of float, shape (n,)
        One rating per (coder, unit) pair that was rated; no NaN.
    unit : ndarray of int, shape (n,)
        Unit code of each rating.

    Returns
    -------
    float or None
        ``None`` when undefined (no unit with two ratings, or no variation
        among pairable ratings).
    """
    values = np.asarray(values, dtype=np.float64)
    unit = np.asarray(unit, dtype=np.intp)
    if len(values) == 0:
        return None
    m = np.bincount(unit)
    pairable = m[unit] >= 2
    v, u = values[pairable], unit[pairable]
    n = len(v)
    if n < 2 or v.max() - v.min() <= NO_VARIATION:
        return None
    m_u = np.bincount(u, minlength=len(m)).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit_mean = np.bincount(u, weights=v, minlength=len(m)) / m_u
        deviation = v - unit_mean[u]
        ss_u = np.bincount(u, weights=deviation * deviation, minlength=len(m))
        within = np.sum((m_u * ss_u / (m_u - 1.0))[m_u >= 2])  # sum_u m_u * SS_u / (m_u - 1)
    total = np.sum((v - v.mean()) ** 2)  # SS
    return float(1.0 - (n - 1) / n * within / total)


def agreement(scores: pd.DataFrame, rubric: Rubric) -> AgreementResult:
    """Inter-judge agreement (rule 6).

    Parameters
    ----------
    scores : DataFrame
        Long-form scores as for :func:`scoring.rank`.
    rubric : Rubric

    Returns
    -------
    AgreementResult

    Raises
    ------
    ScoringInputError
        For invalid input.
    """
    return agreement_from_scorecards(build_scorecards(scores, rubric))


def agreement_from_scorecards(data: ScorecardData) -> AgreementResult:
    """:func:`agreement` on already validated scorecards."""
    values, sub, judge = data.judge_score, data.submission, data.judge
    n_judges = len(data.judges)
    alpha = interval_alpha(values, sub)

    count, mean, std = judge_moments(values, judge, n_judges)
    per_sub = np.bincount(sub, minlength=len(data.submissions))
    m = per_sub[sub]
    sums = np.bincount(sub, weights=values, minlength=len(data.submissions))[sub]
    shared = m >= 2
    others = (sums[shared] - values[shared]) / (m[shared] - 1)
    diff = values[shared] - others
    compared = np.bincount(judge[shared], minlength=n_judges)
    with np.errstate(invalid="ignore", divide="ignore"):
        leniency = np.bincount(judge[shared], weights=diff, minlength=n_judges) / compared

    judges = pd.DataFrame(
        {
            "judge_id": data.judges,
            "n_scorecards": count,
            "mean": mean,
            "std": std,
            "leniency": leniency,
            "n_compared": compared,
        }
    )
    units = per_sub >= 2
    return AgreementResult(
        krippendorff_alpha=alpha,
        judges=judges,
        n_units=int(units.sum()),
        n_pairable=int(per_sub[units].sum()),
        incomplete=data.incomplete,
    )
