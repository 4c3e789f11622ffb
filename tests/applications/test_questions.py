"""Organizers write the application form: questions added, changed, ordered and deleted on
the page and through the API, audited, and never at the cost of an answer already given."""

from __future__ import annotations

import pytest

from judging.applications import services
from judging.applications.schemas import Choice, QuestionFields
from judging.applications.tables import Question, QuestionKind, Visibility
from judging.audit.tables import AuditEvent
from judging.competitions.tables import Track
from judging.submissions.tables import Submission
from tests.submissions.organizer_world import sign_in_organizer


@pytest.fixture
async def organizer(client, demo):
    await sign_in_organizer(client)
    return client


def _form(demo) -> str:
    return f"/organize/{demo.id}/form"


def _api(demo) -> str:
    return f"/api/v1/competitions/{demo.id}/questions"


async def _question(key: str) -> Question:
    return await Question.objects().where(Question.key == key).output(load_json=True).first()


async def _organizer_id(demo) -> int:
    from judging.accounts.tables import Account
    from judging.demo import demo_email

    return (await Account.objects().get(Account.email == demo_email("organizer"))).id


ROUND_SIZE = {
    "key": "round_size",
    "kind": "single_choice",
    "label_en": "Round you are raising",
    "label_zh": "本轮融资",
    "choices": "seed | Seed | 种子轮\nseries_a | Series A | A 轮",
    "required": "true",
}


async def test_the_page_lists_the_demo_form_in_order_with_answer_counts(organizer, demo):
    page = (await organizer.get(_form(demo))).text
    order = [
        page.index(f'id="question-{key}"') for key in ("stage", "funding_raised", "heard_from")
    ]
    assert order == sorted(order)
    assert "Organizers only" in page
    assert "Judges, except in blind rounds" in page


async def test_adding_a_question_on_the_page_says_so_and_audits_it(organizer, demo):
    response = await organizer.post_form(_form(demo), ROUND_SIZE)
    assert response.status_code == 303
    page = (await organizer.get(response.headers["location"])).text
    assert "The question is added to the application form." in page
    added = await _question("round_size")
    assert added.required
    assert [c["key"] for c in added.choices] == ["seed", "series_a"]
    assert added.position == 9  # after the demo's nine questions
    event = await AuditEvent.objects().get(
        (AuditEvent.entity == "question") & (AuditEvent.entity_id == added.id)
    )
    assert event.action == "created"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"key": "Round Size"}, "key", "Enter a value in the expected format."),
        ({"key": "title"}, "key", "This key names a project column in the exports already"),
        ({"key": "stage"}, "key", "Another question of this form already uses this key."),
        ({"choices": "seed | Seed | 种子轮"}, "choices", "A choice question offers at least two"),
        ({"choices": "seed, Seed"}, "choices", "Line 1: write each choice as key | English | 中文"),
        ({"label_zh": ""}, "label_zh", "This field is required."),
    ],
)
async def test_a_bad_question_is_shown_again_with_the_error_beside_its_field(
    organizer, demo, change, field, message
):
    response = await organizer.post_form(_form(demo), {**ROUND_SIZE, **change})
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert 'value="Round you are raising"' in response.text
    assert not await Question.exists().where(Question.label_en == "Round you are raising")


async def test_a_question_can_be_narrowed_to_a_track_and_the_preview_follows(organizer, demo):
    biomed = await Track.objects().get(Track.key == "biomed")
    ai = await Track.objects().get(Track.key == "ai")
    preview = f"{_form(demo)}/preview"
    assert 'name="answers.clinical_stage"' in (await organizer.get(preview)).text
    assert (
        'name="answers.clinical_stage"'
        in (await organizer.get(f"{preview}?track={biomed.id}")).text
    )
    ai_page = (await organizer.get(f"{preview}?track={ai.id}")).text
    assert 'name="answers.clinical_stage"' not in ai_page
    assert 'name="answers.stage"' in ai_page
    assert (await organizer.get(f"{preview}?track=abc")).status_code == 400


async def test_changing_the_wording_keeps_every_answer(organizer, demo):
    stage = await _question("stage")
    before = {row["id"]: row["answers"] for row in await Submission.select().output(load_json=True)}
    fields = QuestionFields(
        key="stage",
        kind=QuestionKind.SINGLE_CHOICE,
        label_en="Where the company stands",
        label_zh="公司所处阶段",
        required=True,
        choices=[
            *[Choice(**c) for c in stage.choices],
            Choice(key="exit", label_en="Exit", label_zh="退出"),
        ],
    )
    await services.update_question(demo.id, stage.id, fields, await _organizer_id(demo))
    after = {row["id"]: row["answers"] for row in await Submission.select().output(load_json=True)}
    assert after == before
    assert (await _question("stage")).label_en == "Where the company stands"


