"""A project's answers to the application form: typed on the entrant's page and through the
API, required to submit, shown to judges as each question's visibility and the round's
blindness allow, to organizers in full, and in the exports, the import and the search."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from judging.competitions.tables import Round, Track
from judging.submissions.tables import Submission
from tests.reviews.judging_world import api_path, page_path
from tests.reviews.judging_world import signed_in as judge_signed_in
from tests.submissions.entrant_world import (
    DEMO_ANSWERS,
    project_form,
    project_json,
    signed_in,
    small_pdf,
    track,
    upload,
)
from tests.submissions.organizer_world import (
    csv_bytes,
    import_outcome,
    project_named,
    sign_in_organizer,
)
from tests.submissions.organizer_world import upload as upload_file
from tests.support import app_client


async def _stored(project_id: int) -> dict:
    row = (
        await Submission.select(Submission.answers)
        .where(Submission.id == project_id)
        .output(load_json=True)
        .first()
    )
    return row["answers"]


async def test_the_new_project_page_asks_the_form_with_required_marks_and_track_notes(app, demo):
    async with signed_in(app, "entrant3") as client:
        page = (await client.get(f"/projects/new?competition={demo.id}")).text
    assert "Application questions" in page
    for key in ("stage", "funding_raised", "team_size", "patents", "heard_from", "clinical_stage"):
        assert f'name="answers.{key}"' in page, key
    assert "Only for projects in the Biomedicine track." in page
    assert 'inputmode="numeric"' in page
    assert "(needed to submit)" in page


async def test_answers_typed_on_the_page_are_stored_checked_and_shown_again(app, demo):
    ai = await track(demo.id)
    form = project_form(
        ai.id,
        **{
            "answers.funding_raised": "2,500,000",
            "answers.patents": "true",
            "answers.heard_from": "media",
            "answers.incorporated_in": "sg",
            "answers.patent_details": "- CN 123: **core** method",
        },
    )
    async with signed_in(app, "entrant3") as client:
        response = await client.post_form("/projects/new", form)
        assert response.status_code == 303, response.text
        project_id = int(response.headers["location"].rsplit("/", 1)[1])
        page = (await client.get(f"/projects/{project_id}")).text
        edit = (await client.get(f"/projects/{project_id}/edit")).text
    assert await _stored(project_id) == {
        "stage": "pilot",
        "funding_raised": 2_500_000,
        "team_size": 5,
        "incorporated_in": "SG",
        "patents": True,
        "patent_details": "- CN 123: **core** method",
        "heard_from": ["media"],
    }
    assert "Pilot customers" in page
    assert "2,500,000 CNY" in page
    assert "Singapore" in page
    assert "<strong>core</strong>" in page
    assert 'value="2500000"' in edit
    assert 'value="media" checked' in edit


async def test_a_wrong_answer_is_shown_beside_its_field_and_nothing_is_saved(app, demo):
    ai = await track(demo.id)
    before = await Submission.count()
    form = project_form(
        ai.id,
        competition_id=str(demo.id),
        **{"answers.team_size": "0", "answers.stage": "growth"},
    )
    async with signed_in(app, "entrant3") as client:
        response = await client.post_form("/projects/new", form)
    assert response.status_code == 400
    assert 'id="answers.team_size-error"' in response.text
    assert "Enter a number of at least 1." in response.text
    assert 'id="answers.stage-error"' in response.text
    assert 'aria-describedby="answers.team_size-hint answers.team_size-error"' in response.text
    assert 'value="Solar-powered cold chain"' in response.text
    assert await Submission.count() == before


async def test_the_answers_read_in_chinese_on_a_chinese_page(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        created = await client.api("POST", "/api/v1/projects", json=project_json(ai.id))
        page = await client.get(
            f"/projects/{created.json()['id']}", headers={"accept-language": "zh-CN"}
        )
    assert "企业发展阶段" in page.text
    assert "试点客户" in page.text


async def test_submitting_needs_every_required_answer_and_is_accepted_once_given(app, demo):
    biomed = await Track.objects().get(Track.key == "biomed")
    body = project_json(biomed.id, answers={"stage": "idea"})
    async with signed_in(app, "entrant3") as client:
        created = await client.api("POST", "/api/v1/projects", json=body)
        assert created.status_code == 201, created.text
        project_id = created.json()["id"]
        await upload(client, project_id, small_pdf())
        refused = await client.post_form(f"/projects/{project_id}/submit", {"version": "2"})
        assert refused.status_code == 400
        needs = "This question needs an answer before the project is submitted."
        for label in ("Funding raised so far", "Team size", "Clinical stage"):
            assert f"{label}: {needs}" in refused.text, label
        assert f'href="/projects/{project_id}/edit#answers.clinical_stage"' in refused.text
        assert (await Submission.objects().get(Submission.id == project_id)).status == "draft"
        patched = await client.api(
            "PATCH",
            f"/api/v1/projects/{project_id}",
            json={
                "version": 2,
                "answers": {"funding_raised": 0, "team_size": 2, "clinical_stage": "preclinical"},
            },
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["answers"]["stage"] == "idea"  # kept: only the sent ones change
        accepted = await client.post_form(f"/projects/{project_id}/submit", {"version": "3"})
    assert accepted.status_code == 303, accepted.text
    assert (await Submission.objects().get(Submission.id == project_id)).status == "submitted"


async def test_the_api_names_each_bad_answer(app, demo):
    ai = await track(demo.id)
    body = project_json(ai.id, answers={"stage": "growth", "team_size": "many", "shoe": 42})
    async with signed_in(app, "entrant3") as client:
        response = await client.api("POST", "/api/v1/projects", json=body)
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"answers.stage", "answers.team_size", "answers.shoe"}


async def test_a_null_answer_clears_it(app, demo):
    ai = await track(demo.id)
    body = project_json(ai.id, answers={**DEMO_ANSWERS, "revenue_last_year": 90})
    async with signed_in(app, "entrant3") as client:
        created = (await client.api("POST", "/api/v1/projects", json=body)).json()
        patched = await client.api(
            "PATCH",
            f"/api/v1/projects/{created['id']}",
            json={"version": 1, "answers": {"revenue_last_year": None}},
        )
    assert "revenue_last_year" not in patched.json()["answers"]


# ---------------------------------------------------------------- what judges read


@pytest.mark.parametrize("where", ["page", "api"])
@pytest.mark.parametrize("blind", [False, True])
async def test_judges_read_answers_as_each_questions_visibility_and_the_round_allow(
    judge1, world, where, blind
):
    project = world.projects[0]
    await Submission.update(
        {
            Submission.answers: {
                "stage": "scaling",
                "incorporated_in": "IL",
                "patent_details": "Held by Dr. PATENTHOLDER-X",
                "heard_from": ["tech_week"],
            }
        }
    ).where(Submission.id == project)
    await Round.update({Round.is_blind: blind}).where(Round.id == world.round_id)
    url = page_path(world, project) if where == "page" else api_path(world, project)
    response = await judge1.get(url)
    assert response.status_code == 200
    text = response.text
    assert "Scaling" in text
    assert "Nanjing Tech Week" not in text  # organizers only, never for judges
    assert "heard_from" not in text
    assert ("PATENTHOLDER-X" in text) is not blind
    assert ("Israel" in text) is not blind
    if where == "api":
        keys = [answer["key"] for answer in response.json()["project"]["answers"]]
        expected = ["stage"] if blind else ["stage", "incorporated_in", "patent_details"]
        assert keys == expected


async def test_the_organizer_reads_every_answer_with_who_else_reads_it(client, demo):
    await sign_in_organizer(client)
    project = await Submission.objects().where(Submission.competition == demo.id).first()
    page = (await client.get(f"/organize/{demo.id}/submissions/{project.id}")).text
    assert "Application answers" in page
    assert "How did you hear about the competition?" in page
    assert "Organizers only" in page
    assert "Judges, except in blind rounds" in page


# ---------------------------------------------------------------- files and search


async def test_the_export_has_one_column_per_question_that_the_import_reads_back(client, demo):
    await sign_in_organizer(client)
    exported = await client.get(f"/organize/{demo.id}/submissions/export.csv")
    frame = pd.read_csv(
        io.BytesIO(exported.content), dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    first = frame.iloc[-1]  # the demo's first project: listed newest first, so last
    assert first["stage"] == "idea"
    assert first["heard_from"] == "friend"
    assert first["patents"] == "no"
    rows = [
        {
            "title": "Imported with answers",
            "track": "ai",
            "stage": "pilot",
            "funding_raised": "1,200,000",
            "team_size": "4",
            "patents": "yes",
            "heard_from": "media; friend",
        }
    ]
    response = await upload_file(client, demo, "submissions", "projects.csv", csv_bytes(rows))
    outcome = await import_outcome(client, demo, response)
    assert outcome["status"] == "succeeded", outcome
    imported = await project_named("Imported with answers")
    assert imported["answers"] == {
        "stage": "pilot",
        "funding_raised": 1_200_000,
        "team_size": 4,
        "patents": True,
        "heard_from": ["media", "friend"],
    }


async def test_a_bad_answer_in_an_import_names_its_row_and_column_and_writes_nothing(client, demo):
    await sign_in_organizer(client)
    before = await Submission.count()
    rows = [
        {"title": "Good row", "track": "ai", "stage": "idea"},
        {"title": "Bad row", "track": "ai", "stage": "unicorn"},
    ]
    response = await upload_file(client, demo, "submissions", "projects.csv", csv_bytes(rows))
    outcome = await import_outcome(client, demo, response)
    assert outcome["status"] == "failed"
    assert [(e["row"], e["field"]) for e in outcome["errors"]] == [(3, "stage")]
    assert await Submission.count() == before


async def test_the_organizers_search_finds_words_written_in_an_answer(app, demo):
    ai = await track(demo.id)
    body = project_json(ai.id, answers={**DEMO_ANSWERS, "patent_details": "Zeolite membrane"})
    async with signed_in(app, "entrant3") as client:
        await client.api("POST", "/api/v1/projects", json=body)
    async with app_client(app) as organizer:
        await sign_in_organizer(organizer)
        listed = await organizer.get(f"/organize/{demo.id}/submissions?q=zeolite")
    assert "Solar-powered cold chain" in listed.text


@pytest.fixture
async def world(demo):
    from tests.reviews.judging_world import build_world

    return await build_world(demo.id)


@pytest.fixture
async def judge1(client, world):
    return await judge_signed_in(client, "judge1")


EVERY_KIND = [
    # (key, kind, settings, answer stored, text a judge would read)
    ("k_short", "short_text", {}, "SECRET-SHORT", "SECRET-SHORT"),
    ("k_long", "long_text", {}, "SECRET **LONG**", "SECRET"),
    ("k_number", "number", {"unit": "SECRETUNIT"}, 77, "SECRETUNIT"),
    (
        "k_one",
        "single_choice",
        {
            "choices": [
                {"key": "a", "label_en": "SECRET-A", "label_zh": "秘A"},
                {"key": "b", "label_en": "B", "label_zh": "B"},
            ]
        },
        "a",
        "SECRET-A",
    ),
    (
        "k_many",
        "multiple_choice",
        {
            "choices": [
                {"key": "x", "label_en": "SECRET-X", "label_zh": "秘X"},
                {"key": "y", "label_en": "Y", "label_zh": "Y"},
            ]
        },
        ["x"],
        "SECRET-X",
    ),
    ("k_yes", "yes_no", {"label_en": "SECRET-YESNO-QUESTION"}, True, "SECRET-YESNO-QUESTION"),
    ("k_date", "date", {}, "2019-07-14", "Jul 14, 2019"),
    ("k_url", "url", {}, "https://secret.example/team", "secret.example"),
    ("k_mail", "email", {}, "founder@secret.example", "founder@secret.example"),
    ("k_country", "country", {}, "IS", "Iceland"),
]


@pytest.mark.parametrize("where", ["page", "api"])
async def test_no_answer_of_any_kind_hidden_in_blind_rounds_reaches_a_judge(
    judge1, world, demo, where
):
    from judging.applications.tables import Question

    project = world.projects[0]
    answers = {}
    for position, (key, kind, settings, value, _text) in enumerate(EVERY_KIND, start=50):
        await Question(
            competition=demo.id,
            key=key,
            position=position,
            kind=kind,
            label_en=settings.get("label_en", f"Question {key}"),
            label_zh=f"问题{key}",
            unit=settings.get("unit", ""),
            choices=settings.get("choices", []),
            visibility="not_in_blind",
        ).save()
        answers[key] = value
    await Submission.update({Submission.answers: answers}).where(Submission.id == project)
    url = page_path(world, project) if where == "page" else api_path(world, project)
    await Round.update({Round.is_blind: False}).where(Round.id == world.round_id)
    shown = (await judge1.get(url)).text
    for key, *_, text in EVERY_KIND:
        assert text in shown, key
    await Round.update({Round.is_blind: True}).where(Round.id == world.round_id)
    blind = (await judge1.get(url)).text
    for key, *_, text in EVERY_KIND:
        assert text not in blind, key
