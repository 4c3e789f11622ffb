"""The append-only audit trail."""

from piccolo.columns import JSON, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from judging.accounts.tables import Account


class AuditEvent(Table, tablename="audit_event"):
    """Who changed what, from which state to which, and when. Rows are only ever inserted."""

    actor = ForeignKey(references=Account, null=True)
    entity = Varchar(length=40)
    entity_id = Integer(index=True)
    action = Varchar(length=40)
    before = JSON(default="null")
    after = JSON(default="null")
    at = Timestamptz(default=TimestamptzNow(), index=True)
