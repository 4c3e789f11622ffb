"""Tables of screening: an organizer's decision on a project its screeners disagree on (or
one the organizer overrules)."""

from piccolo.columns import Boolean, ForeignKey, Text, Timestamptz
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from judging.accounts.tables import Account
from judging.competitions.tables import Round
from judging.submissions.tables import Submission


class ScreeningDecision(Table, tablename="screening_decision"):
    """An organizer's word on a project in a screening round; it stands over the screeners'.
    ``share_reason``: the team is told the reason with the outcome."""

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True, null=False)
    submission = ForeignKey(
        references=Submission, on_delete=OnDelete.cascade, index=True, null=False
    )
    eligible = Boolean()
    reason = Text(default="")
    share_reason = Boolean(default=False)
    decided_by = ForeignKey(references=Account, null=True)
    decided_at = Timestamptz(default=TimestamptzNow())
