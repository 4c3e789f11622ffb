"""Stable text forms of results: the ranking CSV and JSON-ready numbers.

Published rankings are recomputed by auditors with the CLI and compared
byte for byte, so the text form is fixed:

* floats are rounded to :data:`DECIMALS` decimal places (correctly rounded,
  fixed-point, trailing zeros and a trailing dot removed, ``-0`` written as
  ``0``); missing values are empty cells;
* ``flagged`` is ``true`` or ``false``;
* ranks and counts are integers, empty when missing;
* identifiers and tracks are written as ``str(value)``;
* UTF-8, ``\\n`` line endings, minimal quoting.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["DECIMALS", "format_float", "ranking_to_csv", "round_float"]

#: Decimal places kept in text output.  Rounding hides floating-point noise in
#: the last bits (different CPUs or library builds) while keeping far more
#: precision than the 1e-9 tie tolerance needs.
DECIMALS = 10


def format_float(value: float) -> str:
    """Fixed-point text of ``value`` rounded to :data:`DECIMALS` places; ``""`` for NaN."""
    if value is None or value is pd.NA or math.isnan(value):
        return ""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def round_float(value: float) -> float | None:
    """``value`` rounded to :data:`DECIMALS` places for JSON; ``None`` for NaN/None."""
    if value is None or value is pd.NA or math.isnan(value):
        return None
    rounded = round(float(value), DECIMALS)
    return 0.0 if rounded == 0 else rounded


def _text(column: pd.Series) -> list[str]:
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return ["true" if v else "false" for v in column.to_numpy(dtype=bool)]
    if pd.api.types.is_integer_dtype(dtype):
        return ["" if v is pd.NA else str(int(v)) for v in column.astype(object)]
    if pd.api.types.is_float_dtype(dtype):
        return [format_float(v) for v in column.to_numpy(dtype=np.float64, na_value=np.nan)]
    return ["" if v is None or v is pd.NA or v != v else str(v) for v in column.astype(object)]


def ranking_to_csv(table: pd.DataFrame) -> str:
    """The ranking table as CSV text in the stable form described above.

    Parameters
    ----------
    table : DataFrame
        :attr:`scoring.RankingResult.table` (any DataFrame works; columns are
        written in their order).

    Returns
    -------
    str
    """
    text = pd.DataFrame({name: _text(table[name]) for name in table.columns}, dtype=object)
    return text.to_csv(index=False, lineterminator="\n")
