"""The live leaderboard of a round: what the big screen shows while judges score a final.

Each change that can move the board (a scorecard saved, the organizer revealing totals or
making the board public, moderation or publication) is announced on the channel
``round:<id>`` of Litestar's channels plugin: Redis pub/sub when ``JUDGING_REDIS_URL`` is
set, so every app process hears it, else in memory. The announcement carries only the round
id, never a score or a judge.

Each app process keeps one :class:`RoundFeed` per watched round: it hears the round's
channel, recomputes the round's :class:`LiveState` once per burst of changes (at most one
recomputation per ``COALESCE_SECONDS``) and hands it to every screen connected to that
process. Before the organizer reveals totals a state holds only progress (scorecards in per
project, of those expected); afterwards it also holds ranks and totals. It never names judges
and never carries notes or comments; in blind rounds it shows titles only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
import weakref
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from typing import Any, Literal

import msgspec
import pandas as pd
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from litestar.events import listener
from redis.asyncio import Redis

import scoring
from judging import events
from judging.accounts.tables import Account
from judging.assignments.tables import Assignment
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.tables import Round
from judging.database import writing
from judging.errors import NotFound
from judging.results.publication.shown import Shown, latest_shown
from judging.results.sheets.round_ranking import round_ranking
from judging.reviews.tables import Scorecard
from judging.submissions.participation import round_project_ids
from judging.submissions.tables import Submission

logger = logging.getLogger("judging.live")

# A card counts on the board once submitted (drafts and returned cards do not).
SUBMITTED_CARD = "submitted"
# A burst of changes is sent as one state; one recomputation per round at most this often.
COALESCE_SECONDS = 0.1
# Without changes, a feed recomputes this often (a safety net for a missed announcement)
# and each screen gets a comment line (keeps proxies from closing a quiet connection).
KEEPALIVE_SECONDS = 15.0
LIVE_OPTIONS = ("leaderboard_public", "reveal_totals")


# ---------------------------------------------------------------- what a screen receives


class LiveProject(msgspec.Struct, kw_only=True):
    """One project on the board. ``rank`` and ``score`` stay null until totals are revealed;
    ``organization`` is null in blind rounds."""

    submission_id: int
    # Position in the pitch order (projects in order of their submission id), from 1.
    pitch: int
    title: str
    organization: str | None
    track_key: str
    track_name_en: str
    track_name_zh: str
    cards_in: int
    cards_expected: int
    rank: int | None = None
    score: float | None = None


class LiveState(msgspec.Struct, kw_only=True):
    """The board of a round at one moment: progress always, ranks and totals once revealed.

    Before reveal, projects are in pitch order; after, by rank (unranked ones last).
    """

    round_id: int
    competition_id: int
    round_name_en: str
    round_name_zh: str
    competition_name_en: str
    competition_name_zh: str
    # Anyone may watch (the organizer made the board public and the competition is public).
    public: bool
    revealed: bool
    cards_in: int
    cards_expected: int
    projects: list[LiveProject]


class LiveOptions(msgspec.Struct):
    """What the organizer controls on a live round."""

    leaderboard_public: bool
    reveal_totals: bool


class LiveOptionsPatch(msgspec.Struct, kw_only=True):
    """Only the options sent change."""

    leaderboard_public: bool | msgspec.UnsetType = msgspec.UNSET
    reveal_totals: bool | msgspec.UnsetType = msgspec.UNSET


class LiveToggle(msgspec.Struct, kw_only=True):
    """One button of the control panel: set one option on or off."""

    setting: Literal["leaderboard_public", "reveal_totals"]
    value: bool


# ---------------------------------------------------------------- the state (pure)


def _score(value: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return round(number, 2) if math.isfinite(number) else None


def build_state(
    round_values: Mapping[str, Any],
    projects: Sequence[Mapping[str, Any]],
    assigned: Iterable[tuple[int, int]],
    submitted: Iterable[tuple[int, int]],
    ranking: pd.DataFrame | None,
) -> LiveState:
    """The board from its inputs; pure.

    ``round_values`` is a round row with ``competition_name_en``, ``competition_name_zh`` and
    ``competition_is_public``. ``projects`` are the projects taking part (``id``, ``title``,
    ``organization``, ``track_key``, ``track_name_en``, ``track_name_zh``). ``assigned`` and
    ``submitted`` are (submission id, judge id) pairs of the round's assignments and submitted
    scorecards; a card counts when its judge is assigned to its project. ``ranking`` is the
    round's ranking table (``submission_id``, ``rank``, ``score``) when totals are revealed,
    else None: nothing of it reaches the state then.
    """
    revealed = bool(round_values["reveal_totals"])
    blind = bool(round_values["is_blind"])
    assignments = set(assigned)
    expected = Counter(submission for submission, _ in assignments)
    received = Counter(pair[0] for pair in set(submitted) if pair in assignments)
    ranked: dict[int, tuple[int | None, float | None]] = {}
    if revealed and ranking is not None:
        for row in ranking.itertuples(index=False):
            rank = None if pd.isna(row.rank) else int(row.rank)
            ranked[int(row.submission_id)] = (rank, _score(row.score))
    board = []
    for pitch, project in enumerate(sorted(projects, key=lambda row: row["id"]), start=1):
        rank, score = ranked.get(project["id"], (None, None))
        board.append(
            LiveProject(
                submission_id=project["id"],
                pitch=pitch,
                title=project["title"],
                organization=None if blind else project["organization"],
                track_key=project["track_key"],
                track_name_en=project["track_name_en"],
                track_name_zh=project["track_name_zh"],
                cards_in=received[project["id"]],
                cards_expected=expected[project["id"]],
                rank=rank,
                score=score,
            )
        )
    if revealed:
        # Ranked first by rank, then scored ones best first, then the rest in pitch order.
        board.sort(
            key=lambda item: (
                item.rank is None,
                item.rank or 0,
                item.score is None,
                -(item.score or 0.0),
                item.pitch,
            )
        )
    return LiveState(
        round_id=round_values["id"],
        competition_id=round_values["competition"],
        round_name_en=round_values["name_en"],
        round_name_zh=round_values["name_zh"],
        competition_name_en=round_values["competition_name_en"],
        competition_name_zh=round_values["competition_name_zh"],
        public=bool(round_values["leaderboard_public"] and round_values["competition_is_public"]),
        revealed=revealed,
        cards_in=sum(item.cards_in for item in board),
        cards_expected=sum(item.cards_expected for item in board),
        projects=board,
    )


# ---------------------------------------------------------------- loading it


_ROUND_COLUMNS = (
    Round.id,
    Round.competition,
    Round.name_en,
    Round.name_zh,
    Round.is_blind,
    Round.leaderboard_public,
    Round.reveal_totals,
    Round.competition.name_en.as_alias("competition_name_en"),
    Round.competition.name_zh.as_alias("competition_name_zh"),
    Round.competition.is_public.as_alias("competition_is_public"),
)


async def _live_round(round_id: int) -> dict[str, Any]:
    row = await Round.select(*_ROUND_COLUMNS).where(Round.id == round_id).first()
    if row is None:
        raise NotFound()
    return row


async def _projects(competition_id: int, project_ids: list[int]) -> list[dict[str, Any]]:
    taking_part = set(project_ids)
    rows = await Submission.select(
        Submission.id,
        Submission.title,
        Submission.organization,
        Submission.track.key.as_alias("track_key"),
        Submission.track.name_en.as_alias("track_name_en"),
        Submission.track.name_zh.as_alias("track_name_zh"),
    ).where(Submission.competition == competition_id)
    return [row for row in rows if row["id"] in taking_part]


def as_published(projects: list[dict[str, Any]], shown: Shown | None) -> list[dict[str, Any]]:
    """Once the round is published the board is its record: a project in the latest version
    reads as published there (title, organization, track), not as edited since."""
    if shown is None:
        return projects
    board = []
    for row in projects:
        frozen = shown.projects.get(row["id"])
        if frozen is None:
            board.append(row)
            continue
        track = shown.tracks.get(frozen["track_key"], {})
        board.append(
            {
                **row,
                "title": frozen["title"],
                "organization": frozen["organization"],
                "track_key": frozen["track_key"],
                "track_name_en": track.get("name_en", row["track_name_en"]),
                "track_name_zh": track.get("name_zh", row["track_name_zh"]),
            }
        )
    return board


async def _ranking_table(round_id: int) -> pd.DataFrame | None:
    try:
        return (await round_ranking(round_id)).table
    except scoring.ScoringInputError:
        # An unfinished rubric cannot rank; the board then shows progress only.
        logger.warning("Round %s cannot be ranked for its live leaderboard", round_id)
        return None


async def round_state(round_id: int) -> LiveState:
    """The live board of the round as it is now (:class:`NotFound` for an unknown round)."""
    values = await _live_round(round_id)
    projects = as_published(
        await _projects(values["competition"], await round_project_ids(round_id)),
        await latest_shown(round_id),
    )
    assigned = await Assignment.select(Assignment.submission, Assignment.judge).where(
        Assignment.round == round_id
    )
    submitted = await Scorecard.select(Scorecard.submission, Scorecard.judge).where(
        (Scorecard.round == round_id) & (Scorecard.status == SUBMITTED_CARD)
    )
    ranking = await _ranking_table(round_id) if values["reveal_totals"] else None
    return build_state(
        values,
        projects,
        ((row["submission"], row["judge"]) for row in assigned),
        ((row["submission"], row["judge"]) for row in submitted),
        ranking,
    )


# ---------------------------------------------------------------- who may watch


class Audience(msgspec.Struct, frozen=True):
    """Why a viewer may watch a round's board: as its organizer, or because it is public."""

    round_id: int
    competition_id: int
    organizer: bool


