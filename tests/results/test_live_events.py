"""Changes reach the screens watching a round: through the channels in memory and in Redis,
with the real judging and control services announcing them after they commit."""

import asyncio
from collections.abc import AsyncIterator

import msgspec
import pytest

from judging.clock import utcnow
from judging.competitions.tables import Round
from judging.results.live.access import Audience
from judging.results.live.channels import (
    LiveChannels,
    channel_name,
    channels_plugin,
    notify_round_changed,
    watch,
)
from judging.results.live.options import set_live_options
from judging.results.live.schemas import LiveOptionsPatch, LiveState
from judging.results.live.state import round_state
from judging.reviews import services as reviews
from judging.reviews.schemas import ScorecardSave
from tests.conftest import REDIS_URL
from tests.reviews.judging_world import build_world, judge, scores
from tests.support import redis_available, unavailable

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(params=["memory", "redis"])
async def channels(request) -> AsyncIterator[LiveChannels]:
    """The live channels, started as a served app starts them, on either backend."""
    url = ""
    if request.param == "redis":
        if reason := await redis_available(REDIS_URL):
            unavailable(reason)
        url = REDIS_URL
    async with channels_plugin(url) as started:
        yield started


@pytest.fixture
async def world(demo):
    found = await build_world(demo.id)
    await Round.update({Round.leaderboard_public: True}).where(Round.id == found.round_id)
    return found


async def save(world, handle: str, submission_id: int, action: str, version: int = 0) -> None:
    card = ScorecardSave(scores=scores(), version=version, action=action)
    await reviews.save_scorecard(await judge(handle), world.round_id, submission_id, card, utcnow())


async def next_state(screen: AsyncIterator, within: float = 1.0) -> LiveState:
    """The next state the screen receives (keepalives skipped), within ``within`` seconds."""
    while True:
        state = await asyncio.wait_for(anext(screen), within)
        if state is not None:
            return state


def screen_of(channels, world, organizer: bool = False) -> AsyncIterator:
    viewer = Audience(world.round_id, world.competition_id, organizer=organizer)
    return watch(channels, viewer, world.round_id)


async def test_a_submitted_scorecard_reaches_a_watching_screen_within_a_second(channels, world):
    screen = screen_of(channels, world)
    assert (await next_state(screen)).cards_in == 0
    await save(world, "judge1", world.projects[0], "submit")
    state = await next_state(screen, within=1.0)
    assert (state.cards_in, state.projects[0].cards_in) == (1, 1)
    await screen.aclose()


async def test_revealing_the_totals_turns_every_screen_to_ranks_and_totals(channels, world):
    await save(world, "judge1", world.projects[0], "submit")
    screen = screen_of(channels, world)
    assert not (await next_state(screen)).revealed
    await set_live_options(
        world.competition_id,
        world.round_id,
        LiveOptionsPatch(reveal_totals=True),
        world.judge1.id,
    )
    state = await next_state(screen)
    assert state.revealed
    assert state.projects[0].score is not None
    await screen.aclose()


async def test_anonymous_screens_close_when_the_board_turns_private(channels, world):
    audience_screen = screen_of(channels, world)
    organizer_screen = screen_of(channels, world, organizer=True)
    await next_state(audience_screen)
    await next_state(organizer_screen)
    await set_live_options(
        world.competition_id,
        world.round_id,
        LiveOptionsPatch(leaderboard_public=False),
        world.judge1.id,
    )
    with pytest.raises(StopAsyncIteration):
        await next_state(audience_screen)
    assert not (await next_state(organizer_screen)).public
    await organizer_screen.aclose()


async def test_screens_close_when_the_round_is_deleted(channels, world):
    screen = screen_of(channels, world, organizer=True)
    await next_state(screen)
    await Round.delete().where(Round.id == world.round_id)
    await notify_round_changed(world.round_id)
    with pytest.raises(StopAsyncIteration):
        await next_state(screen)


async def test_screens_of_a_round_share_one_feed_that_stops_with_the_last(channels, world):
    first, second = channels.join(world.round_id), channels.join(world.round_id)
    assert first is second
    channels.leave(first)
    assert channels.join(world.round_id) is first
    channels.leave(first)
    channels.leave(first)
    assert channels.join(world.round_id) is not first
    channels.leave(channels.join(world.round_id))


async def test_a_burst_of_changes_is_computed_a_few_times_not_once_per_change(channels, world):
    screen = screen_of(channels, world)
    await next_state(screen)
    feed = channels.join(world.round_id)
    before = feed.computations
    for _ in range(20):
        await notify_round_changed(world.round_id)
    await save(world, "judge1", world.projects[0], "submit")
    assert (await next_state(screen)).cards_in == 1
    # 21 changes within about 100 ms: one computation per window, not one per change.
    assert feed.computations - before < 6
    channels.leave(feed)
    await screen.aclose()


async def test_an_unchanged_board_sends_no_new_state(channels, world):
    screen = screen_of(channels, world)
    await next_state(screen)
    await notify_round_changed(world.round_id)  # nothing changed
    await save(world, "judge2", world.projects[1], "submit")
    state = await next_state(screen)
    assert state.cards_in == 1
    await screen.aclose()


async def test_a_draft_saved_over_a_draft_announces_nothing(world):
    async with channels_plugin("") as channels:
        name = channel_name(world.round_id)
        subscriber = await channels.subscribe(name)
        events = subscriber.iter_events()
        await save(world, "judge1", world.projects[0], "draft")
        await save(world, "judge1", world.projects[0], "draft", version=1)
        await channels.wait_published(b"marker", name)
        assert await asyncio.wait_for(anext(events), 1) == b"marker"
        await save(world, "judge1", world.projects[0], "submit", version=2)
        event = await asyncio.wait_for(anext(events), 1)
        assert msgspec.json.decode(event) == {"round_id": world.round_id}
        await channels.unsubscribe(subscriber)


async def test_without_running_channels_a_save_still_succeeds(world):
    await save(world, "judge1", world.projects[0], "submit")
    state = await round_state(world.round_id)
    assert state.cards_in == 1
