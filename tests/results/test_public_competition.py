"""A competition's public page: "Enter a project" only while entries are open, else when they
open or when they closed, in the competition's time zone; the live board linked while public."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from judging.clock import utcnow
from judging.competitions.tables import Round
from judging.submissions.schemas import SubmissionWindow

PUBLIC = "/competitions/china-gate-master-2021"
SHANGHAI = "Asia/Shanghai"


async def _first_round(demo) -> Round:
    return (
        await Round.objects().where(Round.competition == demo.id).order_by(Round.position).first()
    )


async def _set_window(demo, opens_at: datetime | None, closes_at: datetime | None) -> None:
    first = await _first_round(demo)
    await Round.update(
        {Round.submission_opens_at: opens_at, Round.submission_closes_at: closes_at}
    ).where(Round.id == first.id)


def _entry_window(page: str) -> str:
    start = page.index('id="entry-window"')
    return page[start : page.index("</div>", start)]


async def test_an_open_competition_offers_entry_and_says_when_entries_close(client, demo):
    closes = utcnow().replace(microsecond=0) + timedelta(days=3)
    await _set_window(demo, utcnow() - timedelta(days=1), closes)
    shown = _entry_window((await client.get(PUBLIC)).text)
    assert f"/projects/new?competition={demo.id}" in shown
    assert "Enter a project" in shown
    assert "Entries close on" in shown
    assert f'<time class="countdown" datetime="{closes.isoformat()}">in 3 days</time>' in shown


async def test_the_countdown_speaks_the_pages_language(client, demo):
    opens = utcnow().replace(microsecond=0) + timedelta(hours=5, minutes=10)
    await _set_window(demo, opens, opens + timedelta(days=30))
    page = (await client.get(PUBLIC, headers={"accept-language": "zh-CN"})).text
    assert ">5小时后</time>" in _entry_window(page)
    assert "countdown.js" in page


async def test_after_the_deadline_the_page_says_when_entries_closed_and_offers_no_entry(
    client, demo
):
    closed = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)
    await _set_window(demo, closed - timedelta(days=30), closed)
    page = (await client.get(PUBLIC)).text
    shown = _entry_window(page)
    assert "Entries closed on" in shown
    # 15:30 UTC is 23:30 in Nanjing, the competition's zone.
    assert "Mar 1, 2026, 11:30" in shown
    assert "/projects/new" not in page
    assert "Enter a project" not in page


async def test_before_the_window_the_page_says_when_entries_open(client, demo):
    opens = utcnow() + timedelta(days=5)
    await _set_window(demo, opens, opens + timedelta(days=30))
    page = (await client.get(PUBLIC)).text
    assert "Entries open on" in _entry_window(page)
    assert "/projects/new" not in page


async def test_the_entry_window_reads_in_chinese(client, demo):
    closed = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)
    await _set_window(demo, closed - timedelta(days=30), closed)
    page = (await client.get(PUBLIC, headers={"accept-language": "zh-CN"})).text
    shown = _entry_window(page)
    assert "报名已于2026年3月1日 23:30" in shown
    assert "Entries" not in shown


async def test_the_live_board_is_linked_while_it_is_public(client, demo):
    first = await _first_round(demo)
    board = f'href="/live/rounds/{first.id}"'
    await Round.update({Round.leaderboard_public: False}).where(Round.competition == demo.id)
    assert board not in (await client.get(PUBLIC)).text
    await Round.update({Round.leaderboard_public: True}).where(Round.id == first.id)
    page = (await client.get(PUBLIC)).text
    assert board in page
    assert (await client.get(f"/live/rounds/{first.id}")).status_code == 200


NOW = datetime(2026, 6, 1, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("opens_at", "closes_at", "has_round", "phase"),
    [
        (None, None, False, "none"),
        (None, None, True, "open"),
        (NOW + DAY, None, True, "upcoming"),
        (NOW, NOW + DAY, True, "open"),
        (NOW - DAY, NOW, True, "closed"),
        (None, NOW - DAY, True, "closed"),
    ],
)
def test_the_window_phase_is_where_now_falls(opens_at, closes_at, has_round, phase):
    window = SubmissionWindow(opens_at, closes_at, SHANGHAI, has_round=has_round)
    assert window.phase(NOW) == phase
    assert window.is_open(NOW) == (phase == "open")


async def test_the_entrants_dashboard_counts_down_to_the_deadline_of_an_unsubmitted_project(
    app, demo
):
    from tests.submissions.entrant_world import project_json, signed_in, track

    closes = utcnow().replace(microsecond=0) + timedelta(days=2, hours=1)
    await _set_window(demo, utcnow() - timedelta(days=1), closes)
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        created = await client.api("POST", "/api/v1/projects", json=project_json(ai.id))
        page = (await client.get("/projects")).text
    project_id = created.json()["id"]
    start = page.index(f'id="deadline-{project_id}"')
    shown = page[start : page.index("</p>", start)]
    assert "Submit it before" in shown
    assert ">in 2 days</time>" in shown
