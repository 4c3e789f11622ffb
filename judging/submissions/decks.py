"""A project's pitch decks: every version it had, kept once per content and listed, and the URL
of each, so the deck URL can serve the version a judge scored. Storing an upload is
:func:`judging.submissions.services.attach_deck`; reading one is
:func:`judging.submissions.services.readable_deck`, which asks :data:`DeckAccess` who may."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from litestar.connection import ASGIConnection

from judging.accounts.tables import Account
from judging.submissions import storage
from judging.submissions.tables import DeckVersion, Submission

# Whether the account may read the project's deck (judging.permissions.can_read_deck). Its facts
# (assignments, conflicts of interest) belong to assignments, above submissions: the app gives
# judging.assignments.access.may_read_deck when it is built (judging.app.create_app).
DeckAccess = Callable[[Account, Submission], Awaitable[bool]]


def deck_access(request: ASGIConnection) -> DeckAccess:
    """The :data:`DeckAccess` the app was built with."""
    return request.app.state.deck_access


def deck_url(submission_id: int, sha256: str = "") -> str:
    """The deck's URL: the version with this content hash, else the project's current one."""
    base = f"/submissions/{submission_id}/deck"
    return f"{base}/{sha256}" if sha256 else base


async def keep_deck_version(
    submission_id: int, deck: storage.StoredDeck, account_id: int, now: datetime
) -> None:
    """Record the deck among the project's versions (once per content). Call in ``writing()``.

    A project's current deck from before versions were kept gets its row first, so it too
    stays reachable by its hash once replaced.
    """
    known = {
        row["sha256"]
        for row in await DeckVersion.select(DeckVersion.sha256).where(
            DeckVersion.submission == submission_id
        )
    }
    current = (
        await Submission.select(
            Submission.deck_sha256, Submission.deck_size, Submission.deck_uploaded_at
        )
        .where(Submission.id == submission_id)
        .first()
    )
    rows = []
    if current and current["deck_sha256"] and current["deck_sha256"] not in known:
        rows.append(
            DeckVersion(
                submission=submission_id,
                sha256=current["deck_sha256"],
                size=current["deck_size"],
                uploaded_at=current["deck_uploaded_at"] or now,
            )
        )
        known.add(current["deck_sha256"])
    if deck.sha256 not in known:
        rows.append(
            DeckVersion(
                submission=submission_id,
                sha256=deck.sha256,
                size=deck.size,
                uploaded_by=account_id,
                uploaded_at=now,
            )
        )
    if rows:
        await DeckVersion.insert(*rows)


async def deck_versions(submission_id: int) -> list[dict[str, Any]]:
    """Every deck the project had (``sha256``, ``size``, ``uploaded_at``), oldest first."""
    return (
        await DeckVersion.select(DeckVersion.sha256, DeckVersion.size, DeckVersion.uploaded_at)
        .where(DeckVersion.submission == submission_id)
        .order_by(DeckVersion.uploaded_at)
        .order_by(DeckVersion.id)
    )
