"""What comes into and goes out of the submissions domain.

``ProjectFields`` is the one definition of a valid project: the entrant's form, the JSON API
and the organizer's import all validate through it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from judging.addresses import EMAIL_PATTERN, WEB_ADDRESS_ERROR, is_web_address
from judging.countries import country_codes
from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_
from judging.submissions.tables import SubmissionStatus

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Summary = Annotated[str, msgspec.Meta(max_length=1000)]
Description = Annotated[str, msgspec.Meta(max_length=20000)]
ShortText = Annotated[str, msgspec.Meta(max_length=200)]
Url = Annotated[str, msgspec.Meta(max_length=500)]
OptionalEmail = Annotated[str, msgspec.Meta(max_length=254, pattern=f"^$|{EMAIL_PATTERN}")]
Phone = Annotated[str, msgspec.Meta(max_length=40)]

MAX_TEAM_MEMBERS = 12
# An answer as sent (checked against the application form by judging.applications).
AnswerValue = str | int | float | bool | list[str] | None
Answers = Annotated[dict[str, AnswerValue], msgspec.Meta(max_length=200)]


class TeamMember(msgspec.Struct, forbid_unknown_fields=False):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    role: Annotated[str, msgspec.Meta(max_length=120)] = ""
    email: OptionalEmail = ""


class ProjectFields(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Everything an entrant writes about a project (the deck is uploaded separately)."""

    track_id: int
    title: Title
    summary: Summary = ""
    description: Description = ""
    team: list[TeamMember] = msgspec.field(default_factory=list)
    organization: ShortText = ""
    country: Annotated[str, msgspec.Meta(max_length=2)] = ""
    website: Url = ""
    video_url: Url = ""
    contact_name: Annotated[str, msgspec.Meta(max_length=120)] = ""
    contact_email: OptionalEmail = ""
    contact_phone: Phone = ""
    # Question key -> answer, for the competition's application form.
    answers: Answers = msgspec.field(default_factory=dict)


# The web-address rule (judging.addresses) holds for these fields.
WEB_ADDRESS_FIELDS = ("website", "video_url")


def check_project_fields(fields: ProjectFields) -> ProjectFields:
    """The rules msgspec types cannot say: URLs, country codes, team size.

    Raises :class:`ValidationFailed` naming every bad field.
    """
    errors: list[FieldError] = []
    for name in WEB_ADDRESS_FIELDS:
        value = getattr(fields, name)
        if value and not is_web_address(value):
            errors.append(FieldError(name, WEB_ADDRESS_ERROR))
    if fields.country and fields.country.upper() not in country_codes():
        errors.append(FieldError("country", N_("Choose one of the offered values.")))
    if len(fields.team) > MAX_TEAM_MEMBERS:
        errors.append(
            FieldError("team", N_("A team lists at most %(n)s members."), n=MAX_TEAM_MEMBERS)
        )
    if errors:
        raise ValidationFailed(errors)
    return msgspec.structs.replace(fields, country=fields.country.upper())


class ProjectPatch(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """A partial change of a project through the API: the fields sent, and the version read.

    Fields left out keep their value; the merged project is checked as :class:`ProjectFields`.
    """

    version: int
    track_id: int | msgspec.UnsetType = msgspec.UNSET
    title: Title | msgspec.UnsetType = msgspec.UNSET
    summary: Summary | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    team: list[TeamMember] | msgspec.UnsetType = msgspec.UNSET
    organization: ShortText | msgspec.UnsetType = msgspec.UNSET
    country: Annotated[str, msgspec.Meta(max_length=2)] | msgspec.UnsetType = msgspec.UNSET
    website: Url | msgspec.UnsetType = msgspec.UNSET
    video_url: Url | msgspec.UnsetType = msgspec.UNSET
    contact_name: Annotated[str, msgspec.Meta(max_length=120)] | msgspec.UnsetType = msgspec.UNSET
    contact_email: OptionalEmail | msgspec.UnsetType = msgspec.UNSET
    contact_phone: Phone | msgspec.UnsetType = msgspec.UNSET
    # Only the answers sent change; a null answer clears it.
    answers: Answers | msgspec.UnsetType = msgspec.UNSET


class VersionCheck(msgspec.Struct, forbid_unknown_fields=False):
    """The version of the project the entrant saw; a stale one is refused with 409."""

    version: int


WindowPhase = Literal["none", "upcoming", "open", "closed"]


class SubmissionWindow(msgspec.Struct, frozen=True):
    """When a competition takes submissions: its first round's window, in UTC."""

    opens_at: datetime | None
    closes_at: datetime | None
    timezone: str
    has_round: bool

    def phase(self, now: datetime) -> WindowPhase:
        """Where ``now`` falls: before the window, in it, after it, or no window at all."""
        if not self.has_round:
            return "none"
        if self.opens_at is not None and now < self.opens_at:
            return "upcoming"
        if self.closes_at is not None and now >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, now: datetime) -> bool:
        return self.phase(now) == "open"


class DeckOut(msgspec.Struct):
    sha256: str
    size: int
    uploaded_at: datetime | None
    url: str


class AttachmentOut(msgspec.Struct, kw_only=True):
    """A file a project gave for an attachment slot. ``filename`` (as uploaded) and ``named``
    (the team's names its text holds) go to the team and the organizers only."""

    slot: str
    sha256: str
    size: int
    media_type: str
    filename: str
    named: list[str]
    uploaded_at: datetime
    url: str


class ProjectOut(msgspec.Struct):
    """A project as its owner sees it through the API."""

    id: int
    competition_id: int
    track_id: int
    title: str
    summary: str
    description: str
    team: list[TeamMember]
    organization: str
    country: str
    website: str
    video_url: str
    contact_name: str
    contact_email: str
    contact_phone: str
    # Question key -> answer as stored (see judging.applications.answers).
    answers: dict[str, AnswerValue]
    status: SubmissionStatus
    deck: DeckOut | None
    submitted_at: datetime | None
    updated_at: datetime
    version: int
    submission_opens_at: datetime | None
    submission_closes_at: datetime | None
    editable: bool
    # Judging has opened for it (see judging.submissions.locking): fields and deck are frozen
    # until an organizer unlocks it.
    judging_locked: bool = False
    # Slot key -> the newest file given for it.
    attachments: dict[str, AttachmentOut] = msgspec.field(default_factory=dict)
