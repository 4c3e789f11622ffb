"""What a judge's scores must be: within each criterion's scale, one decimal place at most,
every criterion scored before submitting; how a score typed into the form is read; and the
weighted total they come to. Pure.

``static/js/scoring.js`` reads and checks a typed score by the same rules, with these same
messages (the page hands them over), so the live total never disagrees with a save.
"""

from __future__ import annotations

import re
import unicodedata
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
# What the scoring form's script says beside a score as the judge types (see scoring.js).
SCORE_MESSAGES = {
    "number": SCORE_NOT_A_NUMBER,
    "scale": SCORE_OUT_OF_SCALE,
    "precision": SCORE_TOO_PRECISE,
}
# Every scale takes tenths: a score has at most this many decimal places.
SCORE_DECIMALS = 1
_STEP = Decimal(1).scaleb(-SCORE_DECIMALS)
# A typed score: digits with an optional decimal point or decimal comma ("7.5", "7,5", ".5").
# No exponent, no thousands separator: "1,000" is one with a decimal comma, never a thousand.
_TYPED_SCORE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def score_from_text(text: str) -> float | None:
    """A score as typed into the form: None when blank, NaN when it is not a number.

    Full-width digits and signs (a Chinese input method's) read as their ASCII forms, and
    the decimal separator may be a point or a comma, since every scale takes decimals.
    """
    typed = unicodedata.normalize("NFKC", text).strip()
    if not typed:
        return None
    if not _TYPED_SCORE.match(typed):
        return float("nan")
    return float(typed.replace(",", "."))


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
        elif number != number.quantize(_STEP):
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
