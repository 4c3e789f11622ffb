"""What comes into and goes out of the privacy domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

Reason = Annotated[str, msgspec.Meta(max_length=2000)]


class ErasureAsk(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A person's request: ``confirm`` must be true (erasure cannot be undone)."""

    confirm: bool = False
    reason: Reason = ""


class ErasureDecision(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Why an organizer declines (required)."""

    note: Reason = ""


class ErasureRequestOut(msgspec.Struct):
    id: int
    account: int
    name: str
    """The person's name now ("Erased person 17" once erased)."""
    email: str
    reason: str
    requested_at: datetime
    status: str
    """pending, erased or declined."""
    decided_by: int | None
    decided_by_name: str | None
    decided_at: datetime | None
    decision_note: str
