"""What comes into and goes out of the integrations domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

EventName = Literal[
    "project.submitted", "scorecard.submitted", "round.published", "project.advanced"
]
EndpointUrl = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
Description = Annotated[str, msgspec.Meta(max_length=200)]


class WebhookFields(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A new endpoint: where to send, which events, and a note saying what it is."""

    url: EndpointUrl
    events: list[EventName] = []
    description: Description = ""


class WebhookOut(msgspec.Struct):
    id: int
    url: str
    events: list[str]
    description: str
    secret: str
    """For checking each delivery's signature; see :mod:`judging.integrations.signing`."""
    created_at: datetime
    pending: int
    failed: int


DeliveryState = Literal["delivered", "pending", "failed"]


class DeliveryOut(msgspec.Struct):
    id: int
    event: str
    state: DeliveryState
    created_at: datetime
    attempts: int
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    last_status: int | None
    """The endpoint's HTTP status at the last attempt; null when it could not be reached."""
    last_response: str
    """The start of the endpoint's answer, or why it could not be reached."""
    replay_of: int | None
    body: str
