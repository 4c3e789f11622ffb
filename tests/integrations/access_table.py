"""Access rows of the webhook routes (see tests/web/test_access.py): a competition's
organizers (and the platform admin) only. ``{hook}`` and ``{delivery}`` name nothing, so an
organizer's request answers 404."""

from tests.web.access_table import ANON_PAGE

ORGANIZERS_PAGE = (ANON_PAGE, 403, 403, 200, 403, 200)
ORGANIZERS_FORM = (ANON_PAGE, 403, 403, 400, 403, 400)
ORGANIZERS_MISSING = (ANON_PAGE, 403, 403, 404, 403, 404)
API_MISSING = (401, 403, 403, 404, 403, 404)
ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/organize/{cid}/webhooks", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/webhooks", ORGANIZERS_FORM),
    ("GET", "/organize/{cid}/webhooks/{hook}", ORGANIZERS_MISSING),
    ("POST", "/organize/{cid}/webhooks/{hook}/remove", ORGANIZERS_MISSING),
    (
        "POST",
        "/organize/{cid}/webhooks/{hook}/deliveries/{delivery}/replay",
        ORGANIZERS_MISSING,
    ),
    ("GET", "/api/v1/competitions/{cid}/webhooks", (401, 403, 403, 200, 403, 200)),
    ("POST", "/api/v1/competitions/{cid}/webhooks", (401, 403, 403, 400, 403, 400)),
    ("GET", "/api/v1/competitions/{cid}/webhooks/{hook}", API_MISSING),
    ("DELETE", "/api/v1/competitions/{cid}/webhooks/{hook}", API_MISSING),
    ("GET", "/api/v1/competitions/{cid}/webhooks/{hook}/deliveries", API_MISSING),
    (
        "POST",
        "/api/v1/competitions/{cid}/webhooks/{hook}/deliveries/{delivery}/replay",
        API_MISSING,
    ),
]
