"""Tables of the privacy domain: people's requests to erase what the platform holds on them."""

from piccolo.columns import ForeignKey, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from judging.accounts.tables import Account


class ErasureRequest(Table, tablename="erasure_request"):
    """A person asked for their personal data to be erased; an organizer of a competition
    they take part in (or a platform admin) confirms it, which erases it, or declines it with
    a reason the person reads."""

    account = ForeignKey(references=Account, null=False, index=True)
    reason = Text(default="")
    requested_at = Timestamptz(default=TimestamptzNow())
    # "pending", "erased" or "declined".
    status = Varchar(length=20, default="pending", index=True)
    decided_by = ForeignKey(references=Account, null=True)
    decided_at = Timestamptz(null=True, default=None)
    decision_note = Text(default="")
