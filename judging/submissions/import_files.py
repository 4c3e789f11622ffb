"""An uploaded CSV or XLSX file read as a table, recognized by content, not by name.

Shared by every import (projects here, judges in :mod:`judging.assignments.judge_imports`).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import msgspec
import openpyxl
import pandas as pd

from judging.errors import TooLarge, ValidationFailed
from judging.i18n import N_

# An XLSX is a zip; refuse archives that would inflate far beyond any real spreadsheet.
MAX_INFLATION = 20

_XLSX_MAGIC = b"PK\x03\x04"
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel in China saves CSV as GB18030
_PANDAS_LINE = re.compile(r"line (\d+)")

NOT_A_TABLE = N_("Upload a CSV file (UTF-8 or GB18030) or an Excel workbook (.xlsx).")
TOO_MANY_CELLS = N_("Row %(row)s has more cells than the header.")


class Table(msgspec.Struct, kw_only=True):
    """The cells of a file: lower-cased column names and one dict per non-blank data row."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _refuse(message: str = NOT_A_TABLE, **params: Any) -> ValidationFailed:
    return ValidationFailed.single("file", message, **params)


def _decode_text(content: bytes) -> str:
    for encoding in _CSV_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Text files hold no NUL bytes; programs and images do.
        if "\x00" in text:
            break
        return text
    raise _refuse()


def _check_workbook(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            inflated = sum(entry.file_size for entry in archive.infolist())
        if inflated > MAX_INFLATION * max(len(content), 1024 * 1024):
            raise _refuse()
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        workbook.close()
    except ValidationFailed:
        raise
    except Exception:  # any failure to open an uploaded zip means "not a workbook"
        raise _refuse() from None


def _frame(content: bytes) -> pd.DataFrame:
    options: dict[str, Any] = {"dtype": str, "keep_default_na": False}
    if content.startswith(_XLSX_MAGIC):
        _check_workbook(content)
        try:
            return pd.read_excel(io.BytesIO(content), engine="openpyxl", **options)
        except Exception:  # a workbook openpyxl opens but pandas cannot read as a table
            raise _refuse() from None
    text = _decode_text(content)
    try:
        # Blank lines are kept so row numbers match the file; blank rows are skipped later.
        frame = pd.read_csv(io.StringIO(text), skip_blank_lines=False, **options)
    except pd.errors.EmptyDataError:
        raise _refuse(N_("The file is empty.")) from None
    except pd.errors.ParserError as exc:
        line = _PANDAS_LINE.search(str(exc))
        if line:
            raise _refuse(TOO_MANY_CELLS, row=line.group(1)) from None
        raise _refuse() from None
    # pandas reads one cell more than the header in every row as an index, shifting columns.
    if not isinstance(frame.index, pd.RangeIndex):
        raise _refuse(TOO_MANY_CELLS, row=2)
    return frame


def read_table(content: bytes, max_bytes: int) -> Table:
    """The rows of an uploaded CSV or XLSX file, recognized by content, not by name.

    Raises :class:`TooLarge` above ``max_bytes`` and :class:`ValidationFailed` (field ``file``)
    for anything that is not a readable table with at least one data row.
    """
    if len(content) > max_bytes:
        raise TooLarge()
    if not content.strip():
        raise _refuse(N_("The file is empty."))
    frame = _frame(content)
    columns = [str(column).strip().lower() for column in frame.columns]
    frame.columns = pd.Index(columns)
    rows = []
    for index, record in enumerate(frame.to_dict("records")):
        cells = {key: str(value).strip() for key, value in record.items()}
        if any(cells.values()):
            rows.append((index + 2, cells))
    if not rows:
        raise _refuse(N_("The file has no data rows below its header."))
    return Table(columns=columns, rows=rows)
