"""The outbox delivers to a real SMTP server (aiosmtpd on 127.0.0.1) exactly once per mail."""

from __future__ import annotations

import email
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from judging.clock import utcnow
from judging.outbox.services import MAX_ATTEMPTS, deliver_pending, queue_mail
from judging.outbox.tables import OutboxMessage
from tests.support import free_port

FROM = "China Gate Master <noreply@chinagate.test>"


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", mailbox
    finally:
        controller.stop()


async def test_queued_mail_is_delivered_over_smtp_and_marked_sent(db, smtp_server):
    url, mailbox = smtp_server
    await queue_mail(
        "judge@example.com",
        "password_reset",
        name="Judge Dee",
        link="http://127.0.0.1:8000/password/reset/abc",
        minutes=60,
    )
    delivered = await deliver_pending(url, FROM, utcnow())
    assert delivered == 1
    assert len(mailbox.messages) == 1
    received = mailbox.messages[0]
    assert received["To"] == "judge@example.com"
    assert "Choose a new password" in str(
        email.header.make_header(email.header.decode_header(received["Subject"]))
    )
    assert "http://127.0.0.1:8000/password/reset/abc" in received.get_payload(decode=True).decode()
    row = await OutboxMessage.objects().first()
    assert row.sent_at is not None


async def test_a_sent_mail_is_never_sent_again(db, smtp_server):
    url, mailbox = smtp_server
    await queue_mail("a@example.com", "password_reset", name="A", link="http://x/1", minutes=5)
    await deliver_pending(url, FROM, utcnow())
    assert await deliver_pending(url, FROM, utcnow()) == 0
    assert len(mailbox.messages) == 1


async def test_unreachable_server_records_the_error_and_keeps_the_mail(db):
    await queue_mail("a@example.com", "password_reset", name="A", link="http://x/1", minutes=5)
    url = f"smtp://127.0.0.1:{free_port()}"
    assert await deliver_pending(url, FROM, utcnow()) == 0
    row = await OutboxMessage.objects().first()
    assert row.sent_at is None
    assert row.attempts == 1
    assert row.last_error


async def test_a_claimed_mail_is_left_to_its_claimer_until_the_claim_times_out(db, smtp_server):
    url, mailbox = smtp_server
    message = await queue_mail("a@example.com", "password_reset", name="A", link="x", minutes=5)
    now = utcnow()
    await OutboxMessage.update({OutboxMessage.claimed_at: now}).where(
        OutboxMessage.id == message.id
    )
    assert await deliver_pending(url, FROM, now) == 0
    assert await deliver_pending(url, FROM, now + timedelta(minutes=10)) == 1
    assert len(mailbox.messages) == 1


async def test_mail_gives_up_after_max_attempts(db):
    message = await queue_mail("a@example.com", "password_reset", name="A", link="x", minutes=5)
    await OutboxMessage.update({OutboxMessage.attempts: MAX_ATTEMPTS}).where(
        OutboxMessage.id == message.id
    )
    assert await deliver_pending(f"smtp://127.0.0.1:{free_port()}", FROM, utcnow()) == 0


async def test_outbox_page_shows_mails_to_admins_when_smtp_is_not_set(client, demo):
    from judging.demo import DEMO_PASSWORD, demo_email

    link = "http://127.0.0.1:8000/password/reset/abc"
    await queue_mail("a@example.com", "password_reset", name="A", link=link, minutes=5)
    await client.sign_in(demo_email("admin"), DEMO_PASSWORD)
    page = await client.get("/admin/outbox")
    assert page.status_code == 200
    assert "JUDGING_SMTP_URL" in page.text
    assert "a@example.com" in page.text
    assert f'href="{link}"' in page.text


async def test_each_mail_keeps_one_message_id_whenever_it_is_sent(db, smtp_server):
    from judging.outbox.services import message_id_of

    url, mailbox = smtp_server
    first = await queue_mail(
        "a@example.com", "password_reset", name="A", link="http://x/1", minutes=5
    )
    second = await queue_mail(
        "b@example.com", "password_reset", name="B", link="http://x/2", minutes=5
    )

    await deliver_pending(url, FROM, utcnow())

    ids = [message["Message-ID"] for message in mailbox.messages]
    assert ids == [message_id_of(first, FROM), message_id_of(second, FROM)]
    assert ids[0] != ids[1]
    assert ids[0].endswith("@chinagate.test>")
