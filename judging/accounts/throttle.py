"""Sign-in rate limiting per account and per address, kept in a Litestar store (Redis or file)."""

from __future__ import annotations

import hashlib

from litestar.stores.base import Store

from judging.errors import TooManyAttempts

# A roadshow venue puts many judges behind one address: allow that address more failures.
ADDRESS_ALLOWANCE_FACTOR = 6


class SignInThrottle:
    """Counts failed sign-ins in a window; refuses further attempts once a limit is reached."""

    def __init__(self, store: Store, max_failures: int, window_seconds: int) -> None:
        self.store = store
        self.max_failures = max_failures
        self.window_seconds = window_seconds

    @staticmethod
    def _keys(email: str, address: str) -> dict[str, str]:
        email_digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return {"account": f"signin:account:{email_digest}", "address": f"signin:address:{address}"}

    def _limit(self, kind: str) -> int:
        return self.max_failures * (ADDRESS_ALLOWANCE_FACTOR if kind == "address" else 1)

    async def _count(self, key: str) -> int:
        value = await self.store.get(key)
        return int(value) if value else 0

    async def check(self, email: str, address: str) -> None:
        """Raise :class:`TooManyAttempts` when the account or the address is over its limit."""
        for kind, key in self._keys(email, address).items():
            if await self._count(key) >= self._limit(kind):
                raise TooManyAttempts()

    async def record_failure(self, email: str, address: str) -> None:
        for key in self._keys(email, address).values():
            count = await self._count(key)
            await self.store.set(key, str(count + 1), expires_in=self.window_seconds)

    async def clear_account(self, email: str, address: str) -> None:
        """A successful sign-in forgives the account's failures (not the address's)."""
        await self.store.delete(self._keys(email, address)["account"])
