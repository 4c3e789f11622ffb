"""Answers are checked with types built from their questions, every bad answer reported at
once under answers.<key>, and written out for readers in both languages. Pure: no database."""

from __future__ import annotations

import pytest

from judging.applications.answers import (
    answer_text,
    answers_for_track,
    export_text,
    invalid_answers,
    read_answer,
    read_answers,
    shown_answers,
    written_answers,
)
from judging.applications.rules import check_question
from judging.applications.schemas import RESERVED_KEYS, Choice, QuestionFields, QuestionOut
from judging.applications.tables import QuestionKind, Visibility
from judging.errors import ValidationFailed
from judging.permissions import judge_may_read_answer
from judging.submissions.exports import COLUMNS
from judging.submissions.project_imports import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from judging.submissions.schemas import ProjectFields

K = QuestionKind
STAGES = [
    Choice(key="idea", label_en="Idea", label_zh="创意"),
    Choice(key="pilot", label_en="Pilot customers", label_zh="试点客户"),
    Choice(key="revenue", label_en="Revenue", label_zh="已有收入"),
]


def question(key: str, kind: QuestionKind, **settings) -> QuestionOut:
    values = {
        "id": 1,
        "competition_id": 1,
        "track_id": None,
        "key": key,
        "position": 0,
        "kind": kind,
        "label_en": key.title(),
        "label_zh": key,
        "help_en": "",
        "help_zh": "",
        "required": False,
        "max_length": None,
        "min_value": None,
        "max_value": None,
        "whole_number": False,
        "unit": "",
        "choices": [],
        "visibility": Visibility.JUDGES,
    }
    values.update(settings)
    return QuestionOut(**values)


STAGE = question("stage", K.SINGLE_CHOICE, choices=STAGES, required=True)
CHANNELS = question("channels", K.MULTIPLE_CHOICE, choices=STAGES)
FUNDING = question("funding", K.NUMBER, min_value=0, whole_number=True, unit="CNY")
SHARE = question("share", K.NUMBER, min_value=0, max_value=100)
FOUNDED = question("founded", K.DATE)
SITE = question("site", K.URL)
MAIL = question("mail", K.EMAIL)
PLACE = question("place", K.COUNTRY)
PATENTS = question("patents", K.YES_NO)
PITCH = question("pitch", K.SHORT_TEXT, max_length=10)
STORY = question("story", K.LONG_TEXT)
FORM = [STAGE, CHANNELS, FUNDING, SHARE, FOUNDED, SITE, MAIL, PLACE, PATENTS, PITCH, STORY]


@pytest.mark.parametrize(
    ("asked", "sent", "stored"),
    [
        (STAGE, "pilot", "pilot"),
        (CHANNELS, ["revenue", "idea"], ["idea", "revenue"]),
        (CHANNELS, "idea; revenue", ["idea", "revenue"]),
        (CHANNELS, "pilot", ["pilot"]),
        (FUNDING, "1,000,000", 1_000_000),
        (FUNDING, "１２０", 120),
        (FUNDING, 3000, 3000),
        (SHARE, "12,5", 12.5),
        (SHARE, " 7.25 ", 7.25),
        (FOUNDED, "2021-03-01", "2021-03-01"),
        (SITE, "https://coldbox.example", "https://coldbox.example"),
        (MAIL, "team@coldbox.example", "team@coldbox.example"),
        (PLACE, "de", "DE"),
        (PATENTS, "true", True),
        (PATENTS, "是", True),
        (PATENTS, "no", False),
        (PATENTS, False, False),
        (PITCH, "  Cold  ", "Cold"),
        (STORY, "## Why\n\nBecause.", "## Why\n\nBecause."),
    ],
)
def test_a_valid_answer_is_stored_in_its_plain_form(asked, sent, stored):
    assert read_answer(asked, sent) == stored


@pytest.mark.parametrize(
    ("asked", "sent", "message"),
    [
        (STAGE, "growth", "Choose one of the offered values."),
        (CHANNELS, ["idea", "unknown"], "Choose one of the offered values."),
        (FUNDING, "-5", "Enter a number of at least %(n)s."),
        (FUNDING, "12.5", "Enter a whole number."),
        (FUNDING, "a lot", "Enter a whole number."),
        (SHARE, "101", "Enter a number of at most %(n)s."),
        (SHARE, "nan", "Enter a number of at least %(n)s."),
        (SHARE, "inf", "Enter a number of at most %(n)s."),
        (FOUNDED, "1 March", "Enter a date such as 2026-03-01."),
        (
            SITE,
            "javascript:alert(1)",
            "Enter a web address starting with https:// or http://, such as https://example.org.",
        ),
        (MAIL, "not an address", "Enter a valid email address."),
        (PLACE, "ZZ", "Choose one of the offered values."),
        (PATENTS, "maybe", "Choose yes or no."),
        (PITCH, "far more than ten", "Enter at most %(n)s characters."),
    ],
)
def test_a_wrong_answer_is_refused_under_its_field_with_what_is_wrong(asked, sent, message):
    with pytest.raises(ValidationFailed) as refused:
        read_answer(asked, sent)
    [error] = refused.value.errors
    assert (error.field, error.message) == (f"answers.{asked.key}", message)


def test_every_wrong_answer_is_reported_at_once_and_blank_ones_are_left_out():
    with pytest.raises(ValidationFailed) as refused:
        read_answers(FORM, {"stage": "growth", "share": "200", "mail": "x", "pitch": ""})
    assert {error.field for error in refused.value.errors} == {
        "answers.stage",
        "answers.share",
        "answers.mail",
    }
    assert read_answers(FORM, {"pitch": "  ", "channels": [], "share": "3"}) == {"share": 3.0}


