"""Cross-domain events: a listener hears what it subscribed to, once, after the announcing
change; a failing listener never fails the change that caused it."""

from __future__ import annotations

from litestar.events import listener

from judging import events

HEARD: list[tuple[str, int]] = []


@listener("test_event_heard")
async def _hears(round_id: int) -> None:
    HEARD.append(("heard", round_id))


@listener("test_event_fails")
async def _fails(round_id: int) -> None:
    raise RuntimeError(f"listener of round {round_id} broke")


async def test_a_subscribed_listener_hears_each_announcement_once():
    HEARD.clear()
    events.subscribe(_hears)
    events.subscribe(_hears)
    await events.announce("test_event_heard", round_id=7)
    await events.announce("test_event_nobody_hears", round_id=8)
    assert HEARD == [("heard", 7)]


async def test_a_failing_listener_does_not_fail_the_announcement():
    HEARD.clear()
    events.subscribe(_fails)

    @listener("test_event_fails")
    async def _after(round_id: int) -> None:
        HEARD.append(("after", round_id))

    events.subscribe(_after)
    await events.announce("test_event_fails", round_id=3)
    assert HEARD == [("after", 3)]


def test_the_live_board_listens_to_saved_scorecards():
    from judging.results.live.channels import scorecard_saved

    assert scorecard_saved.event_ids == frozenset({events.SCORECARD_SAVED})
    assert scorecard_saved in events.listeners_of(events.SCORECARD_SAVED)


def test_the_live_board_listens_to_changed_rounds():
    from judging.results.live.channels import round_changed

    assert round_changed.event_ids == frozenset({events.ROUND_CHANGED})
    assert round_changed in events.listeners_of(events.ROUND_CHANGED)
