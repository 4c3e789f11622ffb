"""When entrants may create and change projects: the submission window of a competition (that
of its first round), and why it refuses a change at a given moment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from judging.competitions import services as competitions
from judging.competitions.tables import Round, Track
from judging.errors import Forbidden
from judging.i18n import N_, Moment
from judging.submissions.schemas import SubmissionWindow

NOT_OPEN = N_("This competition does not take submissions.")
NOT_OPEN_YET = N_(
    "Submissions open on %(when)s. Projects cannot be created or changed before then."
)
DEADLINE_PASSED = N_(
    "The submission deadline passed on %(when)s. Projects can no longer be created or changed."
)


async def submission_window(competition_id: int) -> SubmissionWindow:
    """The submission window of the competition: that of its first round (lowest position)."""
    competition = await competitions.get_competition(competition_id)
    first = (
        await Round.select(Round.submission_opens_at, Round.submission_closes_at)
        .where(Round.competition == competition_id)
        .order_by(Round.position)
        .order_by(Round.id)
        .first()
    )
    if first is None:
        return SubmissionWindow(None, None, competition.timezone, has_round=False)
    return SubmissionWindow(
        first["submission_opens_at"],
        first["submission_closes_at"],
        competition.timezone,
        has_round=True,
    )


def window_refusal(window: SubmissionWindow, now: datetime) -> Forbidden | None:
    """Why the window refuses changes at ``now`` (an error to raise or show), or None."""
    phase = window.phase(now)
    if phase == "open":
        return None
    if phase == "none":
        return Forbidden(NOT_OPEN)
    if phase == "upcoming":
        assert window.opens_at is not None
        return Forbidden(NOT_OPEN_YET, when=Moment(window.opens_at, window.timezone))
    assert window.closes_at is not None
    return Forbidden(DEADLINE_PASSED, when=Moment(window.closes_at, window.timezone))


async def require_open(competition_id: int, now: datetime) -> None:
    """Raise the window's refusal when the competition takes no changes at ``now``."""
    refusal = window_refusal(await submission_window(competition_id), now)
    if refusal is not None:
        raise refusal


async def open_competitions(now: datetime) -> list[dict[str, Any]]:
    """Public competitions taking submissions at ``now``, each with its window and tracks."""
    found = []
    for competition in await competitions.public_competitions():
        window = await submission_window(competition.id)
        if window.is_open(now):
            found.append(
                {
                    **msgspec.structs.asdict(competition),
                    "window": window,
                    "tracks": await tracks_of(competition.id),
                }
            )
    return found


async def tracks_of(competition_id: int) -> list[dict[str, Any]]:
    """The competition's tracks an entrant chooses from, in their order."""
    return (
        await Track.select(Track.id, Track.key, Track.name_en, Track.name_zh)
        .where(Track.competition == competition_id)
        .order_by(Track.position)
        .order_by(Track.id)
    )
