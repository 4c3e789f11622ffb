"""Answers checked against the questions that ask them, and written out for readers.

Pure: no database, no HTTP. Each question's answer type is built from its definition (a
length limit, bounds, its choices as a ``Literal``), so the entrant's page, the API and the
organizer's import all check an answer with the same type, and every bad answer is reported
at once under ``answers.<key>``.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Literal

import msgspec
from babel.dates import format_date

from judging.addresses import EMAIL_ERROR, EMAIL_PATTERN, WEB_ADDRESS_ERROR, is_web_address
from judging.applications.schemas import AnswerOut, QuestionOut
from judging.applications.tables import QuestionKind
from judging.countries import country_codes, country_name
from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_, format_list_local, format_number_local, translate

Kind = QuestionKind

# A text answer's limit when the question sets none.
DEFAULT_TEXT_LIMIT = {Kind.SHORT_TEXT: 200, Kind.LONG_TEXT: 5000}
URL_LIMIT = 500
EMAIL_LIMIT = 254
# Numbers beyond these are typing mistakes, and inf/NaN cannot be stored as JSON.
NUMBER_LIMIT = 1e15

CHOICE_KINDS = frozenset({Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE})
TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})

NEEDS_ANSWER = N_("This question needs an answer before the project is submitted.")
NOT_A_QUESTION = N_("This application form has no such question.")
ENTER_A_NUMBER = N_("Enter a number.")
ENTER_A_WHOLE_NUMBER = N_("Enter a whole number.")
ENTER_A_DATE = N_("Enter a date such as 2026-03-01.")
CHOOSE_OFFERED = N_("Choose one of the offered values.")
CHOOSE_YES_OR_NO = N_("Choose yes or no.")
AT_MOST = N_("Enter at most %(n)s characters.")
NUMBER_AT_LEAST = N_("Enter a number of at least %(n)s.")
NUMBER_AT_MOST = N_("Enter a number of at most %(n)s.")

YES = N_("Yes")
NO = N_("No")

# Yes/no as typed in a spreadsheet or sent by a form, in either language.
_YES_NO = {
    "yes": True,
    "true": True,
    "y": True,
    "是": True,
    "no": False,
    "false": False,
    "n": False,
    "否": False,
}
# A multiple-choice answer typed as text (an import cell): keys separated by ; or ,
_SEPARATORS = re.compile(r"\s*[;,；，]\s*")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def field_name(key: str) -> str:
    """The field an answer's errors are reported under, and its input's name on the page."""
    return f"answers.{key}"


def applies(question: QuestionOut, track_id: int | None) -> bool:
    """Whether the question is asked of a project in ``track_id`` (every track's questions,
    and that track's own)."""
    return question.track_id is None or question.track_id == track_id


def text_limit(question: QuestionOut) -> int:
    return question.max_length or DEFAULT_TEXT_LIMIT.get(question.kind, 200)


def _bounds(question: QuestionOut) -> tuple[float, float]:
    low = question.min_value if question.min_value is not None else -NUMBER_LIMIT
    high = question.max_value if question.max_value is not None else NUMBER_LIMIT
    return low, high


def answer_type(question: QuestionOut) -> Any:
    """The msgspec type an answer to ``question`` must have (a given answer: never None)."""
    kind = question.kind
    if kind in TEXT_KINDS:
        return Annotated[str, msgspec.Meta(max_length=text_limit(question))]
    if kind == Kind.NUMBER:
        low, high = _bounds(question)
        if question.whole_number:
            return Annotated[int, msgspec.Meta(ge=math.ceil(low), le=math.floor(high))]
        return Annotated[float, msgspec.Meta(ge=low, le=high)]
    if kind == Kind.SINGLE_CHOICE:
        return Literal[tuple(choice.key for choice in question.choices)]
    if kind == Kind.MULTIPLE_CHOICE:
        return list[Literal[tuple(choice.key for choice in question.choices)]]
    if kind == Kind.YES_NO:
        return bool
    if kind == Kind.DATE:
        return datetime.date
    if kind == Kind.URL:
        return Annotated[str, msgspec.Meta(max_length=URL_LIMIT)]
    if kind == Kind.EMAIL:
        return Annotated[str, msgspec.Meta(max_length=EMAIL_LIMIT, pattern=EMAIL_PATTERN)]
    if kind == Kind.COUNTRY:
        return Literal[tuple(sorted(country_codes()))]
    raise ValueError(f"no answer type for {kind!r}")


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not any(not _is_blank(item) for item in value)
    return False


def _number_text(text: str) -> str:
    """A typed number as msgspec reads it: full-width digits and a decimal comma understood,
    thousands separators (1,000,000) dropped, spaces ignored."""
    text = unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("\u202f", "")
    if _THOUSANDS.match(text):
        return text.replace(",", "")
    if text.count(",") == 1 and "." not in text:
        return text.replace(",", ".")
    return text


def _prepared(question: QuestionOut, value: Any) -> Any:
    """The value as sent (form text, JSON, a spreadsheet cell) shaped for the answer type."""
    kind = question.kind
    if isinstance(value, str):
        value = value.strip()
        if kind == Kind.NUMBER:
            return _number_text(value)
        if kind == Kind.YES_NO:
            return _YES_NO.get(value.lower(), value)
        if kind == Kind.MULTIPLE_CHOICE:
            return [part for part in _SEPARATORS.split(value) if part]
        if kind == Kind.COUNTRY:
            return value.upper()
        return value
    if kind == Kind.MULTIPLE_CHOICE and isinstance(value, list | tuple):
        # Each choice once, in the order offered.
        chosen = {str(item).strip() for item in value if not _is_blank(item)}
        offered = [choice.key for choice in question.choices]
        return [key for key in offered if key in chosen] + sorted(chosen - set(offered))
    return value


def _message(question: QuestionOut, error: msgspec.ValidationError) -> FieldError:
    name = field_name(question.key)
    text = str(error)
    kind = question.kind
    if kind in TEXT_KINDS or (kind == Kind.URL and "length" in text):
        limit = text_limit(question) if kind in TEXT_KINDS else URL_LIMIT
        return FieldError(name, AT_MOST, n=limit)
    if kind == Kind.NUMBER:
        low, high = _bounds(question)
        if "<=" in text and high < NUMBER_LIMIT:
            return FieldError(name, NUMBER_AT_MOST, n=format_number_local(high, "en", 0))
        if ">=" in text and low > -NUMBER_LIMIT:
            return FieldError(name, NUMBER_AT_LEAST, n=format_number_local(low, "en", 0))
        return FieldError(name, ENTER_A_WHOLE_NUMBER if question.whole_number else ENTER_A_NUMBER)
    if kind == Kind.DATE:
        return FieldError(name, ENTER_A_DATE)
    if kind == Kind.EMAIL:
        return FieldError(name, EMAIL_ERROR)
    if kind == Kind.YES_NO:
        return FieldError(name, CHOOSE_YES_OR_NO)
    return FieldError(name, CHOOSE_OFFERED)


def read_answer(question: QuestionOut, value: Any) -> Any:
    """One given answer checked and in its stored form (JSON builtins: a date as ISO text);
    :class:`ValidationFailed` naming ``answers.<key>`` when it is not a valid answer."""
    try:
        converted = msgspec.convert(_prepared(question, value), answer_type(question), strict=False)
    except msgspec.ValidationError as error:
        raise ValidationFailed([_message(question, error)]) from None
    if question.kind == Kind.URL and not is_web_address(converted):
        raise ValidationFailed.single(field_name(question.key), WEB_ADDRESS_ERROR)
    return msgspec.to_builtins(converted)


def read_answers(
    questions: Iterable[QuestionOut], sent: Mapping[str, Any], *, complete: bool = False
) -> dict[str, Any]:
    """The answers to ``questions`` among ``sent`` (key -> value), checked, in stored form.

    Blank answers are left out. With ``complete``, a required question left unanswered is an
    error too (submitting; a draft may be saved half done). An answer to a question the
    form does not ask is refused. Every bad answer is reported at once.
    """
    asked = {question.key: question for question in questions}
    errors = [FieldError(field_name(key), NOT_A_QUESTION) for key in sent if key not in asked]
    answers: dict[str, Any] = {}
    for key, question in asked.items():
        value = sent.get(key)
        if _is_blank(value):
            if complete and question.required:
                errors.append(FieldError(field_name(key), NEEDS_ANSWER))
            continue
        try:
            answers[key] = read_answer(question, value)
        except ValidationFailed as failed:
            errors.extend(failed.errors)
    if errors:
        raise ValidationFailed(errors)
    return answers


def invalid_answers(question: QuestionOut, stored: Iterable[Mapping[str, Any]]) -> int:
    """How many of the stored answer sets hold an answer ``question`` would refuse (what a
    change of the question would make of answers already given)."""
    count = 0
    for answers in stored:
        if question.key in answers and not _is_blank(answers[question.key]):
            try:
                read_answer(question, answers[question.key])
            except ValidationFailed:
                count += 1
    return count


# ---------------------------------------------------------------- writing answers out


def _choice_label(question: QuestionOut, key: str, locale: str) -> str:
    for choice in question.choices:
        if choice.key == key:
            return choice.label_zh if locale == "zh_CN" else choice.label_en
    return key


def answer_text(question: QuestionOut, value: Any, locale: str) -> str:
    """An answer written out for a reader of ``locale``: a choice's label, a country's name,
    yes or no, a date in the locale's style, a number with its unit."""
    kind = question.kind
    if kind == Kind.SINGLE_CHOICE:
        return _choice_label(question, str(value), locale)
    if kind == Kind.MULTIPLE_CHOICE:
        return format_list_local([_choice_label(question, key, locale) for key in value], locale)
    if kind == Kind.YES_NO:
        return translate(locale, YES if value else NO)
    if kind == Kind.COUNTRY:
        return country_name(str(value), locale)
    if kind == Kind.DATE:
        day = datetime.date.fromisoformat(str(value))
        return format_date(day, format="medium", locale="zh_Hans_CN" if locale == "zh_CN" else "en")
    if kind == Kind.NUMBER:
        digits = 0 if question.whole_number or float(value).is_integer() else 2
        number = format_number_local(value, locale, digits)
        return f"{number} {question.unit}" if question.unit else number
    return str(value)


def export_text(question: QuestionOut, value: Any) -> str:
    """An answer as a spreadsheet cell, in the shape the import reads back: choice keys
    joined by "; ", yes/no, a date as ISO text, a number as typed."""
    if value is None:
        return ""
    if question.kind == Kind.MULTIPLE_CHOICE:
        return "; ".join(value)
    if question.kind == Kind.YES_NO:
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def shown_answers(
    questions: Iterable[QuestionOut],
    answers: Mapping[str, Any],
    may_read: Callable[[QuestionOut], bool] = lambda question: True,
) -> list[AnswerOut]:
    """The given answers a reader may read, in the form's order, each written out in both
    languages. ``may_read`` is the reader's rule (a judge's: see
    :func:`judging.permissions.judge_may_read_answer`)."""
    shown = []
    for question in questions:
        value = answers.get(question.key)
        if _is_blank(value) or not may_read(question):
            continue
        shown.append(
            AnswerOut(
                key=question.key,
                kind=question.kind,
                label_en=question.label_en,
                label_zh=question.label_zh,
                value=value,
                text_en=answer_text(question, value, "en"),
                text_zh=answer_text(question, value, "zh_CN"),
            )
        )
    return shown


def answers_for_track(
    form: Iterable[QuestionOut],
    track_id: int | None,
    sent: Mapping[str, Any],
    *,
    complete: bool = False,
) -> dict[str, Any]:
    """:func:`read_answers` for a project in ``track_id``, given the whole form: answers to
    questions of other tracks are dropped (an entrant who changes track leaves them behind),
    answers to questions the form does not have at all are refused."""
    form = list(form)
    asked = [question for question in form if applies(question, track_id)]
    other = {question.key for question in form} - {question.key for question in asked}
    return read_answers(
        asked, {key: value for key, value in sent.items() if key not in other}, complete=complete
    )


def written_answers(questions: Iterable[QuestionOut], answers: Mapping[str, Any]) -> list[str]:
    """The answers people wrote in words (the text kinds), for the organizers' search."""
    return [
        str(answers[question.key])
        for question in questions
        if question.kind in TEXT_KINDS and not _is_blank(answers.get(question.key))
    ]
