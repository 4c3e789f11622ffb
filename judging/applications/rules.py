"""The rules of a question that its types cannot say: which settings fit its kind, choices
that make sense, bounds in order, keys the exports do not use already. Pure."""

from __future__ import annotations

import msgspec

from judging.applications.answers import CHOICE_KINDS, TEXT_KINDS
from judging.applications.schemas import RESERVED_KEYS, QuestionFields
from judging.applications.tables import QuestionKind
from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_

KEY_TAKEN_BY_PROJECT = N_(
    "This key names a project column in the exports already; choose another one."
)
NEEDS_CHOICES = N_("A choice question offers at least two choices.")
CHOICE_KEYS_REPEAT = N_("Each choice needs a key of its own: %(key)s is used twice.")
BOUNDS_REVERSED = N_("The smallest allowed number is larger than the largest.")


def check_question(fields: QuestionFields) -> QuestionFields:
    """The question as stored: settings its kind does not use cleared, everything else
    checked; :class:`ValidationFailed` naming every bad field."""
    errors: list[FieldError] = []
    if fields.key in RESERVED_KEYS:
        errors.append(FieldError("key", KEY_TAKEN_BY_PROJECT))
    kind = fields.kind
    if kind in CHOICE_KINDS:
        if len(fields.choices) < 2:
            errors.append(FieldError("choices", NEEDS_CHOICES))
        seen: set[str] = set()
        for choice in fields.choices:
            if choice.key in seen:
                errors.append(FieldError("choices", CHOICE_KEYS_REPEAT, key=choice.key))
                break
            seen.add(choice.key)
    if (
        kind == QuestionKind.NUMBER
        and fields.min_value is not None
        and fields.max_value is not None
        and fields.min_value > fields.max_value
    ):
        errors.append(FieldError("min_value", BOUNDS_REVERSED))
    if errors:
        raise ValidationFailed(errors)
    number = kind == QuestionKind.NUMBER
    return msgspec.structs.replace(
        fields,
        max_length=fields.max_length if kind in TEXT_KINDS else None,
        min_value=fields.min_value if number else None,
        max_value=fields.max_value if number else None,
        whole_number=fields.whole_number if number else False,
        unit=fields.unit.strip() if number else "",
        choices=fields.choices if kind in CHOICE_KINDS else [],
    )
