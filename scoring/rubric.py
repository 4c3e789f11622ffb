"""The rubric: weighted criteria with score ranges, and tie-breakers.

A rubric is what every judge fills in for every submission.  It is a msgspec
``Struct`` so that the web app can store it as JSON and the CLI can read the
``RUBRIC.json`` form::

    {"criteria": [{"key": "innovation", "weight": 0.4, "min": 0, "max": 10,
                   "label": "Innovation"}, ...],
     "tie_breakers": ["innovation"]}

Extra keys (labels, descriptions, ...) are ignored.
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from typing import Any

import msgspec

from .errors import ScoringInputError

__all__ = ["RESERVED_COLUMNS", "WEIGHT_TOLERANCE", "Criterion", "Rubric"]

#: Weights must sum to 1 within this tolerance.
WEIGHT_TOLERANCE = 1e-9

#: Column names used by the inputs and outputs of :mod:`scoring`.  Each
#: criterion gets an output column named by its key, so keys may not collide
#: with these.
RESERVED_COLUMNS = frozenset(
    {
        "submission_id",
        "judge_id",
        "track",
        "criterion",
        "score",
        "score_std",
        "rank",
        "track_rank",
        "n_judges",
        "flagged",
        "judge_score",
        "normalized_score",
        "missing_criteria",
        "status",
    }
)


def _real(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise ScoringInputError(f"{what} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ScoringInputError(f"{what} must be finite, got {value!r}")
    return value


class Criterion(msgspec.Struct, frozen=True):
    """One rubric criterion.

    Parameters
    ----------
    key : str
        Identifier used in the score sheet's ``criterion`` column.
    weight : float
        Share of the judge score, ``>= 0``; the rubric's weights sum to 1.
    min, max : float
        Allowed score range, ``min < max``.  A score ``s`` is scaled to
        ``(s - min) / (max - min) * 100``.
    """

    key: str
    weight: float
    min: float
    max: float

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key:
            raise ScoringInputError(f"criterion key must be a non-empty string, got {self.key!r}")
        if self.key in RESERVED_COLUMNS:
            raise ScoringInputError(
                f"criterion key {self.key!r} is reserved (it names an output column)"
            )
        for name in ("weight", "min", "max"):
            value = _real(getattr(self, name), f"criterion {self.key!r}: {name}")
            msgspec.structs.force_setattr(self, name, value)
        if self.weight < 0:
            raise ScoringInputError(f"criterion {self.key!r}: weight must be >= 0")
        if not self.min < self.max:
            raise ScoringInputError(
                f"criterion {self.key!r}: min ({self.min:g}) must be below max ({self.max:g})"
            )


class Rubric(msgspec.Struct, frozen=True):
    """Criteria and tie-breakers.

    Parameters
    ----------
    criteria : list of Criterion
        Non-empty, keys unique, weights summing to 1 within ``1e-9``.
    tie_breakers : list of str
        Criterion keys, in the order in which they break ties (rule 5).

    Raises
    ------
    ScoringInputError
        When any of the conditions above does not hold.
    """

    criteria: list[Criterion]
    tie_breakers: list[str] = []

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Check the rubric's invariants (done on construction and by every entry point)."""
        if not isinstance(self.criteria, list | tuple) or not self.criteria:
            raise ScoringInputError("rubric must have at least one criterion")
        keys: set[str] = set()
        for criterion in self.criteria:
            if not isinstance(criterion, Criterion):
                raise ScoringInputError(f"rubric criteria must be Criterion, got {criterion!r}")
            if criterion.key in keys:
                raise ScoringInputError(f"criterion key {criterion.key!r} is used twice")
            keys.add(criterion.key)
        total = math.fsum(c.weight for c in self.criteria)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            raise ScoringInputError(
                f"criterion weights must sum to 1 (within {WEIGHT_TOLERANCE:g}), they sum to "
                f"{total!r}"
            )
        seen: set[str] = set()
        for key in self.tie_breakers:
            if key not in keys:
                raise ScoringInputError(f"tie-breaker {key!r} is not a criterion of the rubric")
            if key in seen:
                raise ScoringInputError(f"tie-breaker {key!r} is listed twice")
            seen.add(key)

    @property
    def keys(self) -> list[str]:
        """Criterion keys in rubric order."""
        return [c.key for c in self.criteria]

    @classmethod
    def from_json(cls, data: bytes | str) -> Rubric:
        """Decode the ``RUBRIC.json`` form; unknown keys are ignored.

        Raises
        ------
        ScoringInputError
            For invalid JSON, wrong types or a rubric breaking its invariants.
        """
        try:
            return msgspec.json.decode(data, type=cls)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            raise ScoringInputError(f"invalid rubric: {exc}") from None

    @classmethod
    def from_dict(cls, data: Any) -> Rubric:
        """Build a rubric from already-parsed JSON (dicts and lists)."""
        try:
            return msgspec.convert(data, type=cls)
        except msgspec.ValidationError as exc:
            raise ScoringInputError(f"invalid rubric: {exc}") from None
