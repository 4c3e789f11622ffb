"""The scoring policy: how judge scores become a ranking."""

from __future__ import annotations

import math
import numbers
from typing import Literal

import msgspec

from .errors import ScoringInputError

__all__ = ["Aggregate", "Normalize", "Policy"]

Normalize = Literal["zscore", "none"]
Aggregate = Literal["trimmed", "mean", "median"]

_NORMALIZE = ("zscore", "none")
_AGGREGATE = ("trimmed", "mean", "median")


def _int(value: object, name: str, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ScoringInputError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ScoringInputError(f"{name} must be >= {minimum}, got {value}")


class Policy(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Options of :func:`scoring.rank`.

    Parameters
    ----------
    normalize : {"zscore", "none"}
        Rule 2.  ``zscore`` maps the judge score ``x`` of a judge ``j`` with at
        least 3 scorecards and non-zero spread to ``M + S * (x - mean_j) / std_j``.
    aggregate : {"trimmed", "mean", "median"}
        Rule 3, how a submission's judge scores are combined.
    trim : int
        For ``trimmed``: how many highest and how many lowest scores are dropped
        (only when at least three remain).  ``>= 0``.
    min_judges : int
        Submissions with fewer complete scorecards are flagged and unranked. ``>= 1``.
    disagreement : float
        Submissions whose judge scores have a population standard deviation above
        this many points are flagged.  ``>= 0``.
    """

    normalize: Normalize = "zscore"
    aggregate: Aggregate = "trimmed"
    trim: int = 1
    min_judges: int = 3
    disagreement: float = 15.0

    def __post_init__(self) -> None:
        if self.normalize not in _NORMALIZE:
            raise ScoringInputError(
                f"normalize must be one of {_NORMALIZE}, got {self.normalize!r}"
            )
        if self.aggregate not in _AGGREGATE:
            raise ScoringInputError(
                f"aggregate must be one of {_AGGREGATE}, got {self.aggregate!r}"
            )
        _int(self.trim, "trim", 0)
        _int(self.min_judges, "min_judges", 1)
        msgspec.structs.force_setattr(self, "trim", int(self.trim))
        msgspec.structs.force_setattr(self, "min_judges", int(self.min_judges))
        value = self.disagreement
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ScoringInputError(f"disagreement must be a number, got {value!r}")
        value = float(value)
        if math.isnan(value) or value < 0:
            raise ScoringInputError(f"disagreement must be >= 0, got {value!r}")
        msgspec.structs.force_setattr(self, "disagreement", value)
