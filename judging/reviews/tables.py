"""Tables of the reviews domain: judges' scorecards."""

from enum import StrEnum

from piccolo.columns import JSON, Boolean, Float, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from judging.accounts.tables import Account
from judging.competitions.tables import Round
from judging.submissions.tables import Submission


class ScorecardStatus(StrEnum):
    """Where a judge's card stands: draft -> submitted; an organizer may send a submitted card
    back (returned); the judge may reopen a submitted card (a draft again, with
    ``reopened_at``), never by merely saving a draft."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"


class Scorecard(Table, tablename="scorecard"):
    """One judge's scores for one project in one round.

    ``scores`` maps criterion key to the judge's score on that criterion's scale. ``version``
    grows on every save; a save naming an older version is refused (no silent overwrite).
    """

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True, null=False)
    submission = ForeignKey(
        references=Submission, on_delete=OnDelete.cascade, index=True, null=False
    )
    judge = ForeignKey(references=Account, index=True, null=False)
    status = Varchar(length=20, default=ScorecardStatus.DRAFT, choices=ScorecardStatus, index=True)
    scores = JSON(default="{}")
    # Weighted 0-100 total of a complete card (None while criteria are missing).
    total = Float(null=True, default=None)
    comment_to_entrant = Text(default="")
    note_to_organizers = Text(default="")
    # Moderation: an organizer can leave a card out of the ranking, with a reason.
    excluded = Boolean(default=False)
    excluded_reason = Text(default="")
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    submitted_at = Timestamptz(null=True, default=None)
    # The pitch deck (content hash) the card was last saved against: the version the judge
    # scored, kept among the project's deck versions (judging.submissions.tables.DeckVersion).
    deck_sha256 = Varchar(length=64, default="")
    # Set when the judge reopened their submitted card (it is a draft again); cleared when they
    # submit it again, so the queue can tell a withdrawn submission from a first draft.
    reopened_at = Timestamptz(null=True, default=None)


class JudgeReminder(Table, tablename="judge_reminder"):
    """When a judge was last reminded of their work in a round (one row per judge and round,
    unique): reminders within ``REMINDER_THROTTLE`` of it are skipped unless forced."""

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, null=False)
    judge = ForeignKey(references=Account, on_delete=OnDelete.cascade, null=False)
    last_sent_at = Timestamptz()
    sent_count = Integer(default=1)


class ScreeningVote(Table, tablename="screening_vote"):
    """A screener's word on a project in a screening round: eligible or not, and why (a
    reason is required for "not eligible"). One per screener and project; changed in place
    while the round is open, every change audited."""

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True, null=False)
    submission = ForeignKey(
        references=Submission, on_delete=OnDelete.cascade, index=True, null=False
    )
    judge = ForeignKey(references=Account, index=True, null=False)
    eligible = Boolean()
    reason = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
