"""Long-form score cells read as arrays: identifiers as integer codes, scores as floats.

The fast paths of :func:`scoring.scorecards.build_scorecards`: each column is
read once into codes (``-1`` for an empty cell) and the labels they index, so
validation and assembly work on NumPy arrays rather than on Python values.
"""

from __future__ import annotations

import contextlib
import numbers
from decimal import Decimal

import numpy as np
import pandas as pd

__all__ = [
    "blank_labels",
    "criterion_codes",
    "empty_cells",
    "encode",
    "is_empty",
    "parse_scores",
    "sort_rows",
    "sorted_codes",
    "track_cells",
    "with_sentinel",
]


def blank_labels(labels: pd.Index) -> np.ndarray:
    """Which labels count as an empty cell (strings that are empty or all spaces)."""
    if labels.dtype.kind in "biuf":
        return np.zeros(len(labels), dtype=bool)
    return np.fromiter(
        (isinstance(v, str) and not v.strip() for v in labels), dtype=bool, count=len(labels)
    )


def is_empty(value: object) -> bool:
    """Whether one cell is empty: missing, or a string of spaces."""
    if isinstance(value, str):
        return not value.strip()
    return bool(pd.isna(value)) if np.ndim(value) == 0 else False


def empty_cells(values: np.ndarray) -> np.ndarray:
    """Which cells are empty (missing, or strings of spaces)."""
    codes, labels = pd.factorize(values)
    blank = with_sentinel(blank_labels(pd.Index(labels)), True)
    return blank[codes]


def with_sentinel(values: np.ndarray, fill) -> np.ndarray:
    """Append ``fill`` so that code ``-1`` indexes it."""
    return np.append(values, np.array([fill], dtype=values.dtype))


def sorted_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of integer ``values`` into their sorted distinct values.

    Dense ranges use a lookup table (no hashing, no sorting of the rows);
    sparse ones a hash factorization followed by a sort of the distinct values.
    """
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.intp), values[:0]
    lo, hi = int(values.min()), int(values.max())
    span = hi - lo + 1
    if span <= 2 * n + 1024:
        offset = values - lo if lo else values
        present = np.zeros(span, dtype=bool)
        present[offset] = True
        distinct = np.flatnonzero(present)
        if len(distinct) == span:  # every value in [lo, hi] occurs: the offset is the code
            codes = offset.view()
            codes.flags.writeable = False  # may share memory with the caller's column
            return codes, (distinct + lo).astype(values.dtype, copy=False)
        lookup = np.empty(span, dtype=np.int32 if n < 2**31 else np.intp)
        lookup[distinct] = np.arange(len(distinct))
        return lookup[offset], (distinct + lo).astype(values.dtype, copy=False)
    codes, distinct = pd.factorize(values)
    order = np.argsort(distinct)
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank[codes], distinct[order]


def encode(column: pd.Series) -> tuple[np.ndarray, pd.Index, bool]:
    """Codes of a column's values (``-1`` for empty cells) and the labels they index.

    Returns ``(codes, labels, canonical)``; ``canonical`` tells that the labels
    are sorted and all used, so :func:`scoring.identifiers.canonical_codes` has nothing to do.
    """
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and (
        dtype.kind == "i" or (dtype.kind == "u" and (len(column) == 0 or column.max() < 2**62))
    ):
        values = column.to_numpy().astype(np.int64, copy=False)
        codes, labels = sorted_codes(values)
        return codes, pd.Index(labels.astype(dtype, copy=False)), True
    values = column.to_numpy()
    codes, labels = pd.factorize(values)
    codes = np.asarray(codes, dtype=np.intp)
    labels = pd.Index(labels)
    blank = blank_labels(labels)
    if blank.any():
        codes = with_sentinel(np.where(blank, -1, np.arange(len(labels))), -1)[codes]
    return codes, labels, False


def criterion_codes(column: pd.Series, keys: list[str]) -> np.ndarray:
    """Rubric position of each row's criterion, ``-1`` when empty or unknown."""
    position = {key: i for i, key in enumerate(keys)}
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, labels = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, labels = pd.factorize(column.to_numpy())
    mapped = [position.get(label, -1) if isinstance(label, str) else -1 for label in labels]
    return with_sentinel(np.array(mapped, dtype=np.int16), -1)[codes]


def parse_scores(column: pd.Series) -> np.ndarray:
    """Scores as float64; empty and unparseable cells are NaN."""
    if column.dtype.kind in "iuf" or (
        pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype)
    ):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    codes, labels = pd.factorize(column.to_numpy())
    parsed = np.full(len(labels), np.nan)
    for i, label in enumerate(labels):
        if isinstance(label, bool):
            continue
        if isinstance(label, numbers.Real | Decimal):
            parsed[i] = float(label)
        elif isinstance(label, str) and "_" not in label:  # float() would accept "1_0"
            with contextlib.suppress(ValueError):
                parsed[i] = float(label)
    return with_sentinel(parsed, np.nan)[codes]


def track_cells(column: pd.Series) -> tuple[np.ndarray, pd.Index | None]:
    """Each row's track for comparison, and the labels if they are codes.

    A categorical column gives its codes (``-1`` for none or a blank label)
    and its categories; any other column its values.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        labels = pd.Index(column.cat.categories)
        usable = np.where(blank_labels(labels), -1, np.arange(len(labels), dtype=np.int32))
        return with_sentinel(usable.astype(np.int32), -1)[column.cat.codes.to_numpy()], labels
    return column.to_numpy(), None


def sort_rows(cell: np.ndarray, n_cells: int) -> tuple[np.ndarray, np.ndarray]:
    """Row permutation sorting ``cell`` (ties by row), and the sorted cells.

    When cell number and row number fit together in 63 bits they are packed
    into one integer and sorted in place, much faster than an argsort.
    """
    n = len(cell)
    if n < 2 or (cell[1:] > cell[:-1]).all():  # already sorted (e.g. an ordered export)
        return np.arange(n, dtype=np.intp), cell
    row_bits = max(1, (n - 1).bit_length())
    if max(1, n_cells - 1).bit_length() + row_bits <= 63:
        packed = cell << row_bits
        packed |= np.arange(n, dtype=np.int64)
        packed.sort()
        perm = packed & ((1 << row_bits) - 1)
        packed >>= row_bits
        return perm.astype(np.intp, copy=False), packed
    perm = np.argsort(cell, kind="stable")
    return perm, cell[perm]
