"""The mechanisms every page controller relies on (judging.web.notices, .redisplay, .context
and judging.competitions.deps), seen through real pages of the app."""

from __future__ import annotations

import pytest

from judging.competitions.tables import Competition, Track
from tests.submissions.entrant_world import project_form, signed_in, track

pytestmark = pytest.mark.db

CREATED = "Your draft is saved. Upload the pitch deck, then submit the project."
CREATED_ZH = "草稿已保存。请上传路演材料，然后提交项目。"


async def _create_project(client, demo, ai) -> str:
    response = await client.post_form(
        "/projects/new", {**project_form(ai.id), "competition_id": str(demo.id)}
    )
    assert response.status_code == 303
    return response.headers["location"]


async def test_a_notice_is_shown_once_on_the_page_the_form_leads_to(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        target = await _create_project(client, demo, ai)
        assert "?" not in target  # no flag in the URL
        shown = await client.get(target)
        again = await client.get(target)
    assert shown.status_code == again.status_code == 200
    assert shown.text.count(CREATED) == 1
    assert 'id="project-notice"' in shown.text
    assert CREATED not in again.text
    assert 'id="project-notice"' not in again.text


async def test_a_notice_is_shown_in_the_language_of_the_page_that_shows_it(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        target = await _create_project(client, demo, ai)
        token = await client.csrf_token()
        await client.http.post("/lang", data={"_csrf_token": token, "locale": "zh_CN"})
        shown = await client.get(target)
    assert CREATED_ZH in shown.text
    assert CREATED not in shown.text


async def test_a_notice_flag_in_the_url_shows_nothing(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        target = await _create_project(client, demo, ai)
        await client.get(target)  # the real notice, used up
        forged = await client.get(f"{target}?notice=created")
    assert forged.status_code == 200
    assert CREATED not in forged.text


async def test_a_failed_form_is_shown_again_with_what_was_typed_and_the_error_by_its_field(
    app, demo
):
    taken = await Track.objects().where(Track.competition == demo.id).first()
    async with signed_in(app, "organizer") as client:
        response = await client.post_form(
            f"/organize/{demo.id}/tracks",
            {"key": taken.key, "name_en": "Typed name", "name_zh": "输入的名称"},
        )
    assert response.status_code == 400
    assert 'value="Typed name"' in response.text
    assert 'value="输入的名称"' in response.text
    assert 'aria-invalid="true"' in response.text
    # The page it was sent from, with its list of tracks, not a bare error page.
    assert f'action="/organize/{demo.id}/tracks/order"' in response.text


async def test_the_path_competition_answers_404_when_absent(app, demo):
    # A platform admin passes the organizer guard everywhere: the dependency refuses.
    absent_id = max(row["id"] for row in await Competition.select(Competition.id)) + 1000
    async with signed_in(app, "admin") as client:
        found = await client.get(f"/organize/{demo.id}/tracks")
        absent = await client.get(f"/organize/{absent_id}/tracks")
        absent_track = await client.get(f"/organize/{absent_id}/tracks/1")
    assert found.status_code == 200
    assert absent.status_code == absent_track.status_code == 404
