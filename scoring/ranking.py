"""The main entry point: from long-form scores to a ranking (rules 1-5)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .aggregation import summarize
from .errors import ScoringInputError
from .judge_agreement import AgreementResult, agreement_from_scorecards
from .normalization import Normalization, normalize
from .policy import Policy
from .rubric import Rubric
from .scorecards import ScorecardData, build_scorecards
from .ties import competition_ranks

__all__ = [
    "DEFAULT_POLICY",
    "SCORECARD_COLUMNS",
    "TABLE_COLUMNS",
    "RankingResult",
    "rank",
    "rank_scorecards",
]

#: Leading columns of :attr:`RankingResult.table` (one per criterion follows).
TABLE_COLUMNS = (
    "submission_id",
    "track",
    "score",
    "rank",
    "track_rank",
    "n_judges",
    "flagged",
    "score_std",
)
#: Leading columns of :attr:`RankingResult.scorecards` (one per criterion follows).
SCORECARD_COLUMNS = ("submission_id", "judge_id", "track", "judge_score", "normalized_score")


@dataclass(frozen=True, eq=False)
class RankingResult:
    """Outcome of :func:`rank`.

    Attributes
    ----------
    table : DataFrame
        One row per submission (also those with only incomplete scorecards),
        ordered by overall rank, then submission_id; unranked submissions
        last, by score (best first, missing last), then submission_id.
        Columns:

        ``submission_id``, ``track`` (missing when the input has no track),
        ``score`` (aggregate of normalized judge scores; NaN without complete
        scorecards), ``rank`` and ``track_rank`` (nullable ``Int64``, NA when
        unranked; without a track column the whole field is one track, so
        ``track_rank == rank``), ``n_judges`` (complete scorecards),
        ``flagged`` (bool), ``score_std`` (population std of the normalized
        judge scores), then one column per criterion key: the mean over the
        submission's scorecards of the scaled 0-100 raw score.
    scorecards : DataFrame
        One row per complete scorecard, by submission_id then judge_id:
        ``submission_id, judge_id, track, judge_score`` (rule 1, raw),
        ``normalized_score`` (rule 2), then each criterion's scaled 0-100 score.
    incomplete : DataFrame
        Scorecards left out: ``submission_id, judge_id, track,
        missing_criteria`` (tuple of criterion keys).
    judges : DataFrame
        Normalization per judge: ``judge_id, n_scorecards, mean, std``
        (population, raw judge scores) and ``normalized`` (bool).
    target_mean, target_std : float
        ``M`` and ``S`` of rule 2.
    policy : Policy
    rubric : Rubric
    data : ScorecardData
        The validated scorecards (internal arrays), kept for :meth:`agreement`.
    """

    table: pd.DataFrame
    scorecards: pd.DataFrame
    incomplete: pd.DataFrame
    judges: pd.DataFrame
    target_mean: float
    target_std: float
    policy: Policy
    rubric: Rubric
    data: ScorecardData = field(repr=False)

    def agreement(self) -> AgreementResult:
        """:func:`scoring.agreement` of the same scores, without validating them again."""
        return agreement_from_scorecards(self.data)


#: The default policy (immutable, so safe as a default argument).
DEFAULT_POLICY = Policy()


def rank(scores: pd.DataFrame, rubric: Rubric, policy: Policy = DEFAULT_POLICY) -> RankingResult:
    """Score and rank submissions.

    Parameters
    ----------
    scores : DataFrame
        Long form: ``submission_id, judge_id, criterion, score`` and optional
        ``track``, one row per score (see :func:`scoring.scorecards.build_scorecards`).
    rubric : Rubric
    policy : Policy
        Defaults to ``Policy()``: zscore normalization, trimmed mean with
        ``trim=1``, ``min_judges=3``, ``disagreement=15``.

    Returns
    -------
    RankingResult

    Raises
    ------
    ScoringInputError
        For invalid input; ``row`` is the DataFrame position plus 2.

    Notes
    -----
    1. Judge score of a complete scorecard:
       ``sum_c w_c * (s_c - min_c) / (max_c - min_c) * 100``.
    2. ``zscore``: ``M + S * (x - mean_j) / std_j`` for judges with >= 3
       scorecards and ``std_j > 0`` (population statistics).
    3. Aggregate per submission: ``trimmed`` (drop ``trim`` highest and lowest
       if at least three remain), ``mean`` or ``median``.
    4. Flagged: ``score_std > disagreement`` or ``n_judges < min_judges``.
    5. Rank (overall and per track) by score, ties within ``1e-9`` broken by
       the tie-breaker criteria's means, still tied share the rank; submissions
       with ``n_judges < min_judges`` are not ranked.
    """
    if not isinstance(policy, Policy):
        raise ScoringInputError(f"policy must be a Policy, got {type(policy).__name__}")
    return rank_scorecards(build_scorecards(scores, rubric), policy)


def rank_scorecards(data: ScorecardData, policy: Policy) -> RankingResult:
    """Rules 2-5 on already validated scorecards (see :func:`rank`)."""
    rubric = data.rubric
    keys = rubric.keys
    n_subs = len(data.submissions)
    sub = data.submission

    norm: Normalization = normalize(
        data.judge_score, data.judge, len(data.judges), policy.normalize
    )
    n_cards = np.bincount(sub, minlength=n_subs)
    score, score_std = summarize(norm.scores, sub, n_subs, policy.aggregate, policy.trim)
    criterion_means = _group_means(data.scaled, n_cards)
    few = n_cards < policy.min_judges
    flagged = few | (score_std > policy.disagreement)

    ranked = np.flatnonzero(~few)
    tie_keys = [score[ranked]] + [
        criterion_means[ranked, keys.index(key)] for key in rubric.tie_breakers
    ]
    by_score = np.argsort(-tie_keys[0])
    overall = np.full(n_subs, -1, dtype=np.int64)
    overall[ranked] = competition_ranks(tie_keys, order=by_score)
    if (data.submission_track < 0).all():  # one track: the whole field
        in_track = overall
    else:
        in_track = np.full(n_subs, -1, dtype=np.int64)
        tracks = data.submission_track[ranked]
        in_track[ranked] = competition_ranks(tie_keys, partition=tracks, order=by_score)

    order = _table_order(overall, score)
    track = data.submission_track_labels()
    ordered_means = criterion_means[order]
    table = pd.DataFrame(
        {
            "submission_id": data.submissions.take(order),
            "track": track.take(order),
            "score": score[order],
            "rank": _nullable(overall[order]),
            "track_rank": _nullable(in_track[order]),
            "n_judges": n_cards[order].astype(np.int64),
            "flagged": flagged[order],
            "score_std": score_std[order],
            **{key: ordered_means[:, k] for k, key in enumerate(keys)},
        }
    )
    scorecards = pd.DataFrame(
        {
            "submission_id": data.submissions.take(sub),
            "judge_id": data.judges.take(data.judge),
            "track": track.take(sub),
            "judge_score": data.judge_score,
            "normalized_score": norm.scores,
            **{key: data.scaled[k] for k, key in enumerate(keys)},
        }
    )

    judges = pd.DataFrame(
        {
            "judge_id": data.judges,
            "n_scorecards": norm.n_scorecards,
            "mean": norm.mean,
            "std": norm.std,
            "normalized": norm.normalized,
        }
    )
    return RankingResult(
        table=table,
        scorecards=scorecards,
        incomplete=data.incomplete,
        judges=judges,
        target_mean=norm.target_mean,
        target_std=norm.target_std,
        policy=policy,
        rubric=rubric,
        data=data,
    )


def _group_means(rows: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Means of each row of ``rows`` (shape (C, n)) over consecutive groups of ``counts``.

    Returns shape ``(len(counts), C)``, NaN for empty groups.
    """
    means = np.full((len(counts), rows.shape[0]), np.nan)
    present = counts > 0
    if present.any():
        starts = (np.cumsum(counts) - counts)[present]
        sums = np.add.reduceat(rows, starts, axis=1)
        means[present] = (sums / counts[present]).T
    return means


def _nullable(ranks: np.ndarray) -> pd.arrays.IntegerArray:
    """Ranks as nullable ``Int64``; ``-1`` becomes NA."""
    missing = ranks < 0
    return pd.arrays.IntegerArray(np.where(missing, 0, ranks).astype(np.int64), missing)


def _table_order(overall: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Ranked first by (rank, submission); then unranked by (score desc, submission).

    Submission codes follow sorted ids, so a code order is the id order.
    """
    codes = np.arange(len(overall), dtype=np.int64)
    ranked = overall >= 0
    first = codes[ranked][np.argsort(overall[ranked] * len(overall) + codes[ranked])]
    rest = codes[~ranked]
    rest_score = score[rest]
    descending = np.where(np.isnan(rest_score), np.inf, -rest_score)
    return np.concatenate([first, rest[np.lexsort((rest, descending))]])
