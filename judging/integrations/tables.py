"""Tables of the integrations domain: the organizers' webhook endpoints and every delivery."""

from piccolo.columns import ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from judging.accounts.tables import Account
from judging.competitions.tables import Competition


class Webhook(Table, tablename="webhook"):
    """An HTTPS endpoint of the organizers' that hears the events it chose."""

    competition = ForeignKey(references=Competition, null=False)
    url = Varchar(length=500)
    # Space-separated, from judging.integrations.signing.EVENTS.
    events = Varchar(length=200)
    description = Varchar(length=200, default="")
    # The receiver checks each delivery's signature with it; kept because signing needs it.
    secret = Varchar(length=64)
    created_by = ForeignKey(references=Account, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    # Removed endpoints keep their deliveries for the record and hear nothing more.
    removed_at = Timestamptz(null=True, default=None)


class WebhookDelivery(Table, tablename="webhook_delivery"):
    """One event for one endpoint: sent until the endpoint answers 2xx, with backoff."""

    webhook = ForeignKey(references=Webhook, null=False, index=True)
    event = Varchar(length=40)
    # The JSON body, exactly as signed and sent (a replay sends it again, byte for byte).
    body = Text()
    created_at = Timestamptz(default=TimestamptzNow())
    # When the next attempt is due; null once delivered or given up.
    next_attempt_at = Timestamptz(null=True, default=None, index=True)
    # A worker claims a delivery before sending, so two processes never send it at once.
    claimed_at = Timestamptz(null=True, default=None)
    attempts = Integer(default=0)
    delivered_at = Timestamptz(null=True, default=None)
    last_attempt_at = Timestamptz(null=True, default=None)
    # The endpoint's last answer: its status (null when it could not be reached) and the
    # start of its body, or why it could not be reached.
    last_status = Integer(null=True, default=None)
    last_response = Text(default="")
    replay_of = Integer(null=True, default=None)
