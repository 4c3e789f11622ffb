"""Sign-in and reset-mail limits, counted atomically so that parallel requests cannot slip past.

How the sign-in limits are designed (the README's "Sign-in limits" says it in short):

* Every attempt first reserves its place: the counters are incremented *before* the password
  is checked, and an attempt over a limit is refused unchecked. Twenty parallel guesses get at
  most the limit's worth of password checks.
* Per account and address pair: ``signin_max_failures`` (5) attempts per window (15 minutes).
  A stranger guessing a judge's password is stopped at the stranger's address; the judge, at
  another address, signs in as usual.
* Per account over all addresses: ``ACCOUNT_CEILING_FACTOR`` times as many, so guessing spread
  over many addresses meets a ceiling too.
* Per address over all accounts: ``ADDRESS_ALLOWANCE_FACTOR`` times as many (a roadshow venue
  puts many judges behind one address), so one address cannot try many accounts.
* A browser that signed in to an account before carries a signed device cookie for it; its
  attempts are counted for that browser alone and skip the three limits above. A stranger at
  the same venue address, or a botnet at the account's ceiling, cannot lock that judge out.
* A successful sign-in gives back its place in the address's count and forgives the pair and
  the account.
* The reset mail reaches only the holder: a password reset clears the account's ceiling and the
  resetting address's pair, and signs the holder in. Nobody stays locked out of their account.

Reset mails are limited per account and per address the same way; every email is counted
whether or not an account has it, so the answer never tells which addresses are registered.

Counting is atomic across app processes: Redis ``INCR`` on a key with an expiry when
``JUDGING_REDIS_URL`` is set, else one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` on
the ``attempt_counter`` table (the same statement on SQLite and PostgreSQL).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Protocol

import msgspec
from piccolo.querystring import QueryString

from judging.accounts.tables import AttemptCounter
from judging.errors import TooManyAttempts
from judging.i18n import N_

# A roadshow venue puts many judges behind one address: allow that address more failures.
ADDRESS_ALLOWANCE_FACTOR = 6
# Guessing one account from many addresses stops at this many times the per-address limit.
ACCOUNT_CEILING_FACTOR = 10
DEVICE_COOKIE = "signin_device"
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600

RESET_WINDOW_SECONDS = 3600
RESET_MAILS_PER_ACCOUNT = 3
RESET_REQUESTS_PER_ADDRESS = 10

SIGN_IN_REFUSED = N_(
    "Too many sign-in attempts. Wait %(minutes)s minutes, or choose a new password with "
    "“Forgot your password?”: the link in the mail signs you in."
)
RESETS_REFUSED = N_("Too many password reset requests. Wait an hour and try again.")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _email_key(email: str) -> str:
    return email.strip().lower()


class Counters(Protocol):
    """Attempts per key in a fixed window; every operation is atomic across processes."""

    async def hit(self, key: str, window_seconds: int, now: datetime) -> int:
        """Count one attempt; the count of the key's window including it."""
        ...

    async def give_back(self, key: str, now: datetime) -> None:
        """Uncount one attempt of the key's current window."""
        ...

    async def clear(self, keys: list[str], now: datetime) -> None:
        """Forget the keys' counts."""
        ...


