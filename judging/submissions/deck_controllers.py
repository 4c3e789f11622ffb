"""The pitch deck file URLs: the current deck and each version by its content hash."""

from __future__ import annotations

from pathlib import Path

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import File

from judging.settings import Settings
from judging.submissions import decks, services
from judging.web.context import Context


class DeckFiles(Controller):
    """Pitch deck files. Anyone who may not read one gets 404, signed in or not."""

    path = "/submissions"
    include_in_schema = False

    @get("/{submission_id:int}/deck", name="submission_deck")
    async def deck(
        self,
        request: Request,
        submission_id: FromPath[int],
        settings: NamedDependency[Settings],
        context: Context,
        download: FromQuery[bool] = False,
    ) -> File:
        """The current pitch deck, under a generated name (never the team's: rounds may be
        blind)."""
        path = await services.readable_deck(
            context.actor, submission_id, settings.data_dir, may_read=decks.deck_access(request)
        )
        return deck_file(path, submission_id, download)

    @get("/{submission_id:int}/deck/{sha256:str}", name="submission_deck_version")
    async def deck_version(
        self,
        request: Request,
        submission_id: FromPath[int],
        sha256: FromPath[str],
        settings: NamedDependency[Settings],
        context: Context,
        download: FromQuery[bool] = False,
    ) -> File:
        """One version of the pitch deck by its content hash: what a judge scored stays
        reachable after the entrant replaced it."""
        path = await services.readable_deck(
            context.actor,
            submission_id,
            settings.data_dir,
            sha256,
            may_read=decks.deck_access(request),
        )
        return deck_file(path, submission_id, download)


def deck_file(path: Path, submission_id: int, download: bool) -> File:
    return File(
        path,
        filename=f"project-{submission_id}.pdf",
        content_disposition_type="attachment" if download else "inline",
        media_type="application/pdf",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )
