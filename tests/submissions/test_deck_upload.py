"""Pitch decks: PDF only (checked by content), size-limited, stored by content hash, atomically."""

from __future__ import annotations

import hashlib
import io
import os
import time
from pathlib import Path

import msgspec
import pytest

from judging.audit.tables import AuditEvent
from judging.errors import TooLarge, ValidationFailed
from judging.submissions import storage
from judging.submissions.tables import Submission
from tests.submissions.entrant_world import (
    EXE_BYTES,
    FAKE_PDF_BYTES,
    first_project,
    padded_pdf,
    signed_in,
    small_pdf,
    upload,
)


def _stored_files(data_dir: str | Path) -> list[Path]:
    root = Path(data_dir) / "decks"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


async def test_a_real_pdf_is_stored_under_its_content_hash(app, demo, settings):
    project = await first_project("entrant1")
    pdf = small_pdf(pages=2)
    digest = hashlib.sha256(pdf).hexdigest()
    async with signed_in(app, "entrant1") as client:
        response = await upload(client, project.id, pdf)
    assert response.status_code == 200
    assert response.json()["deck"]["sha256"] == digest
    assert response.json()["deck"]["url"] == f"/submissions/{project.id}/deck"
    stored = Path(settings.data_dir) / "decks" / digest[:2] / f"{digest}.pdf"
    assert _stored_files(settings.data_dir) == [stored]
    assert stored.read_bytes() == pdf
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.deck_sha256, saved.deck_size, saved.version) == (digest, len(pdf), 2)
    assert saved.deck_uploaded_at is not None


async def test_a_deck_upload_is_audited(app, demo):
    project = await first_project("entrant1")
    pdf = small_pdf()
    async with signed_in(app, "entrant1") as client:
        await upload(client, project.id, pdf)
    event = (
        await AuditEvent.select()
        .where((AuditEvent.entity == "submission") & (AuditEvent.action == "deck_uploaded"))
        .output(load_json=True)
        .first()
    )
    assert event["entity_id"] == project.id
    assert event["before"]["deck_sha256"] == ""
    assert event["after"]["deck_sha256"] == hashlib.sha256(pdf).hexdigest()
    assert event["after"]["deck_size"] == len(pdf)


async def test_the_page_form_uploads_a_deck(app, demo, settings):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        response = await client.http.post(
            f"/projects/{project.id}/deck",
            data={"_csrf_token": await client.csrf_token()},
            files={"deck": ("Our deck.pdf", small_pdf(), "application/pdf")},
        )
        page = await client.get(response.headers["location"])
    assert response.status_code == 303
    assert "The pitch deck is uploaded." in page.text
    assert f'href="/submissions/{project.id}/deck"' in page.text
    assert len(_stored_files(settings.data_dir)) == 1


async def test_a_windows_program_renamed_pdf_is_refused(app, demo, settings):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        response = await upload(client, project.id, EXE_BYTES, name="deck.pdf")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "deck",
            "message": "This file is not a PDF. Upload the pitch deck as a PDF file.",
        }
    ]
    assert _stored_files(settings.data_dir) == []
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.deck_sha256, saved.version) == ("", 1)


async def test_a_text_file_starting_like_a_pdf_is_refused(app, demo, settings):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        response = await upload(client, project.id, FAKE_PDF_BYTES)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "deck"
    assert "could not be read" in response.json()["errors"][0]["message"]
    assert _stored_files(settings.data_dir) == []


async def test_the_page_shows_a_refused_deck_beside_the_file_input(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        response = await client.http.post(
            f"/projects/{project.id}/deck",
            data={"_csrf_token": await client.csrf_token()},
            files={"deck": ("deck.pdf", EXE_BYTES, "application/pdf")},
        )
    assert response.status_code == 400
    assert 'id="deck-error"' in response.text
    assert "This file is not a PDF." in response.text


async def test_a_25_mb_upload_gets_413_and_nothing_is_stored(app, demo, settings):
    project = await first_project("entrant1")
    big = padded_pdf(25 * 1024 * 1024)
    async with signed_in(app, "entrant1") as client:
        api = await upload(client, project.id, big)
        page = await client.http.post(
            f"/projects/{project.id}/deck",
            data={"_csrf_token": await client.csrf_token()},
            files={"deck": ("deck.pdf", big, "application/pdf")},
        )
    assert api.status_code == 413
    assert api.json()["detail"] == "The pitch deck is larger than 20 MB. Upload a smaller PDF."
    assert page.status_code == 413
    assert "too large" in page.text
    assert _stored_files(settings.data_dir) == []
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.deck_sha256, saved.version) == ("", 1)


