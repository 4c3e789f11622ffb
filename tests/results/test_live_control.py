"""The organizers' control panel of a live round: make the board public, reveal the totals;
every change audited and announced to the round's screens."""

import asyncio

import msgspec
import pytest

from judging.audit.tables import AuditEvent
from judging.competitions.tables import Competition, Round
from judging.results.live.channels import channel_name, channels_plugin
from tests.reviews.judging_world import build_world, signed_in


@pytest.fixture
async def world(demo):
    return await build_world(demo.id)


@pytest.fixture
async def organizer(client, world):
    return await signed_in(client, "organizer")


def control_path(world) -> str:
    return f"/organize/{world.competition_id}/rounds/{world.round_id}/live"


def api_path(world) -> str:
    return f"/api/v1/competitions/{world.competition_id}/rounds/{world.round_id}/live"


async def notice_shown_once(client, location: str) -> tuple[str, str]:
    """The page a toggle leads to, and the same page reloaded."""
    shown = await client.get(location)
    again = await client.get(location)
    assert shown.status_code == again.status_code == 200
    assert 'id="live-notice"' not in again.text
    return shown.text, again.text


async def options(round_id: int) -> dict:
    return await (
        Round.select(Round.leaderboard_public, Round.reveal_totals)
        .where(Round.id == round_id)
        .first()
    )


async def live_events(round_id: int) -> list[dict]:
    return (
        await AuditEvent.select(AuditEvent.before, AuditEvent.after)
        .where(
            (AuditEvent.entity == "round")
            & (AuditEvent.entity_id == round_id)
            & (AuditEvent.action == "live_options_changed")
        )
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )


async def test_organizer_reveals_the_totals_and_the_change_is_audited(organizer, world):
    response = await organizer.post_form(
        control_path(world), {"setting": "reveal_totals", "value": "true"}
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("/live")
    shown, again = await notice_shown_once(organizer, response.headers["location"])
    assert shown.count("The totals are revealed on every screen.") == 1
    assert "The totals are revealed on every screen." not in again
    assert await options(world.round_id) == {"leaderboard_public": False, "reveal_totals": True}
    assert await live_events(world.round_id) == [
        {
            "before": {"leaderboard_public": False, "reveal_totals": False},
            "after": {"leaderboard_public": False, "reveal_totals": True},
        }
    ]


async def test_organizer_hides_the_totals_again(organizer, world):
    await Round.update({Round.reveal_totals: True}).where(Round.id == world.round_id)
    response = await organizer.post_form(
        control_path(world), {"setting": "reveal_totals", "value": "false"}
    )
    assert response.headers["location"].endswith("/live")
    assert not (await options(world.round_id))["reveal_totals"]
    shown, again = await notice_shown_once(organizer, response.headers["location"])
    assert shown.count("The totals are hidden again on every screen.") == 1
    assert "The totals are hidden again on every screen." not in again
    assert "Reveal the totals" in again


async def test_organizer_makes_the_board_public_and_sees_its_link(organizer, world):
    response = await organizer.post_form(
        control_path(world), {"setting": "leaderboard_public", "value": "true"}
    )
    page = await organizer.get(response.headers["location"])
    assert page.status_code == 200
    assert 'id="live-notice"' in page.text
    assert page.text.count("The leaderboard is public now: anyone with the link can watch it.") == 1
    assert f"http://testserver.local/live/rounds/{world.round_id}" in page.text
    assert "Make the leaderboard private" in page.text
    assert (await options(world.round_id))["leaderboard_public"]


async def test_control_panel_warns_when_the_competition_is_not_public(organizer, world):
    await Round.update({Round.leaderboard_public: True}).where(Round.id == world.round_id)
    await Competition.update({Competition.is_public: False}).where(
        Competition.id == world.competition_id
    )
    page = await organizer.get(control_path(world))
    assert "The competition itself is not public" in page.text


async def test_toggle_without_a_setting_is_refused_and_changes_nothing(organizer, world):
    response = await organizer.post_form(control_path(world), {"value": "true"})
    assert response.status_code == 400
    assert 'id="form-errors"' in response.text
    assert await options(world.round_id) == {"leaderboard_public": False, "reveal_totals": False}
    assert await live_events(world.round_id) == []


async def test_api_changes_only_the_options_sent(organizer, world):
    response = await organizer.api("PATCH", api_path(world), json={"leaderboard_public": True})
    assert response.status_code == 200
    assert response.json() == {"leaderboard_public": True, "reveal_totals": False}
    assert (await organizer.get(api_path(world))).json() == response.json()


async def test_api_patch_that_changes_nothing_is_not_audited(organizer, world):
    response = await organizer.api("PATCH", api_path(world), json={"reveal_totals": False})
    assert response.status_code == 200
    assert await live_events(world.round_id) == []


async def test_api_rejects_an_option_that_is_not_a_boolean(organizer, world):
    response = await organizer.api("PATCH", api_path(world), json={"reveal_totals": "soon"})
    assert response.status_code == 400


async def test_round_of_another_competition_is_not_found(organizer, world):
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    elsewhere = Round(competition=other.id, name_en="Final", name_zh="决赛")
    await elsewhere.save()
    path = f"/organize/{world.competition_id}/rounds/{elsewhere.id}/live"
    assert (await organizer.get(path)).status_code == 404
    response = await organizer.post_form(path, {"setting": "reveal_totals", "value": "true"})
    assert response.status_code == 404


async def test_each_change_is_announced_on_the_rounds_channel(organizer, world):
    async with channels_plugin("") as channels:
        subscriber = await channels.subscribe(channel_name(world.round_id))
        events = subscriber.iter_events()
        await organizer.api("PATCH", api_path(world), json={"reveal_totals": True})
        event = await asyncio.wait_for(anext(events), timeout=1)
        await channels.unsubscribe(subscriber)
    assert msgspec.json.decode(event) == {"round_id": world.round_id}


async def test_a_notice_flag_in_the_url_shows_nothing(organizer, world):
    page = await organizer.get(f"{control_path(world)}?notice=reveal_totals_on")
    assert page.status_code == 200
    assert 'id="live-notice"' not in page.text
    assert "The totals are revealed on every screen." not in page.text
