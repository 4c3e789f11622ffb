"""Argon2 password hashing, off the event loop (hashing takes tens of milliseconds by design)."""

from __future__ import annotations

import asyncio
import dataclasses
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from judging.settings import Settings

# The test suite (JUDGING_ENV=test) hashes with the least work argon2 allows, in the same
# format: each sign-in costs a millisecond instead of a tenth of a second. A hash carries its
# own parameters, so a test server process verifies what the tests hashed, and the other way.
_TEST_PARAMETERS = dataclasses.replace(
    profiles.RFC_9106_LOW_MEMORY, time_cost=1, memory_cost=8, parallelism=1
)


@cache
def _hasher() -> PasswordHasher:
    if Settings.from_env().env == "test":
        return PasswordHasher.from_parameters(_TEST_PARAMETERS)
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    # Verified when the email is unknown, so a wrong email costs as long as a wrong password.
    return _hasher().hash("not-a-real-password")


def hash_password_sync(password: str) -> str:
    return _hasher().hash(password)


async def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return await asyncio.to_thread(hash_password_sync, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return (
            _hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; ``None`` (unknown account) always fails, in constant effort."""
    return await asyncio.to_thread(_verify, password_hash, password)
