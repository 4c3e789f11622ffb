"""What a higher domain gives a lower one that must respect its rows without importing it.

The declarations are made where every domain's tables meet, :mod:`judging.piccolo_app`, which
Piccolo loads with the engine: any process that reaches the database has them, whether it is
the served app, a script or a test calling a service directly.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from judging.database import engine

T = TypeVar("T")


class Declared(Generic[T]):
    """One value (foreign keys, lookups) a lower domain reads and :mod:`judging.piccolo_app` sets.

    ``what`` names it in the error raised when it is read before anything declared it.
    """

    def __init__(self, what: str) -> None:
        self.what = what
        self._value: T | None = None

    def declare(self, value: T) -> None:
        self._value = value

    def get(self) -> T:
        if self._value is None:
            # Asked before any query: finding the engine loads piccolo_conf, whose app declares it.
            engine()
        if self._value is None:
            # Failing closed: without the declaration the lower domain would ignore those rows.
            raise RuntimeError(f"{self.what} is not declared (judging.piccolo_app declares it).")
        return self._value
