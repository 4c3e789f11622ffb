"""What a webhook delivery carries and how a receiver knows it came from us (pure).

Each delivery is a POST of a JSON body with these headers:

* ``X-Judging-Event``: the event, e.g. ``scorecard.submitted``;
* ``X-Judging-Delivery``: the delivery's id, the same on every retry and replay of it
  (a receiver that has seen it may answer 2xx and do nothing);
* ``X-Judging-Signature``: ``t=<unix seconds>,v1=<hex>``, where ``<hex>`` is
  HMAC-SHA256 of ``"<t>.<body>"`` under the endpoint's secret. A receiver recomputes it,
  compares in constant time and refuses a ``t`` far from its clock (a replayed capture).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

PROJECT_SUBMITTED = "project.submitted"
SCORECARD_SUBMITTED = "scorecard.submitted"
ROUND_PUBLISHED = "round.published"
PROJECT_ADVANCED = "project.advanced"
EVENTS = (PROJECT_SUBMITTED, SCORECARD_SUBMITTED, ROUND_PUBLISHED, PROJECT_ADVANCED)

EVENT_HEADER = "X-Judging-Event"
DELIVERY_HEADER = "X-Judging-Delivery"
SIGNATURE_HEADER = "X-Judging-Signature"
# How far a receiver should trust a signature's time from its own clock.
TOLERANCE = timedelta(minutes=5)

# The wait after the n-th failed attempt: 30 s, 1 min, 2 min, ... at most 6 hours; after
# MAX_ATTEMPTS the delivery is given up (and can still be replayed by hand).
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=6)
MAX_ATTEMPTS = 10


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Judging-Signature`` value of ``body`` sent at ``timestamp``."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, now: datetime) -> bool:
    """Whether ``header`` signs ``body`` under ``secret``, at a time near ``now`` (what a
    receiver does; the tests' receiver uses it)."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now.timestamp() - timestamp) > TOLERANCE.total_seconds():
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected, f"t={timestamp},v1={parts.get('v1', '')}")


def retry_wait(failed_attempts: int) -> timedelta | None:
    """How long to wait after ``failed_attempts`` failures; None once it is time to give up."""
    if failed_attempts >= MAX_ATTEMPTS:
        return None
    return min(FIRST_RETRY * 2 ** (failed_attempts - 1), LONGEST_WAIT)