async def test_a_change_that_would_break_answers_is_refused_with_how_many(organizer, demo):
    stage = await _question("stage")
    answered_revenue = sum(
        1
        for row in await Submission.select(Submission.answers).output(load_json=True)
        if row["answers"].get("stage") == "revenue"
    )
    kept = "\n".join(
        f"{c['key']} | {c['label_en']} | {c['label_zh']}"
        for c in stage.choices
        if c["key"] != "revenue"
    )
    response = await organizer.post_form(
        f"{_form(demo)}/{stage.id}",
        {
            "key": "stage",
            "kind": "single_choice",
            "label_en": "Stage",
            "label_zh": "阶段",
            "choices": kept,
        },
    )
    assert response.status_code == 409
    assert f"{answered_revenue} of their answers would no longer be valid" in response.text
    assert 'id="question-refusal"' in response.text
    assert len((await _question("stage")).choices) == len(stage.choices)


async def test_another_kind_for_an_answered_question_is_refused(organizer, demo):
    team_size = await _question("team_size")
    response = await organizer.api(
        "PUT",
        f"{_api(demo)}/{team_size.id}",
        json={"key": "team_size", "kind": "date", "label_en": "Team", "label_zh": "团队"},
    )
    assert response.status_code == 409, response.text
    assert (await _question("team_size")).kind == "number"


async def test_narrowing_an_answered_question_to_one_track_is_refused(organizer, demo):
    stage = await _question("stage")
    ai = await Track.objects().get(Track.key == "ai")
    response = await organizer.api(
        "PUT",
        f"{_api(demo)}/{stage.id}",
        json={
            "key": "stage",
            "kind": "single_choice",
            "label_en": "Stage",
            "label_zh": "阶段",
            "track_id": ai.id,
            "choices": stage.choices,
        },
    )
    assert response.status_code == 409
    assert "Projects in other tracks have answered this question" in response.json()["detail"]


async def test_the_key_is_fixed(organizer, demo):
    stage = await _question("stage")
    response = await organizer.api(
        "PUT",
        f"{_api(demo)}/{stage.id}",
        json={
            "key": "phase",
            "kind": "single_choice",
            "label_en": "S",
            "label_zh": "阶",
            "choices": stage.choices,
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "key"


async def test_an_answered_question_is_not_deleted_and_an_unanswered_one_is(organizer, demo):
    stage = await _question("stage")
    refused = await organizer.post_form(f"{_form(demo)}/{stage.id}/delete")
    assert refused.status_code == 409
    assert "A question with answers cannot be deleted" in refused.text
    assert await Question.exists().where(Question.id == stage.id)
    added = await organizer.api(
        "POST",
        _api(demo),
        json={"key": "motto", "kind": "short_text", "label_en": "Motto", "label_zh": "口号"},
    )
    assert added.status_code == 201, added.text
    motto = added.json()
    assert motto["position"] == 9
    deleted = await organizer.api("DELETE", f"{_api(demo)}/{motto['id']}")
    assert deleted.status_code == 204
    assert not await Question.exists().where(Question.key == "motto")
    actions = [
        row["action"]
        for row in await AuditEvent.select(AuditEvent.action)
        .where((AuditEvent.entity == "question") & (AuditEvent.entity_id == motto["id"]))
        .order_by(AuditEvent.id)
    ]
    assert actions == ["created", "deleted"]


async def test_reordering_puts_a_question_first(organizer, demo):
    heard = await _question("heard_from")
    response = await organizer.post_form(f"{_form(demo)}/order", {f"position-{heard.id}": "0"})
    assert response.status_code == 303
    listed = await services.questions(demo.id)
    assert listed[0].key in ("heard_from", "stage")
    assert (await _question("heard_from")).position == 0
    bad = await organizer.post_form(f"{_form(demo)}/order", {f"position-{heard.id}": "-4"})
    assert bad.status_code == 400


async def test_the_api_lists_the_form_with_its_settings(organizer, demo):
    listed = (await organizer.api("GET", _api(demo))).json()
    by_key = {q["key"]: q for q in listed}
    assert by_key["funding_raised"]["unit"] == "CNY"
    assert by_key["funding_raised"]["whole_number"] is True
    assert by_key["heard_from"]["visibility"] == Visibility.ORGANIZERS
    assert by_key["clinical_stage"]["track_id"] is not None


async def test_a_question_of_another_competition_is_404(organizer, demo):
    from judging.competitions.tables import Competition

    other = Competition(slug="other-cup", name_en="Other", name_zh="其他")
    await other.save()
    foreign = Question(competition=other.id, key="x", kind="short_text", label_en="X", label_zh="X")
    await foreign.save()
    assert (await organizer.get(f"{_form(demo)}/{foreign.id}")).status_code == 404
    assert (await organizer.api("DELETE", f"{_api(demo)}/{foreign.id}")).status_code == 404
