"""Canonical integer codes for identifiers (submission, judge, track).

Everything downstream works on dense integer codes.  The codes follow the
sorted order of the identifiers, so every computation visits scorecards in the
same order whatever the order of the input rows: results (down to the last
floating-point bit) do not depend on row order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["canonical_codes", "sort_order", "take_labels"]


def sort_order(labels: pd.Index) -> np.ndarray:
    """Positions that sort ``labels`` ascending.

    Identifiers of one type sort naturally (numbers numerically, strings by
    code point).  A mix of types (say ``7`` and ``"S7"``) sorts by type name and
    then by ``str(label)``.
    """
    try:
        return np.asarray(labels.argsort(kind="stable"))
    except TypeError:
        keys = [(type(v).__name__, str(v)) for v in labels]
        return np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.intp)


def canonical_codes(codes: np.ndarray, labels: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """Renumber ``codes`` (indices into ``labels``, all ``>= 0``) in sorted label order.

    Labels that no code refers to are dropped.

    Returns
    -------
    codes : ndarray of intp
        New codes, ``0 .. k-1``.
    labels : Index
        The ``k`` used labels, sorted; ``labels[codes]`` equals the input labels.
    """
    used = np.bincount(codes, minlength=len(labels)) > 0
    if not used.all():
        kept = np.flatnonzero(used)
        compact = np.full(len(labels), -1, dtype=np.intp)
        compact[kept] = np.arange(len(kept))
        codes = compact[codes]
        labels = labels[kept]
    order = sort_order(labels)
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank[codes], labels[order]


def take_labels(labels: pd.Index, codes: np.ndarray) -> pd.Index:
    """``labels[codes]`` with a missing value where ``codes == -1``.

    String labels stay strings (missing as NaN); other labels become objects
    with ``None`` for missing, so integer identifiers never turn into floats.
    """
    if len(codes) == 0 or codes.min() >= 0:
        return labels.take(codes)
    if pd.api.types.is_string_dtype(labels.dtype) and labels.dtype != object:
        return labels.take(codes, allow_fill=True, fill_value=None)
    values = np.empty(len(codes), dtype=object)
    present = codes >= 0
    values[present] = np.asarray(labels, dtype=object)[codes[present]]
    values[~present] = None
    return pd.Index(values, dtype=object)
