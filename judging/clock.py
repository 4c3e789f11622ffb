"""The wall clock, read only at the edges (controllers, CLI) and passed into services."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