async def test_a_deck_just_over_the_limit_gets_413_with_the_limit_named(demo, settings):
    from judging.app import create_app

    small_limit = create_app(msgspec.structs.replace(settings, max_upload_mb=1))
    project = await first_project("entrant1")
    async with signed_in(small_limit, "entrant1") as client:
        api = await upload(client, project.id, padded_pdf(1024 * 1024 + 300_000))
        page = await client.http.post(
            f"/projects/{project.id}/deck",
            data={"_csrf_token": await client.csrf_token()},
            files={"deck": ("deck.pdf", padded_pdf(1024 * 1024 + 300_000), "application/pdf")},
        )
    assert api.status_code == 413
    assert api.json()["detail"] == "The pitch deck is larger than 1 MB. Upload a smaller PDF."
    assert page.status_code == 413
    assert 'id="deck-error"' in page.text
    assert _stored_files(settings.data_dir) == []


async def test_the_name_the_user_chose_is_never_used_on_disk(app, demo, settings):
    project = await first_project("entrant1")
    pdf = small_pdf()
    async with signed_in(app, "entrant1") as client:
        await upload(client, project.id, pdf, name="../../judging.sqlite3.pdf")
    [stored] = _stored_files(settings.data_dir)
    assert stored.name == f"{hashlib.sha256(pdf).hexdigest()}.pdf"


async def test_identical_decks_share_one_file_and_replaced_decks_stay(app, demo, settings):
    first = await first_project("entrant1")
    other = await first_project("entrant2")
    one, two = small_pdf(pages=1), small_pdf(pages=3)
    async with signed_in(app, "entrant1") as client:
        await upload(client, first.id, one)
        await upload(client, first.id, two)
    async with signed_in(app, "entrant2") as client:
        await upload(client, other.id, one)
    names = {path.name for path in _stored_files(settings.data_dir)}
    assert names == {f"{hashlib.sha256(pdf).hexdigest()}.pdf" for pdf in (one, two)}


async def test_a_missing_deck_field_is_a_clear_error(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        response = await client.api(
            "PUT", f"/api/v1/projects/{project.id}/deck", files={"other": ("x.pdf", b"x")}
        )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "deck", "message": "Choose a PDF file to upload."}
    ]


async def test_store_deck_checks_the_limit_before_writing(tmp_path):
    with pytest.raises(TooLarge):
        await storage.store_deck(io.BytesIO(padded_pdf(5000)), tmp_path, max_bytes=4000)
    assert not (tmp_path / "decks").exists()


async def test_store_deck_leaves_no_temporary_file(tmp_path):
    deck = await storage.store_deck(io.BytesIO(small_pdf()), tmp_path, max_bytes=10**6)
    files = [path for path in (tmp_path / "decks").rglob("*") if path.is_file()]
    assert files == [storage.deck_path(tmp_path, deck.sha256)]


async def test_store_deck_refuses_an_empty_file(tmp_path):
    with pytest.raises(ValidationFailed) as refused:
        await storage.store_deck(io.BytesIO(b""), tmp_path, max_bytes=10**6)
    assert refused.value.errors[0].field == "deck"


async def test_stale_temporary_uploads_are_removed_and_fresh_ones_kept(tmp_path):
    folder = tmp_path / "decks" / "ab"
    folder.mkdir(parents=True)
    stale, fresh = folder / ".upload-dead", folder / ".upload-live"
    stale.write_bytes(b"%PDF-half")
    fresh.write_bytes(b"%PDF-half")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(stale, (two_hours_ago, two_hours_ago))
    await storage.store_deck(io.BytesIO(small_pdf()), tmp_path, max_bytes=10**6)
    assert not stale.exists()
    assert fresh.exists()


def test_deck_paths_accept_only_sha256_digests(tmp_path):
    with pytest.raises(ValueError, match="SHA-256"):
        storage.deck_path(tmp_path, "../../etc/passwd")
