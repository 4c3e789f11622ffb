"""What a judge's scores must be: within each criterion's scale, one decimal place at most,
every criterion scored before submitting; and the weighted total they come to. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import scoring
from judging.competitions.rubric import to_scoring_rubric
from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_

SCORE_REQUIRED = N_("Score this criterion before submitting.")
SCORE_NOT_A_NUMBER = N_("Enter a number.")
SCORE_OUT_OF_SCALE = N_("Enter a score from %(min)s to %(max)s.")
SCORE_TOO_PRECISE = N_("Use at most one decimal place, such as 7.5.")
UNKNOWN_CRITERION = N_("The rubric of this round has no such criterion.")
_TENTH = Decimal("0.1")


def check_scores(
    rows: Iterable[Mapping[str, Any]], scores: Mapping[str, float | None], complete: bool
) -> dict[str, int | float]:
    """The valid scores of a save, keyed by criterion, else :class:`ValidationFailed`.

    Each score lies within its criterion's scale and has at most one decimal place; with
    ``complete`` every criterion needs one. Errors name ``scores.<criterion key>``.
    """
    criteria = list(rows)
    known = {row["key"] for row in criteria}
    errors = [FieldError(f"scores.{key}", UNKNOWN_CRITERION) for key in scores if key not in known]
    values: dict[str, int | float] = {}
    for row in criteria:
        field = f"scores.{row['key']}"
        value = scores.get(row["key"])
        if value is None:
            if complete:
                errors.append(FieldError(field, SCORE_REQUIRED))
            continue
        try:
            number = Decimal(repr(float(value)))
        except (InvalidOperation, TypeError, ValueError, OverflowError):
            number = Decimal("NaN")
        if not number.is_finite():
            errors.append(FieldError(field, SCORE_NOT_A_NUMBER))
        elif not row["scale_min"] <= number <= row["scale_max"]:
            errors.append(
                FieldError(field, SCORE_OUT_OF_SCALE, min=row["scale_min"], max=row["scale_max"])
            )
        elif number != number.quantize(_TENTH):
            errors.append(FieldError(field, SCORE_TOO_PRECISE))
        else:
            values[row["key"]] = (
                int(number) if number == number.to_integral_value() else float(number)
            )
    if errors:
        raise ValidationFailed(errors)
    return values


def card_total(rows: list[dict[str, Any]], values: Mapping[str, int | float]) -> float | None:
    """The weighted 0-100 total of a complete card (exactly as scoring ranks it), else None."""
    if any(row["key"] not in values for row in rows):
        return None
    return scoring.scorecard_total(to_scoring_rubric(rows), values)
