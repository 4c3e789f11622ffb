"""What goes out of the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class AuditEntry(msgspec.Struct):
    """One event of an entity's history, with the display name of who made it."""

    id: int
    actor: int | None
    actor_name: str | None
    entity: str
    entity_id: int
    action: str
    before: Any
    after: Any
    at: datetime
