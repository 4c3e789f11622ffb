"""Exports of the organizer's filtered project list as CSV and XLSX files."""

from __future__ import annotations

import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import pandas as pd
import xlsxwriter

from judging.applications.answers import export_text
from judging.applications.schemas import QuestionOut
from judging.submissions.listing import SubmissionRow

COLUMNS = [
    "id",
    "title",
    "track",
    "track_name_en",
    "track_name_zh",
    "status",
    "status_reason",
    "organization",
    "country",
    "team",
    "contact_name",
    "contact_email",
    "website",
    "video_url",
    "submitted_at",
    "deck",
]
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell starting with one of these as a formula ("CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def submissions_frame(
    rows: list[SubmissionRow], timezone: str, questions: Sequence[QuestionOut] = ()
) -> pd.DataFrame:
    """One line per project; times in the competition's time zone as ISO 8601; then one
    column per question of the application form, named by its key, each answer in the shape
    the import reads back (blank where unanswered)."""
    zone = ZoneInfo(timezone)
    records = [
        {
            "id": row.id,
            "title": row.title,
            "track": row.track_key,
            "track_name_en": row.track_name_en,
            "track_name_zh": row.track_name_zh,
            "status": row.status,
            "status_reason": row.status_reason,
            "organization": row.organization,
            "country": row.country,
            "team": "; ".join(row.team),
            "contact_name": row.contact_name,
            "contact_email": row.contact_email,
            "website": row.website,
            "video_url": row.video_url,
            "submitted_at": row.submitted_at.astimezone(zone).isoformat()
            if row.submitted_at
            else "",
            "deck": "yes" if row.has_deck else "no",
            **{q.key: export_text(q, row.answers.get(q.key)) for q in questions},
        }
        for row in rows
    ]
    return pd.DataFrame.from_records(records, columns=COLUMNS + [q.key for q in questions])


def _defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte order mark, so Excel shows Chinese text correctly."""
    safe = frame.map(_defuse)
    return safe.to_csv(index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet_name: str = "submissions") -> bytes:
    """An XLSX workbook written by XlsxWriter row by row: numbers stay numbers, every text
    cell stays text (never a formula, a link or a number read from text), blanks stay
    blank, and each column is as wide as its longest value (up to 60 characters)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(sheet_name)
    sheet.write_row(
        0, 0, [str(name) for name in frame.columns], workbook.add_format({"bold": True})
    )
    # Python values (tolist() unwraps NumPy scalars), a missing one as None: a blank cell.
    rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    for index, name in enumerate(frame.columns):
        longest = max(len(str(name)), int(frame[name].astype(str).str.len().max() or 0))
        sheet.set_column(index, index, min(60, longest + 2))
    workbook.close()
    return buffer.getvalue()