def test_a_draft_may_leave_required_questions_blank_but_submitting_may_not():
    assert read_answers(FORM, {}) == {}
    with pytest.raises(ValidationFailed) as refused:
        read_answers(FORM, {"share": "3"}, complete=True)
    [error] = refused.value.errors
    assert error.field == "answers.stage"
    assert error.message == "This question needs an answer before the project is submitted."


def test_an_answer_to_a_question_the_form_does_not_ask_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        read_answers(FORM, {"shoe_size": "42"})
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("answers.shoe_size", "This application form has no such question.")
    ]


def test_answers_to_another_tracks_questions_are_left_behind_when_the_track_changes():
    clinical = question("clinical", K.SHORT_TEXT, track_id=7)
    form = [STAGE, clinical]
    sent = {"stage": "idea", "clinical": "Phase I"}
    assert answers_for_track(form, 7, sent) == sent
    assert answers_for_track(form, 8, sent) == {"stage": "idea"}
    with pytest.raises(ValidationFailed):
        answers_for_track(form, 8, {"stage": "idea", "nothing": "x"})


@pytest.mark.parametrize(
    ("asked", "stored", "english", "chinese"),
    [
        (STAGE, "pilot", "Pilot customers", "试点客户"),
        (CHANNELS, ["idea", "revenue"], "Idea and Revenue", "创意和已有收入"),
        (FUNDING, 1_000_000, "1,000,000 CNY", "1,000,000 CNY"),
        (SHARE, 12.5, "12.5", "12.5"),
        (PATENTS, True, "Yes", "是"),
        (PLACE, "DE", "Germany", "德国"),
        (FOUNDED, "2021-03-01", "Mar 1, 2021", "2021年3月1日"),
        (PITCH, "Cold", "Cold", "Cold"),
    ],
)
def test_answers_are_written_out_in_each_language(asked, stored, english, chinese):
    assert answer_text(asked, stored, "en") == english
    assert answer_text(asked, stored, "zh_CN") == chinese


@pytest.mark.parametrize(
    ("asked", "stored"),
    [
        (CHANNELS, ["idea", "revenue"]),
        (PATENTS, True),
        (PATENTS, False),
        (FUNDING, 1_000_000),
        (SHARE, 12.5),
        (FOUNDED, "2021-03-01"),
        (PLACE, "DE"),
    ],
)
def test_an_exported_answer_reads_back_as_the_same_answer(asked, stored):
    assert read_answer(asked, export_text(asked, stored)) == stored


def test_a_reader_sees_only_the_answers_their_rule_lets_them_read():
    hidden = question("founders", K.SHORT_TEXT, visibility=Visibility.NOT_IN_BLIND)
    private = question("referral", K.SHORT_TEXT, visibility=Visibility.ORGANIZERS)
    form = [STAGE, hidden, private]
    answers = {"stage": "idea", "founders": "Wang Lei", "referral": "a friend"}

    def judge(blind: bool):
        return lambda q: judge_may_read_answer(q.visibility, blind=blind)

    assert [a.key for a in shown_answers(form, answers)] == ["stage", "founders", "referral"]
    assert [a.key for a in shown_answers(form, answers, judge(False))] == ["stage", "founders"]
    assert [a.key for a in shown_answers(form, answers, judge(True))] == ["stage"]


def test_only_answers_written_in_words_are_searched():
    assert written_answers(FORM, {"stage": "idea", "pitch": "Cold", "story": "Why"}) == [
        "Cold",
        "Why",
    ]


def test_a_changed_question_counts_the_stored_answers_it_would_refuse():
    narrower = question("stage", K.SINGLE_CHOICE, choices=STAGES[:2])
    stored = [{"stage": "idea"}, {"stage": "revenue"}, {}, {"stage": "revenue"}]
    assert invalid_answers(narrower, stored) == 2
    assert invalid_answers(STAGE, stored) == 0


def _fields(**values) -> QuestionFields:
    return QuestionFields(
        **{
            "key": "stage",
            "kind": K.SINGLE_CHOICE,
            "label_en": "Stage",
            "label_zh": "阶段",
            **values,
        }
    )


def test_a_choice_question_needs_two_choices_with_keys_of_their_own():
    with pytest.raises(ValidationFailed) as refused:
        check_question(_fields(choices=STAGES[:1]))
    assert refused.value.errors[0].field == "choices"
    with pytest.raises(ValidationFailed) as repeated:
        check_question(_fields(choices=[STAGES[0], STAGES[0]]))
    assert repeated.value.errors[0].params == {"key": "idea"}


def test_bounds_in_the_wrong_order_and_project_column_names_are_refused():
    with pytest.raises(ValidationFailed) as refused:
        check_question(_fields(key="title", kind=K.NUMBER, min_value=10, max_value=1))
    assert {e.field for e in refused.value.errors} == {"key", "min_value"}


def test_settings_a_kind_does_not_use_are_cleared():
    checked = check_question(
        _fields(kind=K.SHORT_TEXT, choices=STAGES, min_value=1, unit="CNY", max_length=80)
    )
    assert (checked.choices, checked.min_value, checked.unit, checked.max_length) == (
        [],
        None,
        "",
        80,
    )


def test_no_question_key_can_be_a_column_the_project_exports_or_imports_use():
    project_columns = set(COLUMNS) | set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    assert project_columns | set(ProjectFields.__struct_fields__) <= RESERVED_KEYS