async def audience(account: Account | None, round_id: int) -> Audience:
    """The viewer's access to the round's board, else :class:`NotFound` (never revealing that
    a private board exists). Organizers of the competition and platform admins always; anyone
    else only while the board is public and the competition is public."""
    values = await _live_round(round_id)
    competition_id = values["competition"]
    if account is not None and await competitions.has_role(
        account, competition_id, competitions.ORGANIZER
    ):
        return Audience(round_id, competition_id, organizer=True)
    if values["leaderboard_public"] and values["competition_is_public"]:
        return Audience(round_id, competition_id, organizer=False)
    raise NotFound()


# ---------------------------------------------------------------- the organizer's controls


async def live_options(competition_id: int, round_id: int) -> LiveOptions:
    found = await competitions.get_round(competition_id, round_id)
    return LiveOptions(found.leaderboard_public, found.reveal_totals)


async def set_live_options(
    competition_id: int, round_id: int, patch: LiveOptionsPatch, actor_id: int
) -> LiveOptions:
    """Change the options sent (audited when anything changes) and tell the round's screens."""
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET
    }
    async with writing():
        found = await competitions.get_round(competition_id, round_id)
        before = {name: getattr(found, name) for name in LIVE_OPTIONS}
        after = {**before, **changes}
        if after != before:
            await Round.update(
                {getattr(Round, name): value for name, value in changes.items()}
            ).where(Round.id == round_id)
            await audit.record(
                actor_id=actor_id,
                entity="round",
                entity_id=round_id,
                action="live_options_changed",
                before=before,
                after=after,
            )
    if after != before:
        await notify_round_changed(round_id)
    return LiveOptions(**after)


def toggle_patch(toggle: LiveToggle) -> LiveOptionsPatch:
    """The control panel's button as a patch of one option."""
    return LiveOptionsPatch(**{toggle.setting: toggle.value})


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


events.subscribe(scorecard_saved)


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
