"""What comes into and goes out of the accounts domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

Email = Annotated[
    str, msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]
NewPassword = Annotated[str, msgspec.Meta(min_length=10, max_length=200)]
AnyPassword = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
Organization = Annotated[str, msgspec.Meta(max_length=200)]
LocaleChoice = Literal["", "en", "zh_CN"]


class SignIn(msgspec.Struct, forbid_unknown_fields=False):
    email: Email
    password: AnyPassword
    next: str = ""


class Registration(msgspec.Struct, forbid_unknown_fields=False):
    email: Email
    display_name: DisplayName
    password: NewPassword
    password_confirm: AnyPassword
    organization: Organization = ""


class PasswordChange(msgspec.Struct, forbid_unknown_fields=False):
    current_password: AnyPassword
    new_password: NewPassword
    new_password_confirm: AnyPassword


class PasswordResetRequest(msgspec.Struct, forbid_unknown_fields=False):
    email: Email


class PasswordReset(msgspec.Struct, forbid_unknown_fields=False):
    password: NewPassword
    password_confirm: AnyPassword


class ProfileUpdate(msgspec.Struct, forbid_unknown_fields=False):
    display_name: DisplayName
    organization: Organization = ""
    locale: LocaleChoice = ""


class LocaleSwitch(msgspec.Struct, forbid_unknown_fields=False):
    locale: Literal["en", "zh_CN"]
    next: str = "/"


class CompetitionRole(msgspec.Struct):
    competition_id: int
    role: Literal["organizer", "judge"]


class AccountOut(msgspec.Struct):
    """An account as the API shows it to its owner."""

    id: int
    email: str
    display_name: str
    organization: str
    locale: str
    is_platform_admin: bool
    roles: list[CompetitionRole]


TokenName = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
TokenScope = Literal["read", "score", "organize"]


class TokenRequest(msgspec.Struct, forbid_unknown_fields=False):
    """A new API token: what it is called, what it may do, how long it lives."""

    name: TokenName
    scopes: list[TokenScope] = []
    expires_in_days: Literal[7, 30, 90, 365] = 90


class TokenOut(msgspec.Struct):
    id: int
    name: str
    shown_part: str
    scopes: list[str]
    competition_id: int | None
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    made_by: str
    """The display name of the account the token acts as."""


class TokenMade(msgspec.Struct):
    """The answer to making a token: the only time the token itself is shown."""

    token: str
    details: TokenOut
