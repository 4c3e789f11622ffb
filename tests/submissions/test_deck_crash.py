"""A server killed in the middle of an upload leaves no partial deck and no row pointing at a
missing file; a new server on the same data directory and database carries on."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import httpx

from judging.demo import DEMO_PASSWORD, demo_email
from judging.submissions.tables import Submission
from tests.submissions.entrant_world import first_project, small_pdf
from tests.support import ServerUrl, running_server

BOUNDARY = "deck-upload-boundary"
UPLOAD_SIZE = 15 * 1024 * 1024
CHUNK = 256 * 1024


async def _sign_in(http: httpx.AsyncClient) -> str:
    await http.get("/login")
    token = http.cookies["csrftoken"]
    response = await http.post(
        "/api/v1/session",
        json={"email": demo_email("entrant1"), "password": DEMO_PASSWORD},
        headers={"x-csrftoken": token},
    )
    assert response.status_code == 201, response.text
    return token


def _multipart_head() -> bytes:
    return (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="deck"; filename="deck.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()


async def _upload_until_killed(
    server: ServerUrl, http: httpx.AsyncClient, token: str, submission_id: int
) -> str:
    """Stream a large upload; kill the server when half of it is sent. Returns what the client saw."""
    head = _multipart_head()
    pdf = small_pdf()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    padding = UPLOAD_SIZE - len(head) - len(pdf) - len(tail)
    halfway, killed = asyncio.Event(), asyncio.Event()

    async def body():
        yield head + pdf
        sent = 0
        while sent < padding:
            if sent >= padding // 2 and not halfway.is_set():
                halfway.set()
                await killed.wait()
            yield b"%" * min(CHUNK, padding - sent)
            sent += CHUNK
        yield tail

    request = asyncio.create_task(
        http.put(
            f"/api/v1/projects/{submission_id}/deck",
            content=body(),
            headers={
                "content-type": f"multipart/form-data; boundary={BOUNDARY}",
                "content-length": str(UPLOAD_SIZE),
                "x-csrftoken": token,
            },
            timeout=60,
        )
    )
    await halfway.wait()
    server.kill()
    killed.set()
    try:
        response = await request
    except httpx.TransportError as exc:
        return type(exc).__name__
    return f"HTTP {response.status_code}"


async def _killed_mid_upload(data_dir: Path, complete_id: int, killed_id: int) -> tuple[int, str]:
    async with (
        running_server(data_dir) as base_url,
        httpx.AsyncClient(base_url=base_url) as http,
    ):
        token = await _sign_in(http)
        complete = await http.put(
            f"/api/v1/projects/{complete_id}/deck",
            files={"deck": ("deck.pdf", small_pdf(pages=2), "application/pdf")},
            headers={"x-csrftoken": token},
        )
        seen = await _upload_until_killed(base_url, http, token, killed_id)
    return complete.status_code, seen


async def test_killing_the_server_mid_upload_leaves_no_partial_deck_or_dangling_row(demo, tmp_path):
    data_dir = tmp_path / "var"
    complete = await first_project("entrant1")
    killed = (
        await Submission.objects()
        .where((Submission.owner == complete.owner) & (Submission.id != complete.id))
        .first()
    )

    complete_status, seen = await _killed_mid_upload(data_dir, complete.id, killed.id)
    assert complete_status == 200
    assert seen in {"RemoteProtocolError", "ReadError", "WriteError", "ConnectError"}, seen

    async with running_server(data_dir) as base_url, httpx.AsyncClient(base_url=base_url) as http:
        await _sign_in(http)
        served = await http.get(f"/submissions/{complete.id}/deck")
        retried = await http.put(
            f"/api/v1/projects/{killed.id}/deck",
            files={"deck": ("deck.pdf", small_pdf(pages=3), "application/pdf")},
            headers={"x-csrftoken": http.cookies["csrftoken"]},
        )
    assert served.status_code == 200
    assert served.content == small_pdf(pages=2)
    assert retried.status_code == 200

    decks = [path for path in (data_dir / "decks").rglob("*.pdf")]
    assert len(decks) == 2
    for path in decks:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem, path
    rows = await Submission.select(Submission.id, Submission.deck_sha256).where(
        Submission.deck_sha256 != ""
    )
    assert {row["id"] for row in rows} == {complete.id, killed.id}
    for row in rows:
        digest = row["deck_sha256"]
        assert (data_dir / "decks" / digest[:2] / f"{digest}.pdf").is_file()