class RedisCounters:
    """Counts in Redis: ``SET NX EX`` then ``INCR`` in one transaction."""

    _GIVE_BACK = "if redis.call('exists', KEYS[1]) == 1 then redis.call('decr', KEYS[1]) end"

    def __init__(self, redis: object, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    async def hit(self, key: str, window_seconds: int, now: datetime) -> int:
        name = f"{self.prefix}:{key}"
        async with self.redis.pipeline(transaction=True) as pipe:  # type: ignore[attr-defined]
            pipe.set(name, 0, ex=window_seconds, nx=True).incr(name)
            _, count = await pipe.execute()
        return int(count)

    async def give_back(self, key: str, now: datetime) -> None:
        await self.redis.eval(self._GIVE_BACK, 1, f"{self.prefix}:{key}")  # type: ignore[attr-defined]

    async def clear(self, keys: list[str], now: datetime) -> None:
        if keys:
            await self.redis.delete(*(f"{self.prefix}:{key}" for key in keys))  # type: ignore[attr-defined]


class DatabaseCounters:
    """Counts in the ``attempt_counter`` table, one upsert per attempt."""

    async def hit(self, key: str, window_seconds: int, now: datetime) -> int:
        second = int(now.timestamp())
        # An expired window restarts at this attempt; a running one counts it.
        expired = QueryString('"attempt_counter"."window_ends" <= {}', second)
        rows = (
            await AttemptCounter.insert(
                AttemptCounter(key=key, count=1, window_ends=second + window_seconds)
            )
            .on_conflict(
                target=AttemptCounter.key,
                action="DO UPDATE",
                values=[
                    (
                        AttemptCounter.count,
                        QueryString(
                            'CASE WHEN {} THEN 1 ELSE "attempt_counter"."count" + 1 END', expired
                        ),
                    ),
                    (
                        AttemptCounter.window_ends,
                        QueryString(
                            'CASE WHEN {} THEN EXCLUDED."window_ends" '
                            'ELSE "attempt_counter"."window_ends" END',
                            expired,
                        ),
                    ),
                ],
            )
            .returning(AttemptCounter.count)
        )
        return int(rows[0]["count"])

    async def give_back(self, key: str, now: datetime) -> None:
        await AttemptCounter.update({AttemptCounter.count: AttemptCounter.count - 1}).where(
            (AttemptCounter.key == key)
            & (AttemptCounter.count > 0)
            & (AttemptCounter.window_ends > int(now.timestamp()))
        )

    async def clear(self, keys: list[str], now: datetime) -> None:
        # Expired windows of any key go too, so the table holds only running windows.
        await AttemptCounter.delete().where(
            AttemptCounter.key.is_in(keys or [""])
            | (AttemptCounter.window_ends <= int(now.timestamp()))
        )


class Requester(msgspec.Struct, frozen=True):
    """Where an attempt comes from: the network address and the device cookie it carries."""

    address: str
    device_cookie: str | None = None


class Limit(msgspec.Struct, frozen=True):
    """At most ``most`` attempts of ``key`` per window."""

    key: str
    most: int
    # Everyone behind an address shares its count: a success gives back its own place
    # rather than wiping the failures of others.
    shared: bool = False


class SignInThrottle:
    """The sign-in limits of the module docstring, over atomic :class:`Counters`."""

    def __init__(
        self, counters: Counters, secret: str, max_failures: int, window_seconds: int
    ) -> None:
        self.counters = counters
        self.secret = secret.encode()
        self.max_failures = max_failures
        self.window_seconds = window_seconds

    def _sign(self, nonce: str, email: str) -> str:
        return hmac.new(self.secret, f"{nonce}:{_email_key(email)}".encode(), "sha256").hexdigest()

    def device_cookie(self, email: str) -> str:
        """A new signed device cookie for a browser that just signed in to ``email``."""
        nonce = secrets.token_urlsafe(16)
        return f"{nonce}.{self._sign(nonce, email)}"

    def _device(self, cookie: str | None, email: str) -> str | None:
        nonce, _, signature = (cookie or "").partition(".")
        if nonce and hmac.compare_digest(signature, self._sign(nonce, email)):
            return nonce
        return None

    def _pair_key(self, email: str, address: str) -> str:
        return f"signin:pair:{_digest(_email_key(email), address)}"

    def _account_key(self, email: str) -> str:
        return f"signin:account:{_digest(_email_key(email))}"

    def _limits(self, email: str, address: str, device_cookie: str | None) -> list[Limit]:
        device = self._device(device_cookie, email)
        if device is not None:
            return [Limit(f"signin:device:{_digest(device)}", self.max_failures)]
        return [
            Limit(self._pair_key(email, address), self.max_failures),
            Limit(self._account_key(email), self.max_failures * ACCOUNT_CEILING_FACTOR),
            Limit(
                f"signin:address:{_digest(address)}",
                self.max_failures * ADDRESS_ALLOWANCE_FACTOR,
                shared=True,
            ),
        ]

    async def reserve(self, email: str, requester: Requester, now: datetime) -> list[Limit]:
        """Count this attempt before its password is checked; :class:`TooManyAttempts` when a
        limit is already used up. Counting stops at the first full limit, so attempts refused
        for one pair never fill the account's ceiling."""
        limits = self._limits(email, requester.address, requester.device_cookie)
        for limit in limits:
            if await self.counters.hit(limit.key, self.window_seconds, now) > limit.most:
                raise TooManyAttempts(SIGN_IN_REFUSED, minutes=self.window_seconds // 60)
        return limits

    async def succeeded(self, reserved: list[Limit], now: datetime) -> None:
        """A right password: the account's counts are forgiven, the address's place given back."""
        for limit in reserved:
            if limit.shared:
                await self.counters.give_back(limit.key, now)
        await self.counters.clear([limit.key for limit in reserved if not limit.shared], now)

    async def forgive(self, email: str, address: str, now: datetime) -> None:
        """After a password reset: the account's ceiling and this address's pair are lifted."""
        await self.counters.clear([self._account_key(email), self._pair_key(email, address)], now)


class ResetMailThrottle:
    """Reset mails per account and per address; counted for every email, registered or not."""

    def __init__(self, counters: Counters) -> None:
        self.counters = counters

    async def take(self, email: str, requester: Requester, now: datetime) -> None:
        """Count one reset request; :class:`TooManyAttempts` when a limit is used up."""
        limits = [
            Limit(f"reset:address:{_digest(requester.address)}", RESET_REQUESTS_PER_ADDRESS),
            Limit(f"reset:account:{_digest(_email_key(email))}", RESET_MAILS_PER_ACCOUNT),
        ]
        for limit in limits:
            if await self.counters.hit(limit.key, RESET_WINDOW_SECONDS, now) > limit.most:
                raise TooManyAttempts(RESETS_REFUSED)
