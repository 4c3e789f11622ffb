"""Queueing mails in the outbox and delivering them over SMTP."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosmtplib
import msgspec

from judging.outbox.mails import compose
from judging.outbox.schemas import OutboxMessageView
from judging.outbox.tables import OutboxMessage

logger = logging.getLogger("judging.outbox")

# A claim older than this belongs to a worker that died mid-send; another may retry.
CLAIM_TIMEOUT = timedelta(minutes=5)
MAX_ATTEMPTS = 8


async def queue_mail(
    to_address: str, kind: str, *, competition_id: int | None = None, **context: Any
) -> OutboxMessage:
    """Compose the mail ``kind`` for ``to_address`` and add it to the outbox.

    ``competition_id`` files it under the competition it was sent for, so that competition's
    organizers see it in their outbox; mails of an account alone leave it out.
    """
    mail = compose(kind, **context)
    message = OutboxMessage(
        to_address=to_address,
        subject=mail.subject,
        body=mail.body,
        kind=kind,
        competition_id=competition_id,
    )
    await message.save()
    return message


# Rows per INSERT when queueing many mails at once (well under bind-parameter limits).
_INSERT_CHUNK = 200


async def queue_mails(
    mails: Iterable[tuple[str, str, dict[str, Any]]], *, competition_id: int | None = None
) -> list[int]:
    """Queue many mails with a few multi-row inserts: ``(to_address, kind, context)`` each,
    all filed under ``competition_id`` (see :func:`queue_mail`); returns the new rows' ids,
    in the order of ``mails``.

    Publishing results mails every team at once; one insert per mail would hold SQLite's
    write lock for seconds.
    """
    rows = []
    for to_address, kind, context in mails:
        mail = compose(kind, **context)
        rows.append(
            OutboxMessage(
                to_address=to_address,
                subject=mail.subject,
                body=mail.body,
                kind=kind,
                competition_id=competition_id,
            )
        )
    ids: list[int] = []
    for start in range(0, len(rows), _INSERT_CHUNK):
        inserted = await OutboxMessage.insert(*rows[start : start + _INSERT_CHUNK])
        ids += [row["id"] for row in inserted]
    return ids


async def recent_messages(
    competition_id: int | None = None, limit: int = 200
) -> list[OutboxMessageView]:
    """The newest outbox rows: all of them for the admin, or only one competition's mails."""
    query = OutboxMessage.select().order_by(OutboxMessage.id, ascending=False).limit(limit)
    if competition_id is not None:
        query = query.where(OutboxMessage.competition_id == competition_id)
    return msgspec.convert(await query, list[OutboxMessageView])


class SmtpTarget:
    """Where and how to deliver, parsed from ``smtp://user:pass@host:port`` or ``smtps://``."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValueError("JUDGING_SMTP_URL must look like smtp://user:password@host:port")
        self.hostname = parts.hostname
        self.use_tls = parts.scheme == "smtps"
        self.port = parts.port or (465 if self.use_tls else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None


def message_id_of(message: OutboxMessage, mail_from: str) -> str:
    """The mail's ``Message-ID``: the same on every attempt, so a mail sent again after a
    crash at the worst moment (accepted by the server, not yet marked sent) reaches the
    mailbox as the same message, which mail systems show once."""
    domain = mail_from.rsplit("@", 1)[-1].strip(" >") or "judging.local"
    return f"<outbox-{message.id}.{int(message.created_at.timestamp())}@{domain}>"


async def _claim(message_id: int, now: datetime, claim_timeout: timedelta) -> bool:
    # Compare-and-set: only one process wins a message, so it is sent once.
    claimed = (
        await OutboxMessage.update({OutboxMessage.claimed_at: now})
        .where(
            (OutboxMessage.id == message_id)
            & OutboxMessage.sent_at.is_null()
            & (
                OutboxMessage.claimed_at.is_null()
                | (OutboxMessage.claimed_at < now - claim_timeout)
            )
        )
        .returning(OutboxMessage.id)
    )
    return bool(claimed)


async def deliver_pending(
    smtp_url: str,
    mail_from: str,
    now: datetime,
    limit: int = 50,
    claim_timeout: timedelta = CLAIM_TIMEOUT,
) -> int:
    """Send up to ``limit`` unsent mails; returns how many were delivered.

    A failure is recorded on the row and retried on a later call, up to ``MAX_ATTEMPTS``. A
    claim older than ``claim_timeout`` belongs to a sender that died and is taken over.
    """
    target = SmtpTarget(smtp_url)
    pending = (
        await OutboxMessage.select(OutboxMessage.id)
        .where(
            OutboxMessage.sent_at.is_null()
            & (OutboxMessage.attempts < MAX_ATTEMPTS)
            & (
                OutboxMessage.claimed_at.is_null()
                | (OutboxMessage.claimed_at < now - claim_timeout)
            )
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    delivered = 0
    for row in pending:
        if not await _claim(row["id"], now, claim_timeout):
            continue
        message = await OutboxMessage.objects().get(OutboxMessage.id == row["id"])
        email = EmailMessage()
        email["From"] = mail_from
        email["To"] = message.to_address
        email["Subject"] = message.subject
        email["Message-ID"] = message_id_of(message, mail_from)
        email.set_content(message.body)
        try:
            await aiosmtplib.send(
                email,
                hostname=target.hostname,
                port=target.port,
                username=target.username,
                password=target.password,
                use_tls=target.use_tls,
                timeout=30,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            logger.warning("Mail %s to %s failed: %s", message.id, message.to_address, exc)
            await OutboxMessage.update(
                {
                    OutboxMessage.attempts: OutboxMessage.attempts + 1,
                    OutboxMessage.last_error: str(exc)[:1000],
                    OutboxMessage.claimed_at: None,
                }
            ).where(OutboxMessage.id == message.id)
            continue
        await OutboxMessage.update(
            {OutboxMessage.sent_at: now, OutboxMessage.attempts: OutboxMessage.attempts + 1}
        ).where(OutboxMessage.id == message.id)
        delivered += 1
    return delivered
