"""Pitch decks on disk: checked by content, stored by content hash, written atomically (the
attachments of :mod:`judging.submissions.attachment_files` are written the same way).

A deck lives at ``<data_dir>/decks/<sha[:2]>/<sha>.pdf``, never under a name a user chose.
It is written to a temporary ``.upload-*`` file in the same directory, flushed to disk and
renamed into place, so a crash leaves either the whole file or a temporary file that no row
points at (removed once stale). The database row is changed only after the rename.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import secrets
import time
from pathlib import Path
from typing import BinaryIO

import msgspec
import pypdf

from judging.errors import TooLarge, ValidationFailed
from judging.i18n import N_

DECKS_DIR = "decks"
# Files of attachment slots (judging.submissions.attachment_files), stored the same way.
ATTACHMENTS_DIR = "attachments"
TEMP_PREFIX = ".upload-"
# A temporary file this old belongs to an upload that died; no live upload takes an hour.
STALE_AFTER_SECONDS = 3600
CHUNK = 1024 * 1024
# PDF readers accept the header anywhere in the first kilobyte.
HEADER_WINDOW = 1024
PDF_MAGIC = b"%PDF-"

NOT_A_PDF = N_("This file is not a PDF. Upload the pitch deck as a PDF file.")
BROKEN_PDF = N_("This PDF could not be read. Export the pitch deck again as a PDF and retry.")
DECK_TOO_LARGE = N_("The pitch deck is larger than %(mb)s MB. Upload a smaller PDF.")


class StoredDeck(msgspec.Struct, frozen=True):
    sha256: str
    size: int


def decks_root(data_dir: str | Path) -> Path:
    return Path(data_dir) / DECKS_DIR


def is_sha256(text: str) -> bool:
    """Whether ``text`` is a SHA-256 hex digest as we store them (64 lower-case hex digits)."""
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def deck_path(data_dir: str | Path, sha256: str) -> Path:
    """Where the deck with this content hash is stored."""
    if not is_sha256(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return decks_root(data_dir) / sha256[:2] / f"{sha256}.pdf"


def too_large(max_bytes: int) -> TooLarge:
    return TooLarge(DECK_TOO_LARGE, mb=max_bytes // (1024 * 1024))


async def store_deck(source: BinaryIO, data_dir: str | Path, max_bytes: int) -> StoredDeck:
    """Check ``source`` (a readable, seekable binary file) and store it; returns its hash.

    Raises :class:`TooLarge` above ``max_bytes`` and :class:`ValidationFailed` on field
    ``deck`` when it is not a PDF with at least one page. Nothing is written then.
    """
    return await asyncio.to_thread(_store_deck, source, Path(data_dir), max_bytes)


def _store_deck(source: BinaryIO, data_dir: Path, max_bytes: int) -> StoredDeck:
    deck = _measure(source, max_bytes)
    _check_pdf(source)
    write_once(source, deck_path(data_dir, deck.sha256), data_dir)
    return deck


def write_once(source: BinaryIO, target: Path, data_dir: str | Path) -> None:
    """Write ``source`` to ``target`` unless a file is there already (content-addressed files
    never change): through a temporary file, flushed and renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_uploads(data_dir)
    if target.exists():
        return
    temporary = target.parent / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    try:
        with temporary.open("xb") as out:
            source.seek(0)
            while chunk := source.read(CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        # Same directory, same file system: the rename is atomic.
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _fsync_directory(target.parent)


def measure(source: BinaryIO, max_bytes: int, refusal: TooLarge) -> tuple[str, int]:
    """The SHA-256 hex digest and size of ``source``; ``refusal`` once it passes max_bytes."""
    digest = hashlib.sha256()
    size = 0
    source.seek(0)
    while chunk := source.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise refusal
        digest.update(chunk)
    return digest.hexdigest(), size


def _measure(source: BinaryIO, max_bytes: int) -> StoredDeck:
    sha256, size = measure(source, max_bytes, too_large(max_bytes))
    return StoredDeck(sha256=sha256, size=size)


def _check_pdf(source: BinaryIO) -> None:
    source.seek(0)
    if PDF_MAGIC not in source.read(HEADER_WINDOW):
        raise ValidationFailed.single("deck", NOT_A_PDF)
    source.seek(0)
    try:
        pages = len(pypdf.PdfReader(source).pages)
    except Exception:  # any parser failure on an uploaded file means "not a readable PDF"
        pages = 0
    if pages < 1:
        raise ValidationFailed.single("deck", BROKEN_PDF)


def _fsync_directory(directory: Path) -> None:
    # The rename itself must reach the disk, or a crash could undo it.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_stale_uploads(data_dir: str | Path, now: float | None = None) -> int:
    """Delete temporary files of uploads that died mid-write; returns how many were removed."""
    roots = (decks_root(data_dir), Path(data_dir) / ATTACHMENTS_DIR)
    cutoff = (time.time() if now is None else now) - STALE_AFTER_SECONDS
    removed = 0
    stale = [found for root in roots if root.exists() for found in root.glob(f"*/{TEMP_PREFIX}*")]
    for temporary in stale:
        with contextlib.suppress(FileNotFoundError):
            if temporary.stat().st_mtime < cutoff:
                temporary.unlink()
                removed += 1
    return removed
