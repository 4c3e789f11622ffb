"""Access rows of the organizers' submission list, exports, moderation and imports.

Roles: anonymous, entrant, judge, organizer, outsider (organizer of another competition),
admin. Empty forms and bodies are sent, so allowed roles get 400 on actions; the import job
asked for does not exist, so allowed roles get 404 there.
"""

from tests.web.access_table import ANON_PAGE

ORGANIZERS_PAGE = (ANON_PAGE, 403, 403, 200, 403, 200)
ORGANIZERS_FORM = (ANON_PAGE, 403, 403, 400, 403, 400)
ORGANIZERS_PAGE_MISSING = (ANON_PAGE, 403, 403, 404, 403, 404)
ORGANIZERS_API = (401, 403, 403, 200, 403, 200)
ORGANIZERS_API_BAD_BODY = (401, 403, 403, 400, 403, 400)
ORGANIZERS_API_MISSING = (401, 403, 403, 404, 403, 404)


ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/organize/{cid}/submissions", ORGANIZERS_PAGE),
    ("GET", "/organize/{cid}/submissions/export.csv", ORGANIZERS_PAGE),
    ("GET", "/organize/{cid}/submissions/export.xlsx", ORGANIZERS_PAGE),
    ("GET", "/organize/{cid}/submissions/{sid}", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/submissions/{sid}/disqualify", ORGANIZERS_FORM),
    ("POST", "/organize/{cid}/submissions/{sid}/reinstate", ORGANIZERS_FORM),
    ("POST", "/organize/{cid}/submissions/{sid}/unlock", ORGANIZERS_FORM),
    ("POST", "/organize/{cid}/submissions/{sid}/relock", ORGANIZERS_FORM),
    ("GET", "/organize/{cid}/imports", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/imports", ORGANIZERS_FORM),
    ("GET", "/organize/{cid}/imports/{job}", ORGANIZERS_PAGE_MISSING),
    ("GET", "/api/v1/competitions/{cid}/submissions", ORGANIZERS_API),
    ("POST", "/api/v1/competitions/{cid}/submissions/{sid}/disqualify", ORGANIZERS_API_BAD_BODY),
    ("POST", "/api/v1/competitions/{cid}/submissions/{sid}/reinstate", ORGANIZERS_API_BAD_BODY),
    ("GET", "/api/v1/competitions/{cid}/submissions/{sid}/lock", ORGANIZERS_API),
    ("POST", "/api/v1/competitions/{cid}/submissions/{sid}/unlock", ORGANIZERS_API_BAD_BODY),
    ("POST", "/api/v1/competitions/{cid}/submissions/{sid}/relock", ORGANIZERS_API_BAD_BODY),
    ("GET", "/api/v1/competitions/{cid}/imports/{job}", ORGANIZERS_API_MISSING),
]
