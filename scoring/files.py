"""Reading the CLI's input files (the only module besides the CLI that does I/O)."""

from __future__ import annotations

import os
import re
import warnings
from collections import defaultdict
from typing import TextIO

import pandas as pd

from .errors import ScoringInputError
from .rubric import Rubric

__all__ = ["load_rubric", "read_scores_csv"]


def read_scores_csv(path: str | os.PathLike[str] | TextIO) -> pd.DataFrame:
    """Read a long-form score sheet, every cell as text.

    ``path`` may also be an open text stream (the web app publishes from the exact text it
    exports, so the published ranking is what an auditor's CLI run reads back).

    Identifiers stay strings (``"007"`` is not ``7``); scores are parsed by the
    validation in :func:`scoring.rank`; ``criterion`` and ``track`` become
    categoricals (text categories), which validate fastest.  Blank lines are kept as empty rows
    (which validation ignores), so a row's position plus 2 is its line number
    in the file as long as no quoted field spans several lines.  A UTF-8 byte
    order mark is accepted.

    Raises
    ------
    ScoringInputError
        When the file cannot be read or parsed as CSV (names the file).
    """
    source = "<text>" if hasattr(path, "read") else os.fspath(path)
    try:
        with warnings.catch_warnings():
            # A first data row longer than the header would silently become an index.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                path if hasattr(path, "read") else source,
                dtype=defaultdict(lambda: str, criterion="category", track="category"),
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                index_col=False,
                encoding="utf-8-sig",
            )
    except pd.errors.ParserWarning:
        raise ScoringInputError(
            "the first data row has more fields than the header", row=2, source=source
        ) from None
    except FileNotFoundError:
        raise ScoringInputError("file not found", source=source) from None
    except pd.errors.EmptyDataError:
        raise ScoringInputError("file is empty", row=1, source=source) from None
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            expected, line, saw = map(int, found.groups())
            raise ScoringInputError(
                f"expected {expected} fields, found {saw}", row=line, source=source
            ) from None
        raise ScoringInputError(f"not valid CSV: {exc}".strip(), source=source) from None
    except UnicodeDecodeError as exc:
        raise ScoringInputError(f"not UTF-8 text: {exc}", source=source) from None
    except OSError as exc:
        raise ScoringInputError(f"cannot read: {exc.strerror or exc}", source=source) from None


def load_rubric(path: str | os.PathLike[str]) -> Rubric:
    """Read ``RUBRIC.json`` (see :class:`scoring.Rubric`).

    Raises
    ------
    ScoringInputError
        When the file cannot be read or is not a valid rubric (names the file).
    """
    source = "<text>" if hasattr(path, "read") else os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise ScoringInputError("file not found", source=source) from None
    except OSError as exc:
        raise ScoringInputError(f"cannot read: {exc.strerror or exc}", source=source) from None
    try:
        return Rubric.from_json(data.removeprefix(b"\xef\xbb\xbf"))
    except ScoringInputError as exc:
        raise exc.with_source(source) from None
