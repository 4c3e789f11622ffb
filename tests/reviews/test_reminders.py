"""Reminders are throttled per judge and round: a second click inside the window mails nobody
twice and says whom it skipped; the page shows when each judge was last reminded; a forced
resend is its own action."""

import asyncio
from datetime import timedelta

import pytest

from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.demo import DEMO_PASSWORD, demo_email
from judging.outbox.tables import OutboxMessage
from judging.reviews import progress
from judging.reviews.tables import JudgeReminder


@pytest.fixture
async def organizer(client, world):
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    return client


def _progress_path(world) -> str:
    return f"/organize/{world.competition_id}/rounds/{world.round_id}/progress"


async def _reminders_to(address: str) -> int:
    return await OutboxMessage.count().where(
        (OutboxMessage.kind == "judging_reminder") & (OutboxMessage.to_address == address)
    )


async def test_reminding_everyone_twice_mails_each_judge_once_and_says_whom_it_skipped(
    world, organizer
):
    first = await organizer.post_form(f"{_progress_path(world)}/reminders", {"to": "all"})
    assert first.headers["location"] == _progress_path(world)
    page = (await organizer.get(first.headers["location"])).text
    assert "Reminders queued in the outbox: 2." in page
    assert 'id="reminder-skipped"' not in page
    second = await organizer.post_form(f"{_progress_path(world)}/reminders", {"to": "all"})
    assert second.headers["location"] == _progress_path(world)
    assert await _reminders_to(world.judge1.email) == 1
    assert await _reminders_to(world.judge2.email) == 1
    page = (await organizer.get(second.headers["location"])).text
    assert "Judges not mailed again because they were reminded less than 6 hours ago: 2." in page
    assert "Reminders queued in the outbox" not in page


async def test_the_progress_shows_when_each_judge_was_last_reminded(world, organizer):
    await organizer.post_form(f"{_progress_path(world)}/reminders", {"to": str(world.judge1.id)})
    progress = (
        await organizer.api(
            "GET", f"/api/v1/competitions/{world.competition_id}/rounds/{world.round_id}/progress"
        )
    ).json()
    reminded = {row["judge_id"]: row["last_reminded_at"] for row in progress["judges"]}
    assert reminded[world.judge1.id] is not None
    assert reminded[world.judge2.id] is None
    page = (await organizer.get(_progress_path(world))).text
    assert "Last reminded" in page
    assert f'id="judge-{world.judge1.id}-reminded"' in page


async def test_a_judge_reminded_recently_is_skipped_and_can_be_reminded_again_on_purpose(
    world, organizer
):
    target = {"to": str(world.judge1.id)}
    await organizer.post_form(f"{_progress_path(world)}/reminders", target)
    await organizer.get(_progress_path(world))  # shows, and so clears, the first notice
    skipped = await organizer.post_form(f"{_progress_path(world)}/reminders", target)
    assert skipped.headers["location"] == _progress_path(world)
    assert await _reminders_to(world.judge1.email) == 1
    page = (await organizer.get(skipped.headers["location"])).text
    assert "reminded less than 6 hours ago: 1." in page
    assert "Reminders queued in the outbox" not in page
    assert "Remind again now" in page
    forced = await organizer.post_form(
        f"{_progress_path(world)}/reminders", {**target, "force": "true"}
    )
    assert forced.headers["location"] == _progress_path(world)
    assert "Reminders queued in the outbox: 1." in (await organizer.get(_progress_path(world))).text
    assert await _reminders_to(world.judge1.email) == 2
    events = (
        await AuditEvent.select(AuditEvent.after)
        .where(AuditEvent.action == "judging_reminder_sent")
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    assert [event["after"]["forced"] for event in events] == [False, True]


async def test_a_judge_is_reminded_again_once_the_throttle_window_has_passed(world, organizer):
    target = {"to": str(world.judge1.id)}
    await organizer.post_form(f"{_progress_path(world)}/reminders", target)
    await JudgeReminder.update(
        {JudgeReminder.last_sent_at: utcnow() - progress.REMINDER_THROTTLE - timedelta(minutes=1)}
    ).where(JudgeReminder.judge == world.judge1.id)
    again = await organizer.post_form(f"{_progress_path(world)}/reminders", target)
    assert again.headers["location"] == _progress_path(world)
    assert "Reminders queued in the outbox: 1." in (await organizer.get(_progress_path(world))).text
    assert await _reminders_to(world.judge1.email) == 2


async def test_the_api_reports_skipped_judges_and_forces_only_when_asked(world, organizer):
    path = f"/api/v1/competitions/{world.competition_id}/rounds/{world.round_id}/progress"
    first = await organizer.api("POST", f"{path}/reminders", json={"to": "all"})
    second = await organizer.api("POST", f"{path}/reminders", json={"to": "all"})
    forced = await organizer.api("POST", f"{path}/reminders", json={"to": "all", "force": True})
    assert first.json() == {"sent": 2, "skipped": []}
    assert sorted(second.json()["skipped"]) == sorted([world.judge1.id, world.judge2.id])
    assert second.json()["sent"] == 0
    assert forced.json() == {"sent": 2, "skipped": []}


async def test_two_reminders_racing_mail_each_judge_once(world):
    from judging.accounts.tables import Account

    organizer = await Account.objects().get(Account.email == demo_email("organizer"))

    async def remind():
        return await progress.send_reminders(
            world.competition_id, world.round_id, None, organizer, "http://x", utcnow()
        )

    outcomes = await asyncio.gather(remind(), remind())
    assert sorted(outcome.sent for outcome in outcomes) == [0, 2]
    assert await _reminders_to(world.judge1.email) == 1
    assert await _reminders_to(world.judge2.email) == 1
