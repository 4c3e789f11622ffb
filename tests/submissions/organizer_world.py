"""Shared pieces of the organizer list, export, moderation and import tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timedelta

import openpyxl
import pandas as pd

from judging.clock import utcnow
from judging.competitions.tables import Competition, Track
from judging.demo import DEMO_PASSWORD, demo_email
from judging.submissions import import_jobs
from judging.submissions.search import search_text_for
from judging.submissions.tables import Submission
from tests.support import WebClient

# A Windows executable starts with "MZ"; renamed to .csv it must still be refused.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 2000


async def sign_in_organizer(client: WebClient) -> None:
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)


async def track_id(competition: Competition, key: str) -> int:
    track = await Track.objects().get((Track.competition == competition.id) & (Track.key == key))
    return track.id


async def add_project(
    competition: Competition,
    title: str,
    *,
    track: str = "ai",
    status: str = "submitted",
    country: str = "CN",
    organization: str = "",
    team: Sequence[str] = (),
) -> Submission:
    """A project written straight to the database (the list does not care how it came)."""
    members = [{"name": name, "role": "", "email": ""} for name in team]
    now = utcnow()
    project = Submission(
        competition=competition.id,
        track=await track_id(competition, track),
        title=title,
        team=members,
        organization=organization,
        country=country,
        status=status,
        search_text=search_text_for(title, organization, members),
        submitted_at=now - timedelta(hours=1) if status != "draft" else None,
    )
    await project.save()
    return project


def csv_bytes(rows: Sequence[dict[str, str]], encoding: str = "utf-8-sig") -> bytes:
    return pd.DataFrame(rows).to_csv(index=False).encode(encoding)


def xlsx_bytes(rows: Sequence[dict[str, object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    columns = list(dict.fromkeys(key for row in rows for key in row))
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def upload(
    client: WebClient, competition: Competition, kind: str, filename: str, content: bytes
):
    """Post the import form as a browser does (multipart, with the CSRF token)."""
    return await client.http.post(
        f"/organize/{competition.id}/imports",
        data={"kind": kind, "_csrf_token": await client.csrf_token()},
        files={"file": (filename, content, "application/octet-stream")},
    )


async def project_named(title: str) -> dict:
    """The stored project with ``title``, JSON columns decoded."""
    return await Submission.select().where(Submission.title == title).output(load_json=True).first()


async def import_outcome(client: WebClient, competition: Competition, response) -> dict:
    """Wait for the background import started by ``response``, then read it from the API."""
    assert response.status_code == 303, response.text
    await import_jobs.settle()
    job_id = int(response.headers["location"].rsplit("/", 1)[1])
    outcome = await client.get(f"/api/v1/competitions/{competition.id}/imports/{job_id}")
    assert outcome.status_code == 200, outcome.text
    return outcome.json()


async def add_many(competition: Competition, count: int, prefix: str = "Bulk project") -> None:
    """``count`` submitted projects in the AI track, inserted at once."""
    ai = await track_id(competition, "ai")
    now = utcnow()
    await Submission.insert(
        *(
            Submission(
                competition=competition.id,
                track=ai,
                title=f"{prefix} {number:04d}",
                team=[],
                country="CN",
                status="submitted",
                search_text=f"{prefix} {number:04d}".casefold(),
                submitted_at=now,
            )
            for number in range(count)
        )
    )
