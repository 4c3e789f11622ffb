"""Tables of the messages domain: what an organizer sent, and to whom."""

from piccolo.columns import JSON, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from judging.accounts.tables import Account
from judging.competitions.tables import Competition


class Message(Table, tablename="organizer_message"):
    """A message as its organizer wrote it (placeholders unfilled) and the segment it went to
    (``segment``: the :class:`~judging.messages.schemas.Segment` sent, as JSON)."""

    competition = ForeignKey(
        references=Competition, on_delete=OnDelete.cascade, index=True, null=False
    )
    subject_en = Varchar(length=200)
    subject_zh = Varchar(length=200)
    body_en = Text()
    body_zh = Text()
    segment = JSON(default="{}")
    recipients = Integer(default=0)
    sent_by = ForeignKey(references=Account, null=True)
    sent_at = Timestamptz(default=TimestamptzNow())


class MessageRecipient(Table, tablename="organizer_message_recipient"):
    """One person a message went to, in which language, and its outbox row."""

    message = ForeignKey(references=Message, on_delete=OnDelete.cascade, index=True, null=False)
    account = ForeignKey(references=Account, null=True)
    email = Varchar(length=254)
    name = Varchar(length=200, default="")
    # "" when the account chose no language: the mail carries both.
    locale = Varchar(length=10, default="")
    outbox_id = Integer(null=True, default=None)
