"""Tables of the accounts domain: who can sign in, and how they get back in."""

from piccolo.columns import BigInt, Boolean, ForeignKey, Integer, Timestamptz, Varchar
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
    # When the holder proved the address is theirs (a link mailed to it); null until then.
    # A self-registered entrant submits a project only once it is set.
    email_verified_at = Timestamptz(null=True, default=None)


class PasswordReset(Table, tablename="password_reset"):
    """A single-use, expiring password reset link (token stored hashed)."""

    token_hash = Varchar(length=64, unique=True)
    account = ForeignKey(references=Account, null=False)
    # The account's credential fingerprint when the link was issued: any password change
    # since then voids the link.
    credential = Varchar(length=64, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class AttemptCounter(Table, tablename="attempt_counter"):
    """How many attempts one key (an account, an address, a pair) made in its current window.

    Counted by one upsert, so parallel requests and several app processes never lose a count.
    Only used when Redis is not configured; the window is in Unix seconds (no timezone maths
    in SQL, the same on SQLite and PostgreSQL).
    """

    key = Varchar(length=100, unique=True)
    count = Integer(default=0)
    window_ends = BigInt()


class EmailVerification(Table, tablename="email_verification"):
    """A single-use, expiring link that proves an account's email address (token hashed)."""

    token_hash = Varchar(length=64, unique=True)
    account = ForeignKey(references=Account, null=False)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class ApiToken(Table, tablename="api_token"):
    """A credential for scripts and integrations: acts as its account within its scopes.

    Only the SHA-256 digest is stored; the token is shown once, when made. A competition token
    (``competition_id`` set) is shared by that competition's organizers; the column is a plain
    id because competitions are a domain above accounts.
    """

    account = ForeignKey(references=Account, null=False)
    name = Varchar(length=80)
    token_hash = Varchar(length=64, unique=True)
    shown_part = Varchar(length=16)
    # Space-separated, from judging.accounts.tokens.SCOPES.
    scopes = Varchar(length=40)
    competition_id = Integer(null=True, default=None, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
