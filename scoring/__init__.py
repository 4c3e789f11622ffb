"""Fair scoring for competition judging: pure pandas/NumPy in, pandas out.

Public API::

    from scoring import Criterion, Rubric, Policy, rank, agreement, advance

    rubric = Rubric(criteria=[Criterion("innovation", 0.6, 0, 10),
                              Criterion("feasibility", 0.4, 0, 10)],
                    tie_breakers=["innovation"])
    result = rank(scores_df, rubric, Policy())       # RankingResult
    result.table                                     # one row per submission
    agreement(scores_df, rubric).krippendorff_alpha  # AgreementResult
    advance(result.table, top_n=10).advancing        # AdvancementResult

The rules are documented in ``docs/scoring.md``.  Nothing here imports the web
application; the only I/O is in :mod:`scoring.files` and :mod:`scoring.cli`.
"""

from .advancement import AdvancementResult, advance
from .errors import ScoringInputError
from .export import ranking_to_csv
from .files import load_rubric, read_scores_csv
from .judge_agreement import AgreementResult, agreement, interval_alpha
from .policy import Policy
from .ranking import RankingResult, rank
from .rubric import Criterion, Rubric
from .scorecards import scorecard_total

__all__ = [
    "AdvancementResult",
    "AgreementResult",
    "Criterion",
    "Policy",
    "RankingResult",
    "Rubric",
    "ScoringInputError",
    "advance",
    "agreement",
    "interval_alpha",
    "load_rubric",
    "rank",
    "ranking_to_csv",
    "read_scores_csv",
    "scorecard_total",
]
