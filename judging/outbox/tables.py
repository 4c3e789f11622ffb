"""The outbox: every mail the platform sends is first a row here."""

from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class OutboxMessage(Table, tablename="outbox_message"):
    """One mail to one recipient; delivered over SMTP when configured, else shown to admins."""

    to_address = Varchar(length=254, index=True)
    subject = Varchar(length=300)
    body = Text()
    kind = Varchar(length=40, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    # A worker claims a message before sending so two processes never send it twice.
    claimed_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None, index=True)
    attempts = Integer(default=0)
    last_error = Text(default="")
