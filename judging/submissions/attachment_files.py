"""Attachment files on disk: recognized by their content (never their name), stored by content
hash as decks are (:func:`judging.submissions.storage.write_once`), and, for PDFs, read for the
words that would name the team in a blind round.

A file lives at ``<data_dir>/attachments/<sha[:2]>/<sha>.<extension>``.
"""

from __future__ import annotations

import asyncio
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import msgspec
import pypdf

from judging.applications.tables import FileType
from judging.errors import TooLarge, ValidationFailed
from judging.i18n import N_
from judging.submissions import storage

TOO_LARGE = N_("This file is larger than %(mb)s MB. Upload a smaller one.")
NOT_ALLOWED = N_("This file is not of a kind this slot takes: upload %(kinds)s.")

# (media type, extension) of each kind a slot may take.
MEDIA = {
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "mp4": ("video/mp4", "mp4"),
    "webm": ("video/webm", "webm"),
    "png": ("image/png", "png"),
    "jpeg": ("image/jpeg", "jpg"),
}
FILE_TYPE_OF = {
    "pdf": FileType.PDF,
    "xlsx": FileType.XLSX,
    "mp4": FileType.VIDEO,
    "webm": FileType.VIDEO,
    "png": FileType.IMAGE,
    "jpeg": FileType.IMAGE,
}
HEAD = 4096
# Enough of a long PDF to find the names on its title and team pages.
SCANNED_PAGES = 30


class StoredAttachment(msgspec.Struct, frozen=True):
    sha256: str
    size: int
    file_type: FileType
    media_type: str
    extension: str


def attachment_path(data_dir: str | Path, sha256: str, extension: str) -> Path:
    if not storage.is_sha256(sha256) or extension not in {e for _, e in MEDIA.values()}:
        raise ValueError("not a stored attachment")
    return Path(data_dir) / storage.ATTACHMENTS_DIR / sha256[:2] / f"{sha256}.{extension}"


def _is_xlsx(source: BinaryIO) -> bool:
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _is_pdf(source: BinaryIO, head: bytes) -> bool:
    if storage.PDF_MAGIC not in head[: storage.HEADER_WINDOW]:
        return False
    source.seek(0)
    try:
        return len(pypdf.PdfReader(source).pages) > 0
    except Exception:  # any parser failure on an uploaded file means "not a readable PDF"
        return False


def recognize(source: BinaryIO) -> str | None:
    """The kind of file ``source`` holds (a key of :data:`MEDIA`), from its content; None for
    anything else (an executable renamed .pdf, a ZIP that is no workbook, a broken PDF)."""
    source.seek(0)
    head = source.read(HEAD)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "webm"
    if head.startswith(b"PK\x03\x04") and _is_xlsx(source):
        return "xlsx"
    if _is_pdf(source, head):
        return "pdf"
    return None


def kinds_text(allowed: Iterable[FileType]) -> str:
    """The kinds a slot takes, as the refusal names them: "PDF, MP4 or WebM"."""
    names = {
        FileType.PDF: "PDF",
        FileType.XLSX: "XLSX",
        FileType.VIDEO: "MP4 / WebM",
        FileType.IMAGE: "PNG / JPEG",
    }
    return ", ".join(names[kind] for kind in allowed)


async def store_attachment(
    source: BinaryIO, data_dir: str | Path, max_mb: int, allowed: list[FileType], field: str
) -> StoredAttachment:
    """Check ``source`` against the slot (kinds by content, size) and store it; nothing is
    written when it is refused (:class:`TooLarge`, :class:`ValidationFailed` on ``field``)."""
    return await asyncio.to_thread(_store, source, Path(data_dir), max_mb, allowed, field)


def _store(
    source: BinaryIO, data_dir: Path, max_mb: int, allowed: list[FileType], field: str
) -> StoredAttachment:
    max_bytes = max_mb * 1024 * 1024
    sha256, size = storage.measure(source, max_bytes, TooLarge(TOO_LARGE, mb=max_mb))
    kind = recognize(source)
    if kind is None or FILE_TYPE_OF[kind] not in allowed:
        raise ValidationFailed.single(field, NOT_ALLOWED, kinds=kinds_text(allowed))
    media_type, extension = MEDIA[kind]
    storage.write_once(source, attachment_path(data_dir, sha256, extension), data_dir)
    return StoredAttachment(sha256, size, FILE_TYPE_OF[kind], media_type, extension)


def pdf_text(path: Path) -> str:
    """The text of the PDF's first pages, lower-cased ("" when it has none or cannot be read)."""
    try:
        reader = pypdf.PdfReader(path)
        pages = reader.pages[:SCANNED_PAGES]
        return " ".join((page.extract_text() or "") for page in pages).casefold()
    except Exception:  # a PDF whose text cannot be extracted simply names nobody
        return ""


def names_found(text: str, names: Iterable[str]) -> list[str]:
    """Which of ``names`` (team members, the organization, the contact) ``text`` contains, as
    whole words; names shorter than three letters (two in Chinese) are too common to warn
    about."""
    squashed = re.sub(r"\s+", " ", text)
    found = []
    for name in names:
        wanted = re.sub(r"\s+", " ", name.strip()).casefold()
        cjk = any(ord(char) >= 0x2E80 for char in wanted)
        if len(wanted) < (2 if cjk else 3) or wanted in (n.casefold() for n in found):
            continue
        # Chinese runs without spaces between words: a name written in it is found anywhere.
        if cjk:
            if wanted in squashed:
                found.append(name.strip())
        elif re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", squashed):
            found.append(name.strip())
    return found
