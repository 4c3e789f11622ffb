"""Announcing what changed on a round to its live leaderboards, and the feeds that keep every
screen current.

Each change that can move the board (a scorecard saved, the organizer revealing totals or
making the board public, moderation or publication) is announced on the channel
``round:<id>`` of Litestar's channels plugin: Redis pub/sub when ``JUDGING_REDIS_URL`` is
set, so every app process hears it, else in memory. The announcement carries only the round
id, never a score or a judge. Changes made elsewhere reach it as events
(:mod:`judging.events`): a saved scorecard, and a round whose board may show something else
(moderation, an adopted policy, advancement).

Each app process keeps one :class:`RoundFeed` per watched round: it hears the round's
channel, recomputes the round's :class:`~judging.results.live.schemas.LiveState` once per
burst of changes (at most one recomputation per ``COALESCE_SECONDS``) and hands it to every
screen connected to that process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections.abc import AsyncIterator
from typing import Any

from litestar.channels import ChannelsPlugin
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from litestar.events import listener
from redis.asyncio import Redis

from judging import events
from judging.errors import NotFound
from judging.results.live.access import Audience
from judging.results.live.schemas import LiveState
from judging.results.live.state import SUBMITTED_CARD, round_state

logger = logging.getLogger("judging.live")


# A burst of changes is sent as one state; one recomputation per round at most this often.
COALESCE_SECONDS = 0.1
# Without changes, a feed recomputes this often (a safety net for a missed announcement)
# and each screen gets a comment line (keeps proxies from closing a quiet connection).
KEEPALIVE_SECONDS = 15.0


# ---------------------------------------------------------------- announcing changes


def channel_name(round_id: int) -> str:
    return f"round:{round_id}"


# The running channels of each event loop, so services announce changes without HTTP types.
# A served app has one; tests start and stop theirs around the loop they share.
_RUNNING: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LiveChannels] = (
    weakref.WeakKeyDictionary()
)


async def notify_round_changed(round_id: int) -> None:
    """Tell every screen watching the round, in every app process, that its board may have
    changed. Call after the change is committed. Never fails the caller: without running
    channels (a script, a test without the app's lifespan) or when Redis is down, the screens
    catch up at their next periodic refresh."""
    channels = _RUNNING.get(asyncio.get_running_loop())
    if channels is None:
        return
    try:
        await channels.wait_published({"round_id": round_id}, channel_name(round_id))
    except Exception:
        logger.warning("Could not announce a change of round %s", round_id, exc_info=True)


@listener(events.SCORECARD_SAVED)
async def scorecard_saved(
    round_id: int, submission_id: int, status_before: str | None, status_after: str
) -> None:
    """A judge's save was committed: the board changes when the card is or was submitted
    (a draft saved over a draft changes nothing the board shows)."""
    if SUBMITTED_CARD in (status_before, status_after):
        await notify_round_changed(round_id)


@listener(events.ROUND_CHANGED)
async def round_changed(round_id: int) -> None:
    """Moderation, an adopted policy or an advancement was committed: the round's board may
    show something else."""
    await notify_round_changed(round_id)


events.subscribe(scorecard_saved, round_changed)


# ---------------------------------------------------------------- feeds for the screens


class RoundFeed:
    """One round's board in this process, recomputed once per burst of changes and shared by
    every screen watching it here. Runs while at least one screen watches."""

    def __init__(self, channels: LiveChannels, round_id: int) -> None:
        self.channels = channels
        self.round_id = round_id
        self.state: LiveState | None = None
        # Raised to 1 by the first state; the round was deleted when ``gone``.
        self.version = 0
        self.gone = False
        self.watchers = 0
        # How often the board was computed (coalescing keeps it far below the changes heard).
        self.computations = 0
        self._updated = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"live feed {self.round_id}")

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def changed_since(self, version: int) -> None:
        """Return once the feed moved past ``version`` (a new state, or the round is gone)."""
        while self.version == version and not self.gone:
            await self._updated.wait()

    def _publish(self, state: LiveState | None) -> None:
        if state is None:
            self.gone = True
        elif state == self.state:
            return
        else:
            self.state = state
            self.version += 1
        # Wake every waiting screen; later waiters wait on a fresh event.
        updated, self._updated = self._updated, asyncio.Event()
        updated.set()

    async def _run(self) -> None:
        changed = asyncio.Event()

        async def heard(_: bytes) -> None:
            changed.set()

        name = channel_name(self.round_id)
        async with contextlib.AsyncExitStack() as stack:
            try:
                # Subscribed before the first state is computed: no change slips in between.
                subscriber = await self.channels.subscribe(name)
            except Exception:
                logger.exception("No live announcements for round %s; refreshing", self.round_id)
            else:
                stack.push_async_callback(self.channels.unsubscribe, subscriber, name)
                await stack.enter_async_context(subscriber.run_in_background(heard, join=False))
            await self._refresh(changed)

    async def _refresh(self, changed: asyncio.Event) -> None:
        while True:
            changed.clear()
            computed_at = time.monotonic()
            self.computations += 1
            try:
                self._publish(await round_state(self.round_id))
            except NotFound:
                self._publish(None)
                return
            except Exception:
                logger.exception("Live board of round %s failed; retrying", self.round_id)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), KEEPALIVE_SECONDS)
            # Changes arriving within the window are taken in by one recomputation.
            await asyncio.sleep(max(0.0, computed_at + COALESCE_SECONDS - time.monotonic()))


class LiveChannels(ChannelsPlugin):
    """Litestar's channels plugin for the live leaderboards (any ``round:<id>`` channel), with
    this process's round feeds. While the app runs, services of this process announce changes
    on it (:func:`notify_round_changed`)."""

    def __init__(self, backend: ChannelsBackend, redis: Redis | None = None) -> None:
        super().__init__(backend=backend, arbitrary_channels_allowed=True)
        # The Redis client of the backend, closed with the app (the backend leaves it open).
        self._redis = redis
        self.running = False
        self._feeds: dict[int, RoundFeed] = {}

    async def __aenter__(self) -> LiveChannels:
        await super().__aenter__()
        self.running = True
        _RUNNING[asyncio.get_running_loop()] = self
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self.running = False
        loop = asyncio.get_running_loop()
        if _RUNNING.get(loop) is self:
            del _RUNNING[loop]
        feeds, self._feeds = list(self._feeds.values()), {}
        await asyncio.gather(*(feed.stop() for feed in feeds))
        await super().__aexit__(*exc_info)
        if self._redis is not None:
            await self._redis.aclose()

    def join(self, round_id: int) -> RoundFeed:
        """The round's feed, started for the first screen."""
        feed = self._feeds.get(round_id)
        if feed is None:
            feed = self._feeds[round_id] = RoundFeed(self, round_id)
            feed.start()
        feed.watchers += 1
        return feed

    def leave(self, feed: RoundFeed) -> None:
        """A screen left; the feed stops with the last one. Synchronous, so it also runs in a
        request that is being cancelled because its client went away."""
        feed.watchers -= 1
        if feed.watchers == 0 and self._feeds.get(feed.round_id) is feed:
            del self._feeds[feed.round_id]
            feed.cancel()


def channels_plugin(redis_url: str) -> LiveChannels:
    """Redis pub/sub when ``redis_url`` is set (every app process hears every change), else
    in memory (one process)."""
    if redis_url:
        redis = Redis.from_url(redis_url)
        return LiveChannels(RedisChannelsPubSubBackend(redis=redis), redis)
    return LiveChannels(MemoryChannelsBackend())


async def watch(
    channels: LiveChannels, viewer: Audience, round_id: int
) -> AsyncIterator[LiveState | None]:
    """The round's board now and after every change; ``None`` after ``KEEPALIVE_SECONDS``
    without one. Ends when the round is deleted or, for a viewer who is not an organizer,
    when the board stops being public. Without running channels (an app driven without its
    lifespan) it yields the current board once and ends."""
    if not channels.running:
        yield await round_state(round_id)
        return
    feed = channels.join(round_id)
    try:
        seen = 0
        while True:
            try:
                await asyncio.wait_for(feed.changed_since(seen), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield None
                continue
            if feed.gone or feed.state is None:
                return
            if not (viewer.organizer or feed.state.public):
                return
            seen = feed.version
            yield feed.state
    finally:
        channels.leave(feed)
