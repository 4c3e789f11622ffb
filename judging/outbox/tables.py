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
    # The competition the mail was sent for, so its organizers can read it (None for mails of
    # an account, such as password resets). An id, not a foreign key: the outbox sits below
    # every domain, and a competition's mails stay in the admin's outbox after it is deleted.
    competition_id = Integer(null=True, default=None, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    # A worker claims a message before sending so two processes never send it twice.
    claimed_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None, index=True)
    attempts = Integer(default=0)
    last_error = Text(default="")
