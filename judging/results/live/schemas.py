"""What a screen of the live leaderboard receives, and what the organizer controls."""

from __future__ import annotations

from typing import Literal

import msgspec

# ---------------------------------------------------------------- what a screen receives


class LiveProject(msgspec.Struct, kw_only=True):
    """One project on the board. ``rank`` and ``score`` stay null until totals are revealed;
    ``organization`` is null in blind rounds."""

    submission_id: int
    # Position in the pitch order (projects in order of their submission id), from 1.
    pitch: int
    title: str
    organization: str | None
    track_key: str
    track_name_en: str
    track_name_zh: str
    cards_in: int
    cards_expected: int
    rank: int | None = None
    score: float | None = None


class LiveState(msgspec.Struct, kw_only=True):
    """The board of a round at one moment: progress always, ranks and totals once revealed.

    Before reveal, projects are in pitch order; after, by rank (unranked ones last).
    """

    round_id: int
    competition_id: int
    round_name_en: str
    round_name_zh: str
    competition_name_en: str
    competition_name_zh: str
    # Anyone may watch (the organizer made the board public and the competition is public).
    public: bool
    revealed: bool
    cards_in: int
    cards_expected: int
    projects: list[LiveProject]


# ---------------------------------------------------------------- what the organizer controls


class LiveOptions(msgspec.Struct):
    """What the organizer controls on a live round."""

    leaderboard_public: bool
    reveal_totals: bool


class LiveOptionsPatch(msgspec.Struct, kw_only=True):
    """Only the options sent change."""

    leaderboard_public: bool | msgspec.UnsetType = msgspec.UNSET
    reveal_totals: bool | msgspec.UnsetType = msgspec.UNSET


class LiveToggle(msgspec.Struct, kw_only=True):
    """One button of the control panel: set one option on or off."""

    setting: Literal["leaderboard_public", "reveal_totals"]
    value: bool


class LiveRound(msgspec.Struct, kw_only=True):
    """The round a board shows, with what the board needs of its competition."""

    id: int
    competition: int
    name_en: str
    name_zh: str
    is_blind: bool
    leaderboard_public: bool
    reveal_totals: bool
    competition_name_en: str
    competition_name_zh: str
    competition_is_public: bool


class TakingPart(msgspec.Struct, kw_only=True):
    """A project taking part in the round, as its board names it."""

    id: int
    title: str
    organization: str | None
    track_key: str
    track_name_en: str
    track_name_zh: str
