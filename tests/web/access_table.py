"""Access rows of the shell, accounts and competitions routes (see tests/web/test_access.py)."""

ROLES = ("anonymous", "entrant", "judge", "organizer", "outsider", "admin")
# (method, path, statuses for the roles above, in that order). {cid} is the demo competition;
# "outsider" organizes a different competition, so the demo's organizer pages refuse them.
ANON_PAGE = 302  # pages send anonymous visitors to /login?next=...
ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/", (200, 302, 302, 302, 302, 302)),
    ("GET", "/healthz", (200, 200, 200, 200, 200, 200)),
    ("GET", "/livez", (200, 200, 200, 200, 200, 200)),
    ("GET", "/readyz", (200, 200, 200, 200, 200, 200)),
    # The test client is on this machine and the app not in production (see metrics.py).
    ("GET", "/metrics", (200, 200, 200, 200, 200, 200)),
    ("GET", "/login", (200, 303, 303, 303, 303, 303)),
    ("POST", "/login", (400, 400, 400, 400, 400, 400)),
    ("POST", "/logout", (303, 303, 303, 303, 303, 303)),
    ("GET", "/register", (200, 200, 200, 200, 200, 200)),
    ("POST", "/register", (400, 400, 400, 400, 400, 400)),
    ("GET", "/password/forgot", (200, 200, 200, 200, 200, 200)),
    ("POST", "/password/forgot", (400, 400, 400, 400, 400, 400)),
    ("GET", "/password/reset/{token}", (404, 404, 404, 404, 404, 404)),
    ("POST", "/password/reset/{token}", (400, 400, 400, 400, 400, 400)),
    ("POST", "/lang", (303, 303, 303, 303, 303, 303)),
    # An unknown confirmation link; signed-in demo accounts are confirmed, so asking for a new
    # link says so on the dashboard.
    ("GET", "/verify/{token}", (404, 404, 404, 404, 404, 404)),
    ("POST", "/verify/{token}", (404, 404, 404, 404, 404, 404)),
    ("POST", "/account/verification", (ANON_PAGE, 303, 303, 303, 303, 303)),
    ("GET", "/account", (ANON_PAGE, 200, 200, 200, 200, 200)),
    ("POST", "/account", (ANON_PAGE, 400, 400, 400, 400, 400)),
    ("GET", "/account/password", (ANON_PAGE, 200, 200, 200, 200, 200)),
    ("POST", "/account/password", (ANON_PAGE, 400, 400, 400, 400, 400)),
    ("GET", "/admin", (ANON_PAGE, 403, 403, 403, 403, 200)),
    ("GET", "/admin/outbox", (ANON_PAGE, 403, 403, 403, 403, 200)),
    ("GET", "/organize", (ANON_PAGE, 403, 403, 200, 200, 200)),
    ("GET", "/organize/{cid}", (ANON_PAGE, 403, 403, 200, 403, 200)),
    ("GET", "/organize/{cid}/people", (ANON_PAGE, 403, 403, 200, 403, 200)),
    ("POST", "/organize/{cid}/people/invitations", (ANON_PAGE, 403, 403, 400, 403, 400)),
    ("GET", "/invitations/{token}", (404, 404, 404, 404, 404, 404)),
    ("POST", "/invitations/{token}", (404, 404, 404, 404, 404, 404)),
    ("GET", "/competitions/{slug}", (200, 200, 200, 200, 200, 200)),
    ("GET", "/projects", (ANON_PAGE, 200, 200, 200, 200, 200)),
    ("GET", "/judge", (ANON_PAGE, 403, 200, 403, 403, 403)),
    ("GET", "/api/v1/me", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/session", (400, 400, 400, 400, 400, 400)),
    ("DELETE", "/api/v1/session", (401, 204, 204, 204, 204, 204)),
    ("POST", "/api/v1/account/password", (401, 400, 400, 400, 400, 400)),
    ("GET", "/api/v1/competitions", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/competitions/{cid}/invitations", (401, 403, 403, 200, 403, 200)),
    ("POST", "/api/v1/competitions/{cid}/invitations", (401, 403, 403, 400, 403, 400)),
    ("GET", "/schema", (200, 200, 200, 200, 200, 200)),
    ("GET", "/schema/openapi.json", (200, 200, 200, 200, 200, 200)),
]
# Framework routes whose access is not ours to decide (static files, schema sub-pages).
NOT_IN_TABLE = {"/static/{file_path:path}", "/schema/{path:str}"}
