"""Tables of the applications domain: the questions of a competition's application form."""

from enum import StrEnum

from piccolo.columns import JSON, Boolean, Float, ForeignKey, Integer, Text, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from judging.competitions.tables import Competition, Track


class QuestionKind(StrEnum):
    """What a question asks for; each kind has its own answer type and input."""

    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    DATE = "date"
    URL = "url"
    EMAIL = "email"
    COUNTRY = "country"


class Visibility(StrEnum):
    """Who reads an answer besides the team and the organizers."""

    JUDGES = "judges"
    # Read by judges except in blind rounds: answers that name or identify the team.
    NOT_IN_BLIND = "not_in_blind"
    ORGANIZERS = "organizers"


class Question(Table, tablename="question"):
    """A question of a competition's application form, for every track or for one.

    ``key`` names the answer in the API, the exports and the imports; it is fixed once
    created. ``choices`` is a list of ``{"key", "label_en", "label_zh"}`` for the choice kinds.
    """

    competition = ForeignKey(
        references=Competition, on_delete=OnDelete.cascade, index=True, null=False
    )
    # Null: asked in every track.
    track = ForeignKey(references=Track, on_delete=OnDelete.cascade, null=True)
    key = Varchar(length=40)
    position = Integer(default=0)
    kind = Varchar(length=20, choices=QuestionKind)
    label_en = Varchar(length=200)
    label_zh = Varchar(length=200)
    help_en = Text(default="")
    help_zh = Text(default="")
    required = Boolean(default=False)
    max_length = Integer(null=True, default=None)
    min_value = Float(null=True, default=None)
    max_value = Float(null=True, default=None)
    whole_number = Boolean(default=False)
    unit = Varchar(length=20, default="")
    choices = JSON(default="[]")
    visibility = Varchar(length=20, default=Visibility.JUDGES, choices=Visibility)


class FileType(StrEnum):
    """What an attachment slot takes, each recognized by the file's content, not its name."""

    PDF = "pdf"
    XLSX = "xlsx"
    VIDEO = "video"  # MP4 or WebM
    IMAGE = "image"  # PNG or JPEG


class AttachmentSlot(Table, tablename="attachment_slot"):
    """A file the application form asks for besides the pitch deck (a business plan, the
    financials, a product video), for every track or for one.

    ``key`` names the file in URLs and the API and is fixed once created; ``file_types`` is a
    list of :class:`FileType` values; ``visibility`` says who reads it as for answers.
    """

    competition = ForeignKey(
        references=Competition, on_delete=OnDelete.cascade, index=True, null=False
    )
    track = ForeignKey(references=Track, on_delete=OnDelete.cascade, null=True)
    key = Varchar(length=40)
    position = Integer(default=0)
    label_en = Varchar(length=200)
    label_zh = Varchar(length=200)
    help_en = Text(default="")
    help_zh = Text(default="")
    required = Boolean(default=False)
    file_types = JSON(default='["pdf"]')
    max_mb = Integer(default=20)
    visibility = Varchar(length=20, default=Visibility.JUDGES, choices=Visibility)
