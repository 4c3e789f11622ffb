"""Access rows of messages to entrants and judges (see tests/web/test_access.py).

{msg} is a message that does not exist: organizers are told so (404). Empty forms and bodies
are sent, so organizers get 400 where a message is asked for.
"""

from tests.web.access_table import ANON_PAGE

ORGANIZERS_PAGE = (ANON_PAGE, 403, 403, 200, 403, 200)
ORGANIZERS_FORM = (ANON_PAGE, 403, 403, 400, 403, 400)
ORGANIZERS_API = (401, 403, 403, 200, 403, 200)
ORGANIZERS_API_BAD_BODY = (401, 403, 403, 400, 403, 400)

ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/organize/{cid}/messages", ORGANIZERS_PAGE),
    ("GET", "/organize/{cid}/messages/new", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/messages/preview", ORGANIZERS_FORM),
    ("POST", "/organize/{cid}/messages", ORGANIZERS_FORM),
    ("GET", "/organize/{cid}/messages/{msg}", (ANON_PAGE, 403, 403, 404, 403, 404)),
    ("GET", "/api/v1/competitions/{cid}/messages", ORGANIZERS_API),
    ("POST", "/api/v1/competitions/{cid}/messages/preview", ORGANIZERS_API_BAD_BODY),
    ("POST", "/api/v1/competitions/{cid}/messages", ORGANIZERS_API_BAD_BODY),
    (
        "GET",
        "/api/v1/competitions/{cid}/messages/{msg}/recipients",
        (401, 403, 403, 404, 403, 404),
    ),
]
