"""A message's placeholders: which each audience may use, checked before anything is sent,
and filled in per recipient and language. Pure.

Placeholders are written ``{name}``; a brace is written twice (``{{``) to stand for itself.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_
from judging.messages.schemas import MessageFields

PLACEHOLDERS = {
    # name: the recipient; project: their projects' titles; track, round, deadline (the
    # submission deadline, or the round's judging deadline for judges); result: taking part
    # in the segment's round or not; left: cards to submit.
    "entrants": ("name", "project", "track", "round", "result", "deadline"),
    "judges": ("name", "round", "left", "deadline"),
}
TEXT_FIELDS = ("subject_en", "subject_zh", "body_en", "body_zh")

UNKNOWN_PLACEHOLDER = N_("{%(name)s} is not a placeholder of this message. Use: %(placeholders)s.")
UNPAIRED_BRACE = N_("A { or } is not paired. Write {{ or }} for a brace itself.")


def placeholders_of(text: str) -> list[str]:
    """The placeholder names ``text`` uses, in order; :class:`ValueError` for a lone brace."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def check_texts(fields: MessageFields) -> None:
    """Every text uses only its audience's placeholders, each brace paired;
    :class:`ValidationFailed` naming each text that does not."""
    allowed = PLACEHOLDERS[fields.audience]
    listed = ", ".join("{" + name + "}" for name in allowed)
    errors = []
    for field in TEXT_FIELDS:
        try:
            used = placeholders_of(getattr(fields, field))
        except ValueError:
            errors.append(FieldError(field, UNPAIRED_BRACE))
            continue
        unknown = next((name for name in used if name not in allowed), None)
        if unknown is not None:
            errors.append(FieldError(field, UNKNOWN_PLACEHOLDER, name=unknown, placeholders=listed))
    if errors:
        raise ValidationFailed(errors)


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with its placeholders replaced (checked by :func:`check_texts` first)."""
    return text.format_map({name: values.get(name, "") for name in placeholders_of(text)})
