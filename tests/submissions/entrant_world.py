"""Shared pieces of the entrant and deck tests: real PDFs, signed-in clients, moving deadlines."""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

from judging.accounts.tables import Account
from judging.clock import utcnow
from judging.competitions.tables import Round, Track
from judging.demo import DEMO_PASSWORD, demo_email
from judging.submissions.tables import Submission
from tests.support import WebClient, app_client

# A Windows executable starts with "MZ"; renamed to .pdf it must still be refused.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 2000
FAKE_PDF_BYTES = b"%PDF-1.7\nThis is a text file pretending to be a PDF.\n" * 20


def small_pdf(pages: int = 1, text: str = "") -> bytes:
    """A real PDF made with pypdf: ``pages`` blank A4 pages (plus ``text`` as metadata)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if text:
        writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def padded_pdf(size: int) -> bytes:
    """A valid PDF of about ``size`` bytes (a comment after the end marker pads it)."""
    pdf = small_pdf()
    return pdf + b"%" + b"x" * max(0, size - len(pdf) - 2) + b"\n"


async def account(handle: str) -> Account:
    return await Account.objects().get(Account.email == demo_email(handle))


async def first_project(handle: str, status: str | None = None) -> Submission:
    query = Submission.objects().where(Submission.owner.email == demo_email(handle))
    if status:
        query = query.where(Submission.status == status)
    return await query.order_by(Submission.id).first()


async def track(competition_id: int, key: str = "ai") -> Track:
    return await Track.objects().get((Track.competition == competition_id) & (Track.key == key))


async def move_window(
    competition_id: int, opens_at: datetime | None, closes_at: datetime | None
) -> None:
    """Set the submission window of the competition's first round, directly in the database."""
    first = (
        await Round.objects()
        .where(Round.competition == competition_id)
        .order_by(Round.position)
        .first()
    )
    await Round.update(
        {Round.submission_opens_at: opens_at, Round.submission_closes_at: closes_at}
    ).where(Round.id == first.id)


async def close_window(competition_id: int) -> datetime:
    """Move the deadline into the past; returns it."""
    closes_at = utcnow() - timedelta(hours=1)
    await move_window(competition_id, closes_at - timedelta(days=30), closes_at)
    return closes_at


# The demo application form's required answers (for a project outside the biomed track).
DEMO_ANSWERS = {"stage": "pilot", "funding_raised": 1_000_000, "team_size": 5}


def project_form(track_id: int, **overrides: str) -> dict[str, str]:
    """The fields of the page form of a new project."""
    return {
        **{f"answers.{key}": str(value) for key, value in DEMO_ANSWERS.items()},
        "track_id": str(track_id),
        "title": "Solar-powered cold chain",
        "summary": "Keeps vaccines cold in villages without grid power.",
        "description": "## Why\n\nVillages lose **30%** of vaccines.",
        "team-0-name": "Wang Lei",
        "team-0-role": "CEO",
        "team-0-email": "wang@example.com",
        "organization": "ColdBox Ltd",
        "country": "CN",
        "website": "https://coldbox.example",
        "video_url": "",
        "contact_name": "Wang Lei",
        "contact_email": "wang@example.com",
        "contact_phone": "+86 25 1234 5678",
        **overrides,
    }


def project_json(track_id: int, **overrides: object) -> dict[str, object]:
    """The JSON body of a new project."""
    return {
        "track_id": track_id,
        "title": "Solar-powered cold chain",
        "summary": "Keeps vaccines cold in villages without grid power.",
        "description": "## Why",
        "team": [{"name": "Wang Lei", "role": "CEO", "email": "wang@example.com"}],
        "organization": "ColdBox Ltd",
        "country": "CN",
        "answers": DEMO_ANSWERS,
        **overrides,
    }


@contextlib.asynccontextmanager
async def signed_in(app, handle: str | None) -> AsyncIterator[WebClient]:
    """A client of ``app`` signed in as the demo account ``handle`` (anonymous for None)."""
    async with app_client(app) as client:
        if handle is not None:
            await client.sign_in(demo_email(handle), DEMO_PASSWORD)
        yield client


async def upload(client: WebClient, submission_id: int, content: bytes, name: str = "deck.pdf"):
    """PUT the deck through the API."""
    return await client.api(
        "PUT",
        f"/api/v1/projects/{submission_id}/deck",
        files={"deck": (name, content, "application/pdf")},
    )
