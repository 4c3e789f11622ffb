"""What goes into and out of publication: organizers' requests, snapshots, public and entrant
results.

The public and entrant Structs are the whole of what those audiences receive, so what they
may see is decided here once: no field names a judge, a private note, a team member, an
organization or a contact.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

WithdrawalReason = Annotated[str, msgspec.Meta(min_length=3, max_length=1000)]


class PublishRequest(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Publish the round's current ranking as its next version.

    The first version always mails the entrants of scored projects; later versions only
    when ``notify_entrants`` is true. Nothing is published without ``confirm: true``; with
    ``version`` (the number the organizer was shown) nothing is published either when
    another organizer has taken that number meanwhile.
    """

    notify_entrants: bool = False
    confirm: bool = False
    version: Annotated[int, msgspec.Meta(ge=1, le=2_147_483_647)] | None = None


class WithdrawalRequest(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Why a published version is withdrawn from public view (shown on its public page)."""

    reason: WithdrawalReason


class WithdrawalOut(msgspec.Struct, kw_only=True):
    """A published version withdrawn from public view: kept, never edited, and said so."""

    version: int
    reason: str
    withdrawn_at: datetime
    withdrawn_by: str


class RoundName(msgspec.Struct, kw_only=True):
    """A round a project was admitted into."""

    round_id: int
    round_name_en: str
    round_name_zh: str


class Verification(msgspec.Struct, kw_only=True):
    """A snapshot recomputed from its stored inputs."""

    ok: bool
    hash_matches: bool
    ranking_matches: bool
    # What the scoring module said about stored inputs it could not read (else empty).
    problem: str = ""


class PublicationOut(msgspec.Struct, kw_only=True):
    """A version just published."""

    round_id: int
    version: int
    content_hash: str
    published_at: datetime
    published_by: str
    ranked: int
    scored: int
    mails_queued: int


class PublicationSummary(msgspec.Struct, kw_only=True):
    """A published version without its texts."""

    round_id: int
    version: int
    content_hash: str
    published_at: datetime
    published_by: str
    # Set when the version was withdrawn from public view (it is kept all the same).
    withdrawn: WithdrawalOut | None = None


class ExportLinks(msgspec.Struct, kw_only=True):
    ranking_csv: str
    ranking_xlsx: str
    scores_csv: str
    scores_xlsx: str
    rubric_json: str


class PublicationDetail(msgspec.Struct, kw_only=True):
    """A published version: its inputs' policy, hash, a fresh verification and the exports."""

    round_id: int
    version: int
    content_hash: str
    published_at: datetime
    published_by: str
    policy: dict[str, object]
    verification: Verification
    cli_command: str
    exports: ExportLinks
    withdrawn: WithdrawalOut | None = None


class PublicRow(msgspec.Struct, kw_only=True):
    """A line of a public ranking. ``title`` is null for a project withdrawn or disqualified
    since (``status`` says which)."""

    submission_id: int
    rank: int | None
    track_rank: int | None
    title: str | None
    status: str
    track: str
    track_name_en: str
    track_name_zh: str
    score: float | None
    # The later rounds the project is admitted into (finalists), empty for the others.
    admitted_to: list[RoundName] = msgspec.field(default_factory=list)


class PublicTrack(msgspec.Struct, kw_only=True):
    key: str
    name_en: str
    name_zh: str


class PublicResults(msgspec.Struct, kw_only=True):
    """A published version of a round's ranking, as anyone may read it."""

    competition_slug: str
    competition_name_en: str
    competition_name_zh: str
    timezone: str
    is_public: bool
    round_id: int
    round_name_en: str
    round_name_zh: str
    version: int
    latest_version: int
    content_hash: str
    published_at: datetime
    policy: dict[str, object]
    tracks: list[PublicTrack]
    rows: list[PublicRow]
    # Set when this version was withdrawn from public view; ``rows`` and ``tracks`` are then
    # empty for the public (organizers still read them).
    withdrawn: WithdrawalOut | None = None


class CriterionMean(msgspec.Struct, kw_only=True):
    """The mean of the judges' scores on one criterion, scaled 0-100."""

    key: str
    label_en: str
    label_zh: str
    mean: float | None


class EntrantResult(msgspec.Struct, kw_only=True):
    """An entrant's own result in one round, from the round's latest published version.

    ``comments`` are the judges' comments to the entrants, in no particular order, with
    nothing that tells which judge wrote which.
    """

    submission_id: int
    round_id: int
    round_name_en: str
    round_name_zh: str
    version: int
    published_at: datetime
    timezone: str
    rank: int | None
    track_rank: int | None
    ranked_in_track: int
    track: str
    track_name_en: str
    track_name_zh: str
    score: float | None
    n_judges: int
    criteria: list[CriterionMean]
    comments: list[str]
    # The public results page of the round (null when the competition is not public).
    public_url: str | None


class EntrantStanding(msgspec.Struct, kw_only=True):
    """Where an entrant's project stands: its results (one per published round that includes
    it) and the rounds it is admitted into beyond its first (told as soon as admitted, before
    any publication)."""

    results: list[EntrantResult]
    admitted_to: list[RoundName]
