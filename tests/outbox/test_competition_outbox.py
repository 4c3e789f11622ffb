"""Organizers read the mails their competition sent; nothing of other competitions or accounts."""

import pytest

from judging.demo import DEMO_PASSWORD, demo_email
from judging.outbox.services import queue_mail
from judging.outbox.tables import OutboxMessage
from tests.reviews.judging_world import build_world


@pytest.fixture
async def organizer(client, demo):
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    return client


async def test_a_reminder_is_filed_under_its_competition(organizer, demo):
    world = await build_world(demo.id)
    await organizer.post_form(
        f"/organize/{demo.id}/rounds/{world.round_id}/progress/reminders", {"to": "all"}
    )
    rows = await OutboxMessage.select(OutboxMessage.competition_id).where(
        OutboxMessage.kind == "judging_reminder"
    )
    assert [row["competition_id"] for row in rows] == [demo.id, demo.id]


async def test_organizers_see_the_mails_their_competition_sent(organizer, demo):
    world = await build_world(demo.id)
    await organizer.post_form(
        f"/organize/{demo.id}/rounds/{world.round_id}/progress/reminders",
        {"to": str(world.judge1.id)},
    )
    page = await organizer.get(f"/organize/{demo.id}/outbox")
    assert page.status_code == 200
    assert world.judge1.email in page.text
    assert "Reminder" in page.text or "提醒" in page.text


async def test_the_competition_outbox_shows_no_other_competitions_or_account_mails(organizer, demo):
    context = {"name": "X", "link": "http://x/reset", "minutes": 60}
    await queue_mail("stranger@example.com", "password_reset", **context)
    other = await queue_mail(
        "elsewhere@example.com", "password_reset", competition_id=demo.id + 1000, **context
    )
    assert other.competition_id == demo.id + 1000
    page = await organizer.get(f"/organize/{demo.id}/outbox")
    assert page.status_code == 200
    assert "stranger@example.com" not in page.text
    assert "elsewhere@example.com" not in page.text
    assert "No mail was sent for this competition yet." in page.text


async def test_an_invitation_is_in_its_competitions_outbox(organizer, demo):
    response = await organizer.post_form(
        f"/organize/{demo.id}/people/invitations",
        {"email": "newjudge@example.com", "role": "judge"},
    )
    assert response.status_code == 303
    mail = await OutboxMessage.objects().get(OutboxMessage.to_address == "newjudge@example.com")
    assert mail.competition_id == demo.id
    page = await organizer.get(f"/organize/{demo.id}/outbox")
    assert "newjudge@example.com" in page.text
