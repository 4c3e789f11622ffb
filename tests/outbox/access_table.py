"""Access rows of the outbox pages (see tests/web/test_access.py): the platform's whole outbox
is the admin's (in tests/web/access_table.py); a competition's mails are its organizers'."""

from tests.web.access_table import ANON_PAGE

ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/organize/{cid}/outbox", (ANON_PAGE, 403, 403, 200, 403, 200)),
]
