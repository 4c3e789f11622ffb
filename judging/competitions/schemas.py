"""What comes into and goes out of the competitions domain."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from judging.accounts.schemas import AnyPassword, DisplayName, Email, NewPassword, Organization

Role = Literal["organizer", "judge"]


class InvitationCreate(msgspec.Struct, forbid_unknown_fields=False):
    email: Email
    role: Role


class InvitationAcceptance(msgspec.Struct, forbid_unknown_fields=False):
    """Filled by a newcomer without an account; a signed-in invitee sends no fields."""

    display_name: DisplayName
    password: NewPassword
    password_confirm: AnyPassword
    organization: Organization = ""


class InvitationOut(msgspec.Struct):
    id: int
    email: str
    role: Role
    expires_at: str
    used: bool
    link: str | None = None


class CompetitionSummary(msgspec.Struct):
    id: int
    slug: str
    name_en: str
    name_zh: str
    timezone: str
    is_public: bool
    roles: list[str] = msgspec.field(default_factory=list)


Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")]
