"""Exports of the organizer's filtered project list as CSV and XLSX files."""

from __future__ import annotations

import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import pandas as pd

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
    """An XLSX workbook written by openpyxl; every text cell stays text, never a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet_name)
        sheet = writer.sheets[sheet_name]
        for line in sheet.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    cell.data_type = "s"
        for column, name in zip(sheet.columns, frame.columns, strict=True):
            longest = max([len(str(name)), *(len(str(cell.value or "")) for cell in column)])
            sheet.column_dimensions[column[0].column_letter].width = min(60, longest + 2)
    return buffer.getvalue()
