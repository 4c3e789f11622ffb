"""Access rows of the API token routes (see tests/web/test_access.py).

Everyone signed in has personal tokens; a competition's tokens are its organizers' (and the
platform admin's). ``{tokenid}`` names no token, so revoking it answers 404 to whoever may try.
"""

from tests.web.access_table import ANON_PAGE

ORGANIZERS = (ANON_PAGE, 403, 403, 200, 403, 200)
ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/account/tokens", (ANON_PAGE, 200, 200, 200, 200, 200)),
    ("POST", "/account/tokens", (ANON_PAGE, 400, 400, 400, 400, 400)),
    ("POST", "/account/tokens/{tokenid}/revoke", (ANON_PAGE, 404, 404, 404, 404, 404)),
    ("GET", "/api/v1/account/tokens", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/account/tokens", (401, 400, 400, 400, 400, 400)),
    ("DELETE", "/api/v1/account/tokens/{tokenid}", (401, 404, 404, 404, 404, 404)),
    ("GET", "/organize/{cid}/api-tokens", ORGANIZERS),
    ("POST", "/organize/{cid}/api-tokens", (ANON_PAGE, 403, 403, 400, 403, 400)),
    (
        "POST",
        "/organize/{cid}/api-tokens/{tokenid}/revoke",
        (ANON_PAGE, 403, 403, 404, 403, 404),
    ),
    ("GET", "/api/v1/competitions/{cid}/api-tokens", (401, 403, 403, 200, 403, 200)),
    ("POST", "/api/v1/competitions/{cid}/api-tokens", (401, 403, 403, 400, 403, 400)),
    ("DELETE", "/api/v1/competitions/{cid}/api-tokens/{tokenid}", (401, 403, 403, 404, 403, 404)),
]
