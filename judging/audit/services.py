"""Writing to and reading the append-only audit trail."""

from __future__ import annotations

from typing import Any

import msgspec

from judging.audit.schemas import AuditEntry
from judging.audit.tables import AuditEvent


def _plain(value: Any) -> Any:
    # Structs, datetimes and decimals become JSON-friendly values; the trail stores plain JSON.
    return msgspec.json.decode(msgspec.json.encode(value)) if value is not None else None


async def record(
    *,
    actor_id: int | None,
    entity: str,
    entity_id: int,
    action: str,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one event; call inside the transaction that makes the change."""
    await AuditEvent.insert(
        AuditEvent(
            actor=actor_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=msgspec.json.encode(_plain(before)).decode(),
            after=msgspec.json.encode(_plain(after)).decode(),
        )
    )


async def history(entity: str, entity_id: int) -> list[AuditEntry]:
    """Every event of one entity, oldest first, with the actor's display name."""
    rows = (
        await AuditEvent.select(
            AuditEvent.all_columns(),
            AuditEvent.actor.display_name.as_alias("actor_name"),
        )
        .where((AuditEvent.entity == entity) & (AuditEvent.entity_id == entity_id))
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    return msgspec.convert(rows, list[AuditEntry])
