"""The deadline is enforced on the server, in the competition's time zone; withdraw stays open."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from judging.competitions.tables import Round
from judging.errors import Forbidden
from judging.i18n import Moment, format_datetime_local
from judging.submissions import services, windows
from judging.submissions.schemas import ProjectFields
from judging.submissions.tables import Submission
from tests.submissions.entrant_world import (
    account,
    close_window,
    first_project,
    move_window,
    project_form,
    project_json,
    signed_in,
    small_pdf,
    track,
)

# 2021-06-30 23:59 in Nanjing is 15:59 UTC.
OPENS = datetime(2021, 5, 1, 0, 0, tzinfo=UTC)
CLOSES = datetime(2021, 6, 30, 15, 59, tzinfo=UTC)
BEFORE = CLOSES - timedelta(minutes=1)
AFTER = CLOSES + timedelta(seconds=1)


@pytest.fixture
async def fixed_window(demo):
    await move_window(demo.id, OPENS, CLOSES)
    return demo


def _fields(track_id: int, **changes) -> ProjectFields:
    return ProjectFields(track_id=track_id, title="Edge inference", **changes)


async def test_creating_before_the_deadline_succeeds(fixed_window):
    ai = await track(fixed_window.id)
    project_id = await services.create_project(
        await account("entrant3"), _fields(ai.id), now=BEFORE
    )
    assert await Submission.exists().where(Submission.id == project_id)


async def test_creating_after_the_deadline_names_it_in_the_competitions_time_zone(fixed_window):
    ai = await track(fixed_window.id)
    with pytest.raises(Forbidden) as refused:
        await services.create_project(await account("entrant3"), _fields(ai.id), now=AFTER)
    # The moment itself, written in the reader's date style where the refusal is shown.
    assert refused.value.params == {"when": Moment(CLOSES, "Asia/Shanghai")}
    assert "deadline passed" in refused.value.message


async def test_creating_before_submissions_open_is_refused(fixed_window):
    ai = await track(fixed_window.id)
    with pytest.raises(Forbidden) as refused:
        await services.create_project(
            await account("entrant3"), _fields(ai.id), now=OPENS - timedelta(seconds=1)
        )
    assert refused.value.params == {"when": Moment(OPENS, "Asia/Shanghai")}


async def test_editing_uploading_and_submitting_after_the_deadline_are_refused(
    fixed_window, tmp_path
):
    entrant = await account("entrant1")
    project = await first_project("entrant1")
    await Submission.update({Submission.status: "draft"}).where(Submission.id == project.id)
    attempts = [
        services.update_project(entrant, project.id, 1, _fields(project.track), AFTER),
        services.attach_deck(
            entrant,
            project.id,
            io.BytesIO(small_pdf()),
            data_dir=tmp_path,
            max_bytes=10**6,
            now=AFTER,
        ),
        services.submit_project(entrant, project.id, 1, AFTER, "http://x"),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden):
            await attempt
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.title, saved.version, saved.deck_sha256) == (project.title, 1, "")
    assert not (tmp_path / "decks").exists()


async def test_withdrawing_after_the_deadline_is_allowed(fixed_window):
    project = await first_project("entrant1", status="submitted")
    await services.withdraw_project(await account("entrant1"), project.id, 1, AFTER)
    saved = await Submission.objects().get(Submission.id == project.id)
    assert saved.status == "withdrawn"


async def test_the_first_round_decides_the_deadline(fixed_window):
    later = Round(
        competition=fixed_window.id,
        name_en="Final",
        name_zh="决赛",
        position=2,
        submission_opens_at=AFTER,
        submission_closes_at=AFTER + timedelta(days=30),
    )
    await later.save()
    ai = await track(fixed_window.id)
    with pytest.raises(Forbidden):
        await services.create_project(
            await account("entrant3"), _fields(ai.id), now=AFTER + timedelta(days=1)
        )


async def test_a_competition_without_rounds_takes_no_submissions(fixed_window):
    await Round.delete().where(Round.competition == fixed_window.id)
    ai = await track(fixed_window.id)
    with pytest.raises(Forbidden) as refused:
        await services.create_project(await account("entrant3"), _fields(ai.id), now=BEFORE)
    assert refused.value.message == windows.NOT_OPEN


async def test_edit_page_after_the_deadline_is_read_only_and_says_so(app, demo):
    project = await first_project("entrant1")
    await close_window(demo.id)
    async with signed_in(app, "entrant1") as client:
        page = await client.get(f"/projects/{project.id}/edit")
    assert page.status_code == 200
    assert "The submission deadline passed on" in page.text
    assert "(China Standard Time)" in page.text
    assert '<fieldset class="plain" disabled>' in page.text
    assert ">Save</button>" not in page.text


async def test_the_deadline_refusal_has_the_date_style_of_every_other_page(app, demo):
    project = await first_project("entrant1")
    closes_at = await close_window(demo.id)
    chinese = {"accept-language": "zh-CN"}
    async with signed_in(app, "entrant1") as client:
        client.http.cookies.set("lang", "zh_CN")
        page = await client.get(f"/projects/{project.id}/edit", headers=chinese)
    shown = format_datetime_local(closes_at, "zh_CN", "Asia/Shanghai")
    assert shown.endswith("（中国标准时间）")
    assert shown in page.text
    assert "(Asia/Shanghai)" not in page.text


async def test_saving_the_page_after_the_deadline_changes_nothing(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        await client.get(f"/projects/{project.id}/edit")
        await close_window(demo.id)
        response = await client.post_form(
            f"/projects/{project.id}/edit",
            {**project_form(project.track, title="Too late"), "version": "1"},
        )
    assert response.status_code == 403
    assert "The submission deadline passed on" in response.text
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.title, saved.version) == (project.title, 1)


async def test_api_refuses_changes_after_the_deadline(app, demo):
    project = await first_project("entrant1")
    ai = await track(demo.id)
    await close_window(demo.id)
    async with signed_in(app, "entrant1") as client:
        patch = await client.api(
            "PATCH", f"/api/v1/projects/{project.id}", json={"version": 1, "title": "Late"}
        )
        create = await client.api("POST", "/api/v1/projects", json=project_json(ai.id))
        shown = await client.api("GET", f"/api/v1/projects/{project.id}")
    assert patch.status_code == 403
    assert "deadline passed" in patch.json()["detail"]
    assert create.status_code == 403
    assert shown.json()["editable"] is False


async def test_closed_competitions_are_not_offered_for_new_projects(app, demo):
    await close_window(demo.id)
    async with signed_in(app, "entrant3") as client:
        choose = await client.get("/projects/new")
        dashboard = await client.get("/projects")
    assert "No competition takes submissions right now." in choose.text
    assert 'href="/projects/new"' not in dashboard.text
