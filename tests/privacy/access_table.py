"""Access rows of the personal data routes (see tests/web/test_access.py): everyone signed in
has their own data page; a competition's erasure requests are its organizers'. ``{req}``
names no request."""

from tests.web.access_table import ANON_PAGE

SIGNED_IN_PAGE = (ANON_PAGE, 200, 200, 200, 200, 200)
ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/account/data", SIGNED_IN_PAGE),
    ("GET", "/account/data/download", SIGNED_IN_PAGE),
    # An empty form has the box unticked: shown again with the error.
    ("POST", "/account/data/erasure", (ANON_PAGE, 400, 400, 400, 400, 400)),
    ("GET", "/api/v1/account/data", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/account/data/erasure", (401, 400, 400, 400, 400, 400)),
    ("GET", "/organize/{cid}/data-requests", (ANON_PAGE, 403, 403, 200, 403, 200)),
    ("POST", "/organize/{cid}/data-requests/{req}/erase", (ANON_PAGE, 403, 403, 404, 403, 404)),
    ("POST", "/organize/{cid}/data-requests/{req}/decline", (ANON_PAGE, 403, 403, 400, 403, 400)),
    ("GET", "/api/v1/competitions/{cid}/data-requests", (401, 403, 403, 200, 403, 200)),
    (
        "POST",
        "/api/v1/competitions/{cid}/data-requests/{req}/erase",
        (401, 403, 403, 404, 403, 404),
    ),
    (
        "POST",
        "/api/v1/competitions/{cid}/data-requests/{req}/decline",
        (401, 403, 403, 400, 403, 400),
    ),
]
