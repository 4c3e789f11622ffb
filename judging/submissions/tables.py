"""Tables of the submissions domain: entrants' projects, their pitch decks and other files,
and the later rounds they are admitted into."""

from enum import StrEnum

from piccolo.columns import JSON, BigInt, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from judging.accounts.tables import Account
from judging.competitions.tables import Competition, Round, Track


class SubmissionStatus(StrEnum):
    """Where a project stands: draft -> submitted -> (withdrawn | disqualified); a disqualified
    project may be reinstated (to submitted if it had been submitted, else to draft)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    DISQUALIFIED = "disqualified"


class ImportJobStatus(StrEnum):
    """An import's outcome: running until it succeeded (every row written) or failed (none)."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    # Not stored: how a running job shows once its process stopped reporting progress.
    INTERRUPTED = "interrupted"


class Submission(Table, tablename="submission"):
    """An entrant's project in one track of a competition.

    ``version`` grows by one on every change; a save naming an older version is refused so
    concurrent edits never silently overwrite each other.
    """

    competition = ForeignKey(
        references=Competition, on_delete=OnDelete.cascade, index=True, null=False
    )
    track = ForeignKey(references=Track, index=True, null=False)
    # Null for projects an organizer imported before the team had an account.
    owner = ForeignKey(references=Account, null=True, index=True)
    title = Varchar(length=200)
    summary = Text(default="")
    description = Text(default="")
    team = JSON(default="[]")
    organization = Varchar(length=200, default="")
    country = Varchar(length=2, default="", index=True)
    website = Varchar(length=500, default="")
    video_url = Varchar(length=500, default="")
    contact_name = Varchar(length=120, default="")
    contact_email = Varchar(length=254, default="")
    contact_phone = Varchar(length=40, default="")
    # The application form's answers: question key -> value (see judging.applications).
    answers = JSON(default="{}")
    status = Varchar(
        length=20, default=SubmissionStatus.DRAFT, choices=SubmissionStatus, index=True
    )
    status_reason = Text(default="")
    # Lower-cased title, organization and team names, for search without a second query.
    search_text = Text(default="")
    deck_sha256 = Varchar(length=64, default="")
    deck_size = BigInt(default=0)
    deck_uploaded_at = Timestamptz(null=True, default=None)
    submitted_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)
    # An organizer lifted the judging lock (see judging.submissions.locking); null when locked
    # as the rule says. The reason is on the project and on the audit trail.
    unlocked_at = Timestamptz(null=True, default=None)
    unlocked_by = ForeignKey(references=Account, null=True)
    unlock_reason = Text(default="")


class DeckVersion(Table, tablename="deck_version"):
    """Every pitch deck a project ever had, by content hash, so a judge can open the version
    they scored after the entrant replaced it. Rows are only inserted; the file itself is
    stored once per content (see :mod:`judging.submissions.storage`)."""

    submission = ForeignKey(
        references=Submission, on_delete=OnDelete.cascade, index=True, null=False
    )
    sha256 = Varchar(length=64, index=True)
    size = BigInt(default=0)
    uploaded_by = ForeignKey(references=Account, null=True)
    uploaded_at = Timestamptz(default=TimestamptzNow())


class TeamMember(Table, tablename="team_member"):
    """A co-founder invited to a project: pending while ``account`` is null (the invitation's
    token, hashed, is single-use and expires), a member who edits like the owner once they
    accepted with the invited address."""

    submission = ForeignKey(
        references=Submission, on_delete=OnDelete.cascade, index=True, null=False
    )
    email = Varchar(length=254)
    account = ForeignKey(references=Account, null=True, index=True)
    token_hash = Varchar(length=64, null=True, default=None)
    invited_by = ForeignKey(references=Account, null=True)
    invited_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz(null=True, default=None)
    accepted_at = Timestamptz(null=True, default=None)


class Attachment(Table, tablename="attachment"):
    """A file a project gave for one of its form's attachment slots. Rows are only inserted:
    the newest per slot is the project's file, the older ones stay reachable by their hash
    (a judge may have read them). ``filename`` is the name it was uploaded under, shown to
    its team and organizers only; ``named`` lists the team's names found in a PDF's text."""

    submission = ForeignKey(
        references=Submission, on_delete=OnDelete.cascade, index=True, null=False
    )
    competition = ForeignKey(references=Competition, on_delete=OnDelete.cascade, null=False)
    slot = Varchar(length=40)
    sha256 = Varchar(length=64)
    size = BigInt(default=0)
    media_type = Varchar(length=100)
    extension = Varchar(length=10)
    filename = Varchar(length=255, default="")
    named = JSON(default="[]")
    uploaded_by = ForeignKey(references=Account, null=True)
    uploaded_at = Timestamptz(default=TimestamptzNow())


class ImportJob(Table, tablename="import_job"):
    """An organizer's CSV/XLSX import; rows are written in one transaction or not at all.

    Progress while it runs lives in the shared store (so every app process can show it);
    this row keeps the outcome and the report of bad rows.
    """

    competition = ForeignKey(references=Competition, on_delete=OnDelete.cascade, null=False)
    kind = Varchar(length=20)
    filename = Varchar(length=255, default="")
    status = Varchar(length=20, default=ImportJobStatus.RUNNING, choices=ImportJobStatus)
    total_rows = Integer(default=0)
    imported_rows = Integer(default=0)
    errors = JSON(default="[]")
    created_by = ForeignKey(references=Account, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)


class Advancement(Table, tablename="advancement"):
    """A project admitted into a later round (the first round admits every submitted project).

    Written by the organizers' advancement (:mod:`judging.results.advancement`); read by
    :mod:`judging.submissions.participation`, which the assignments and the results share.
    """

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True, null=False)
    submission = ForeignKey(
        references=Submission, on_delete=OnDelete.cascade, index=True, null=False
    )
    # Why it advanced: "rank" (within the cut) or "organizer" (a tie at the cut resolved by hand).
    basis = Varchar(length=20, default="rank")
    decided_by = ForeignKey(references=Account, null=True)
    decided_at = Timestamptz(default=TimestamptzNow())
