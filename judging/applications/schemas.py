"""What comes into and goes out of the applications domain: a question as an organizer writes
it, and as the API answers it."""

from __future__ import annotations

from typing import Annotated

import msgspec

from judging.applications.tables import FileType, QuestionKind, Visibility

QuestionKey = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
ChoiceKey = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Help = Annotated[str, msgspec.Meta(max_length=1000)]
TextLimit = Annotated[int, msgspec.Meta(ge=1, le=20000)]
Bound = Annotated[float, msgspec.Meta(ge=-1e15, le=1e15)]
Position = Annotated[int, msgspec.Meta(ge=0, le=1000)]
Unit = Annotated[str, msgspec.Meta(max_length=20)]

MAX_CHOICES = 50


class Choice(msgspec.Struct, forbid_unknown_fields=True):
    """One offered answer of a choice question; ``key`` is what the answer stores."""

    key: ChoiceKey
    label_en: Label
    label_zh: Label


class QuestionFields(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A question as an organizer writes it (page form and API alike).

    ``max_length`` applies to the text kinds, ``min_value``/``max_value``/``whole_number``/
    ``unit`` to numbers, ``choices`` to the choice kinds; the others leave them empty.
    """

    key: QuestionKey
    kind: QuestionKind
    label_en: Label
    label_zh: Label
    help_en: Help = ""
    help_zh: Help = ""
    required: bool = False
    track_id: int | None = None
    max_length: TextLimit | None = None
    min_value: Bound | None = None
    max_value: Bound | None = None
    whole_number: bool = False
    unit: Unit = ""
    choices: Annotated[list[Choice], msgspec.Meta(max_length=MAX_CHOICES)] = msgspec.field(
        default_factory=list
    )
    visibility: Visibility = Visibility.JUDGES
    position: Position | None = None


class QuestionOut(msgspec.Struct, kw_only=True):
    """A question of a competition's form; ``track_id`` null when asked in every track."""

    id: int
    competition_id: int
    track_id: int | None
    key: str
    position: int
    kind: QuestionKind
    label_en: str
    label_zh: str
    help_en: str
    help_zh: str
    required: bool
    max_length: int | None
    min_value: float | None
    max_value: float | None
    whole_number: bool
    unit: str
    choices: list[Choice]
    visibility: Visibility


class AnswerOut(msgspec.Struct, kw_only=True):
    """An answer as a reader sees it: the value as stored (a choice's key, a date as ISO
    text), and the same written out in each language (a choice's label, a country's name)."""

    key: str
    kind: QuestionKind
    label_en: str
    label_zh: str
    value: str | float | int | bool | list[str]
    text_en: str
    text_zh: str


# Column names the project exports and imports already use: an answer's column is named by
# its key, so no key may be one of them (tests check the lists agree).
RESERVED_KEYS = frozenset(
    {
        "id",
        "title",
        "summary",
        "description",
        "track",
        "track_id",
        "track_name_en",
        "track_name_zh",
        "status",
        "status_reason",
        "organization",
        "country",
        "team",
        "contact_name",
        "contact_email",
        "contact_phone",
        "website",
        "video_url",
        "submitted_at",
        "deck",
        "answers",
        "version",
        "owner_email",
    }
)


SlotKey = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
# No slot takes more than this; the server's upload limit may take less.
MAX_SLOT_MB = 500


class SlotFields(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """An attachment slot as an organizer writes it (page form and API alike)."""

    key: SlotKey
    label_en: Label
    label_zh: Label
    help_en: Help = ""
    help_zh: Help = ""
    required: bool = False
    track_id: int | None = None
    file_types: Annotated[list[FileType], msgspec.Meta(min_length=1, max_length=4)] = msgspec.field(
        default_factory=lambda: [FileType.PDF]
    )
    max_mb: Annotated[int, msgspec.Meta(ge=1, le=MAX_SLOT_MB)] = 20
    visibility: Visibility = Visibility.JUDGES
    position: Position | None = None


class SlotOut(msgspec.Struct, kw_only=True):
    """An attachment slot of a competition's form; ``track_id`` null when asked in every
    track."""

    id: int
    competition_id: int
    track_id: int | None
    key: str
    position: int
    label_en: str
    label_zh: str
    help_en: str
    help_zh: str
    required: bool
    file_types: list[FileType]
    max_mb: int
    visibility: Visibility
