"""The files of a published version: their names, the organizers' download links, and their
bytes (the stored texts exactly, or an XLSX workbook made from a CSV text), and the readers'
ranking with titles and track names, which is made from what the public page shows."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Mapping
from typing import Any

import pandas as pd

from judging.results.publication.schemas import ExportLinks, PublicResults
from judging.submissions.exports import XLSX_MEDIA_TYPE, to_csv, to_xlsx


def export_name(round_id: int, version: int, kind: str) -> str:
    """File name of an export, e.g. ``round-3-v2-scores.csv``."""
    return f"round-{round_id}-v{version}-{kind}"


def export_links(competition_id: int, round_id: int, version: int) -> ExportLinks:
    """The organizers' download URLs of a version."""
    base = f"/organize/{competition_id}/rounds/{round_id}/results/v/{version}"
    return ExportLinks(
        ranking_csv=f"{base}/ranking.csv",
        ranking_xlsx=f"{base}/ranking.xlsx",
        scores_csv=f"{base}/scores.csv",
        scores_xlsx=f"{base}/scores.xlsx",
        rubric_json=f"{base}/rubric.json",
    )


CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
JSON_MEDIA_TYPE = "application/json"
_SHEET_TEXT_COLUMNS = {"submission_id": str, "judge_id": str, "track": str, "criterion": str}


def csv_to_xlsx(text: str, sheet_name: str) -> bytes:
    """A published CSV text as an XLSX workbook: numbers as numbers, identifiers as text."""
    frame = pd.read_csv(io.StringIO(text), dtype=_SHEET_TEXT_COLUMNS)
    return to_xlsx(frame, sheet_name)


EXPORTS: dict[str, tuple[str, str]] = {
    # file -> (snapshot column, media type); XLSX files are made from the CSV column.
    "ranking.csv": ("ranking_csv", CSV_MEDIA_TYPE),
    "ranking.xlsx": ("ranking_csv", XLSX_MEDIA_TYPE),
    "scores.csv": ("scores_csv", CSV_MEDIA_TYPE),
    "scores.xlsx": ("scores_csv", XLSX_MEDIA_TYPE),
    "rubric.json": ("rubric_json", JSON_MEDIA_TYPE),
}


async def export_file(snapshot: Mapping[str, Any], name: str) -> tuple[bytes, str]:
    """The bytes and media type of one export of a snapshot (``name`` a key of EXPORTS).

    CSV and JSON files are the stored texts exactly (UTF-8, no byte order mark), so their
    bytes are what the content hash covers and what the CLI reads.
    """
    column, media_type = EXPORTS[name]
    text = snapshot[column]
    if name.endswith(".xlsx"):
        sheet_name = name.removesuffix(".xlsx")
        return await asyncio.to_thread(csv_to_xlsx, text, sheet_name), media_type
    return text.encode("utf-8"), media_type


TITLED_COLUMNS = [
    "rank",
    "track_rank",
    "submission_id",
    "title",
    "status",
    "track",
    "track_name_en",
    "track_name_zh",
    "score",
]


def titled_ranking_csv(results: PublicResults) -> bytes:
    """The version's ranking as people read it: the ids of ``ranking.csv`` (to match it line
    for line) with each project's title and track names as the page shows them; no title for
    a project withdrawn or disqualified since. Not the hashed file: that one stays ids only,
    so the scoring CLI reproduces it byte for byte."""
    records = [
        {
            "rank": row.rank,
            "track_rank": row.track_rank,
            "submission_id": row.submission_id,
            "title": row.title or "",
            "status": row.status,
            "track": row.track,
            "track_name_en": row.track_name_en,
            "track_name_zh": row.track_name_zh,
            "score": row.score,
        }
        for row in results.rows
    ]
    frame = pd.DataFrame.from_records(records, columns=TITLED_COLUMNS)
    # Ranks stay integers with a gap for "not ranked", never 3.0.
    frame = frame.astype({"rank": "Int64", "track_rank": "Int64"})
    return to_csv(frame)
