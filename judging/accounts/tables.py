"""Tables of the accounts domain: who can sign in, and how they get back in."""

from piccolo.columns import Boolean, ForeignKey, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Account(Table, tablename="account"):
    """A person who signs in: entrant, judge, organizer or platform admin."""

    email = Varchar(length=254, unique=True)
    password_hash = Varchar(length=255)
    display_name = Varchar(length=120)
    organization = Varchar(length=200, default="")
    # Empty means "no saved preference": the language switch or the browser decides.
    locale = Varchar(length=10, default="")
    is_platform_admin = Boolean(default=False)
    is_active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class PasswordReset(Table, tablename="password_reset"):
    """A single-use, expiring password reset link (token stored hashed)."""

    token_hash = Varchar(length=64, unique=True)
    account = ForeignKey(references=Account, null=False)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
