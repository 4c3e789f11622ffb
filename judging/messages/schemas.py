"""What comes into and goes out of the messages domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

Subject = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Body = Annotated[str, msgspec.Meta(min_length=1, max_length=20000)]
Audience = Literal["entrants", "judges"]
ProjectStatusChoice = Literal["draft", "submitted", "withdrawn", "disqualified"]
Outcome = Literal["in_round", "not_in_round"]


class Segment(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Who a message goes to.

    Entrants (the owners of the projects that match, one mail per person): of one track, of
    one status, taking part in ``round_id`` or not (``outcome``), and only those whose
    application still lacks a required answer or file (``missing_required``). Judges: those
    assigned in ``round_id``, only those with cards left to submit (``work_left``).
    """

    audience: Audience = "entrants"
    track_id: int | None = None
    status: ProjectStatusChoice | None = None
    round_id: int | None = None
    outcome: Outcome | None = None
    missing_required: bool = False
    work_left: bool = False


class MessageFields(Segment, kw_only=True, forbid_unknown_fields=True):
    """A message as its organizer writes it: both languages, and the segment."""

    subject_en: Subject
    subject_zh: Subject
    body_en: Body
    body_zh: Body


class SendRequest(MessageFields, kw_only=True, forbid_unknown_fields=True):
    """Send it: ``confirm`` true after the preview said how many it goes to."""

    confirm: bool = False


class Recipient(msgspec.Struct, kw_only=True):
    """Who gets a message, and the values its placeholders take for them."""

    account_id: int | None
    email: str
    name: str
    locale: str
    # Locale ("en", "zh_CN") -> placeholder -> its value in that language.
    values: dict[str, dict[str, str]]


class Preview(msgspec.Struct, kw_only=True):
    """How many a message goes to, and how it reads for the first of them."""

    recipients: int
    email: str | None
    subject_en: str
    subject_zh: str
    body_en: str
    body_zh: str


class MessageOut(msgspec.Struct, kw_only=True):
    id: int
    competition_id: int
    subject_en: str
    subject_zh: str
    segment: Segment
    recipients: int
    sent_at: datetime


class RecipientOut(msgspec.Struct, kw_only=True):
    email: str
    name: str
    locale: str
    delivered: bool
