"""Rule 5: competition ranks ("1, 2, 2, 4") with tolerant ties and tie-breakers.

Ordering works level by level.  At the first level (the score) the items are
sorted, best first, and consecutive items whose values differ by at most
:data:`TOLERANCE` fall in one tie class (classes chain: a run of values each
within the tolerance of the next is one class).  Each further level (a
tie-breaker criterion) splits every class the same way.  Items left in one
class share a rank, which is one more than the number of items ranked above.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["TOLERANCE", "competition_ranks"]

#: Values closer than this (in points on the 0-100 scale) are equal.
TOLERANCE = 1e-9


def competition_ranks(
    keys: Sequence[np.ndarray],
    partition: np.ndarray | None = None,
    tolerance: float = TOLERANCE,
    order: np.ndarray | None = None,
) -> np.ndarray:
    """Rank items by ``keys`` (higher is better), separately in each partition.

    Parameters
    ----------
    keys : sequence of ndarray of float, each shape (n,)
        The score first, then the tie-breakers in order.  No NaN.
    partition : ndarray of int, shape (n,), optional
        Items are ranked only against items with the same partition code
        (a track).  Default: one partition.
    tolerance : float
        Values within ``tolerance`` of each other are tied (chained, see module).
    order : ndarray of int, optional
        Positions sorting ``keys[0]`` descending, if already known.

    Returns
    -------
    ndarray of int64, shape (n,)
        1-based competition rank of each item within its partition.
    """
    n = len(keys[0]) if keys else 0
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    part = np.zeros(n, dtype=np.int64) if partition is None else np.asarray(partition, np.int64)
    first = np.asarray(keys[0], dtype=np.float64)
    if order is None:
        # Not stable: equal values fall in one class whatever their order.
        order = np.argsort(-first)
    if partition is not None:  # then stably by partition (radix sort for small codes)
        small = part.astype(np.int16) if part.max() < 2**15 and part.min() >= -(2**15) else part
        order = order[np.argsort(small[order], kind="stable")]
    p, k = part[order], first[order]
    starts = np.ones(n, dtype=bool)
    starts[1:] = (p[1:] != p[:-1]) | ((k[:-1] - k[1:]) > tolerance)
    # ``cls[i]``: sorted position of the first item of item i's tie class.
    positions = np.arange(n)
    cls = np.empty(n, dtype=np.int64)
    cls[order] = np.maximum.accumulate(np.where(starts, positions, 0))
    part_starts = np.ones(n, dtype=bool)
    part_starts[1:] = p[1:] != p[:-1]
    part_first = np.empty(n, dtype=np.int64)
    part_first[order] = np.maximum.accumulate(np.where(part_starts, positions, 0))

    for key in keys[1:]:
        # Only items in classes of two or more need the next key.
        size = np.bincount(cls, minlength=n)
        tied = np.flatnonzero(size[cls] > 1)
        if not len(tied):
            break
        key = np.asarray(key, dtype=np.float64)[tied]
        c = cls[tied]
        sub = np.lexsort((-key, c))
        c, k = c[sub], key[sub]
        starts = np.ones(len(tied), dtype=bool)
        starts[1:] = (c[1:] != c[:-1]) | ((k[:-1] - k[1:]) > tolerance)
        # Within a class, a new sub-class starts at the class start plus its offset.
        offsets = np.arange(len(tied))
        class_start = np.maximum.accumulate(np.where(c != np.roll(c, 1), offsets, 0))
        class_start[0] = 0
        sub_start = np.maximum.accumulate(np.where(starts, offsets, 0))
        cls[tied[sub]] = c + (sub_start - class_start)
    return cls - part_first + 1
