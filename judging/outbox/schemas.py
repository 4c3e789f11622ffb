"""What goes out of the outbox domain."""

from __future__ import annotations

from datetime import datetime

import msgspec


class OutboxMessageView(msgspec.Struct):
    """A mail as the outbox pages list it: to whom, what, and whether it went."""

    id: int
    to_address: str
    subject: str
    body: str
    kind: str
    competition_id: int | None
    created_at: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str
