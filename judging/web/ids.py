"""The range of every integer the platform stores, and the id type every Struct uses.

Ids are Piccolo ``Serial`` primary keys and ``ForeignKey`` columns: ``SERIAL``/``INTEGER``,
32 bits on PostgreSQL (SQLite holds 64). Counts, versions and limits are ``Integer`` columns,
also 32 bits. A number beyond that range names nothing and fits nowhere, so the web layer
refuses it before it reaches a query (the database would refuse it with an error, a 500).
"""

from __future__ import annotations

from typing import Annotated

import msgspec

# A signed 32-bit integer: PostgreSQL's INTEGER and SERIAL, the narrowest column we store into.
SMALLEST_INT = -(2**31)
LARGEST_INT = 2**31 - 1

# An id in a Struct (JSON body, form or query): a positive number a column can hold.
Id = Annotated[int, msgspec.Meta(ge=1, le=LARGEST_INT)]


def storable(value: object) -> bool:
    """Whether ``value`` is no integer at all or one that fits every integer column."""
    return (
        isinstance(value, bool)
        or not isinstance(value, int)
        or SMALLEST_INT <= value <= LARGEST_INT
    )
