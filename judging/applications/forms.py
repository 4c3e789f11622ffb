"""The question editor's form: what it shows filled in, and how it is read back, with the
choices typed one per line as ``key | English | 中文``."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar.datastructures import FormMultiDict

from judging.applications.schemas import (
    Bound,
    Choice,
    Help,
    Label,
    Position,
    QuestionFields,
    QuestionKey,
    TextLimit,
    Unit,
)
from judging.applications.tables import QuestionKind, Visibility
from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_
from judging.web.forms import convert, parse_form

CHOICE_LINE_FORMAT = N_(
    "Line %(line)s: write each choice as key | English | 中文, for example seed | Seed | 种子轮."
)


class QuestionForm(msgspec.Struct, kw_only=True):
    """The editor's inputs: :class:`QuestionFields` with the choices as one text."""

    key: QuestionKey
    kind: QuestionKind
    label_en: Label
    label_zh: Label
    help_en: Help = ""
    help_zh: Help = ""
    required: bool = False
    track_id: int | None = None
    max_length: TextLimit | None = None
    min_value: Bound | None = None
    max_value: Bound | None = None
    whole_number: bool = False
    unit: Unit = ""
    choices: Annotated[str, msgspec.Meta(max_length=20000)] = ""
    visibility: Visibility = Visibility.JUDGES
    position: Position | None = None


def parse_choices(text: str) -> list[Choice]:
    """The choices typed one per line; blank lines are skipped, a bad line is named."""
    choices: list[Choice] = []
    errors: list[FieldError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.replace("｜", "|").split("|")]
        if len(parts) != 3:
            errors.append(FieldError("choices", CHOICE_LINE_FORMAT, line=number))
            continue
        try:
            choices.append(
                convert({"key": parts[0], "label_en": parts[1], "label_zh": parts[2]}, Choice)
            )
        except ValidationFailed:
            errors.append(FieldError("choices", CHOICE_LINE_FORMAT, line=number))
    if errors:
        raise ValidationFailed(errors[:1])
    return choices


def parse_question_form(form: FormMultiDict) -> QuestionFields:
    """The editor's form as :class:`QuestionFields`, every bad field reported."""
    errors: list[FieldError] = []
    typed: QuestionForm | None = None
    choices: list[Choice] = []
    try:
        typed = parse_form(form, QuestionForm)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    try:
        choices = parse_choices(str(form.get("choices", "")))
    except ValidationFailed as failed:
        errors.extend(
            error for error in failed.errors if error.field not in {e.field for e in errors}
        )
    if errors or typed is None:
        raise ValidationFailed(errors)
    values = msgspec.structs.asdict(typed)
    values["choices"] = choices
    return QuestionFields(**values)


def choices_text(choices: list[Choice]) -> str:
    return "\n".join(f"{c.key} | {c.label_en} | {c.label_zh}" for c in choices)


def question_form_values(question: Any) -> dict[str, Any]:
    """A stored question as the editor's inputs."""
    values = {name: getattr(question, name) for name in QuestionForm.__struct_fields__}
    values["choices"] = choices_text(question.choices)
    for name in ("required", "whole_number"):
        values[name] = "true" if values[name] else ""
    for name in ("track_id", "max_length", "min_value", "max_value"):
        if values[name] is None:
            values[name] = ""
    return values
