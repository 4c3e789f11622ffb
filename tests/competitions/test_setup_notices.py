"""After each setup form, the page it leads to says once what was done: a reload shows no
notice, and the notice is in the reader's language."""

from tests.competitions.test_competition_setup import NEW_COMPETITION, ROUND_FORM, _settings_form
from tests.competitions.test_invitations import NEWCOMER, _invite
from tests.support import landing


async def _shown_once(client, response, anchor: str, text: str) -> None:
    page = await landing(client, response)
    assert page.status_code == 200
    assert f'id="{anchor}"' in page.text
    assert text in page.text
    again = await client.get(str(page.url))
    assert again.status_code == 200
    assert f'id="{anchor}"' not in again.text
    assert text not in again.text


async def test_creating_a_round_says_so_once_on_its_rubric_page(organizer, demo):
    response = await organizer.post_form(f"/organize/{demo.id}/rounds/new", ROUND_FORM)
    assert response.status_code == 303
    assert "/rubric" in response.headers["location"]
    await _shown_once(
        organizer, response, "round-notice", "The round is created. Now set up its rubric."
    )


async def test_saving_a_round_says_so_once_on_the_rounds_page(organizer, demo, preliminary):
    response = await organizer.post_form(
        f"/organize/{demo.id}/rounds/{preliminary.id}",
        {**ROUND_FORM, "name_en": "Preliminary", "name_zh": "初赛", "position": "1"},
    )
    assert response.status_code == 303
    await _shown_once(organizer, response, "round-notice", "The round is saved.")


async def test_adding_a_track_says_so_once(organizer, demo):
    response = await organizer.post_form(
        f"/organize/{demo.id}/tracks",
        {"key": "new-energy", "name_en": "New energy", "name_zh": "新能源"},
    )
    await _shown_once(organizer, response, "tracks-notice", "The track is added.")


async def test_saving_a_track_says_so_once(organizer, demo, ai_track):
    response = await organizer.post_form(
        f"/organize/{demo.id}/tracks/{ai_track.id}",
        {"key": "ai", "name_en": "AI and robotics", "name_zh": "人工智能与机器人", "position": "0"},
    )
    await _shown_once(organizer, response, "tracks-notice", "The track is saved.")


async def test_reordering_tracks_says_so_once(organizer, demo, ai_track):
    response = await organizer.post_form(
        f"/organize/{demo.id}/tracks/order", {f"position-{ai_track.id}": "9"}
    )
    await _shown_once(organizer, response, "tracks-notice", "The order of the tracks is saved.")


async def test_saving_the_settings_says_so_once(organizer, demo):
    response = await organizer.post_form(f"/organize/{demo.id}/settings", _settings_form(demo))
    await _shown_once(organizer, response, "settings-notice", "The settings are saved.")


async def test_creating_a_competition_says_so_once_on_its_overview(admin):
    response = await admin.post_form("/admin/competitions/new", NEW_COMPETITION)
    await _shown_once(
        admin,
        response,
        "competition-notice",
        "The competition is created. Add its tracks, rounds and people next.",
    )


async def test_accepting_an_invitation_welcomes_the_new_judge_once(client, demo):
    path = await _invite(demo)
    response = await client.post_form(path, NEWCOMER)
    assert response.status_code == 303
    await _shown_once(
        client,
        response,
        "invitation-notice",
        "Welcome: you are now a judge of China Gate Master 2021.",
    )


async def test_an_organizer_invitation_is_welcomed_in_chinese_for_a_chinese_reader(client, demo):
    path = await _invite(demo, email="org2@example.com", role="organizer")
    client.http.cookies.set("lang", "zh_CN")
    response = await client.post_form(path, NEWCOMER)
    page = await landing(client, response)
    assert 'id="invitation-notice"' in page.text
    assert f"欢迎：您现在是{demo.name_zh}的组织者。" in page.text
