"""Access rows of competition setup: admin creation, organizer pages and the JSON API.

Roles: anonymous, entrant, judge, organizer, outsider (organizer of another competition),
admin. Empty forms and bodies are sent, so allowed roles mostly get 400; deleting the demo's
AI track is refused (409) because it holds projects, and an empty PATCH changes nothing (200).
"""

from tests.web.access_table import ANON_PAGE

ORGANIZERS_PAGE = (ANON_PAGE, 403, 403, 200, 403, 200)
ORGANIZERS_FORM = (ANON_PAGE, 403, 403, 400, 403, 400)
ORGANIZERS_API = (401, 403, 403, 200, 403, 200)
ORGANIZERS_API_BAD_BODY = (401, 403, 403, 400, 403, 400)
ORGANIZERS_API_REFUSED = (401, 403, 403, 409, 403, 409)

ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/admin/competitions/new", (ANON_PAGE, 403, 403, 403, 403, 200)),
    ("POST", "/admin/competitions/new", (ANON_PAGE, 403, 403, 403, 403, 400)),
    ("GET", "/organize/{cid}/settings", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/settings", ORGANIZERS_FORM),
    ("GET", "/organize/{cid}/tracks", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/tracks", ORGANIZERS_FORM),
    ("POST", "/organize/{cid}/tracks/order", (ANON_PAGE, 403, 403, 303, 403, 303)),
    ("GET", "/organize/{cid}/tracks/{tid}", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/tracks/{tid}", ORGANIZERS_FORM),
    ("POST", "/organize/{cid}/tracks/{tid}/delete", (ANON_PAGE, 403, 403, 409, 403, 409)),
    ("GET", "/organize/{cid}/rounds", ORGANIZERS_PAGE),
    ("GET", "/organize/{cid}/rounds/new", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/rounds/new", ORGANIZERS_FORM),
    ("GET", "/organize/{cid}/rounds/{rid}", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/rounds/{rid}", ORGANIZERS_FORM),
    ("GET", "/organize/{cid}/rounds/{rid}/rubric", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/rounds/{rid}/rubric", ORGANIZERS_FORM),
    # {inv} is an invitation that does not exist: organizers are told so (404).
    (
        "POST",
        "/organize/{cid}/people/invitations/{inv}/revoke",
        (ANON_PAGE, 403, 403, 404, 403, 404),
    ),
    ("DELETE", "/api/v1/competitions/{cid}/invitations/{inv}", (401, 403, 403, 404, 403, 404)),
    ("POST", "/api/v1/competitions", (401, 403, 403, 403, 403, 400)),
    ("GET", "/api/v1/competitions/{cid}", ORGANIZERS_API),
    ("PATCH", "/api/v1/competitions/{cid}", ORGANIZERS_API),
    ("GET", "/api/v1/competitions/{cid}/tracks", ORGANIZERS_API),
    ("POST", "/api/v1/competitions/{cid}/tracks", ORGANIZERS_API_BAD_BODY),
    ("PATCH", "/api/v1/competitions/{cid}/tracks/{tid}", ORGANIZERS_API),
    ("DELETE", "/api/v1/competitions/{cid}/tracks/{tid}", ORGANIZERS_API_REFUSED),
    ("GET", "/api/v1/competitions/{cid}/rounds", ORGANIZERS_API),
    ("POST", "/api/v1/competitions/{cid}/rounds", ORGANIZERS_API_BAD_BODY),
    ("GET", "/api/v1/competitions/{cid}/rounds/{rid}", ORGANIZERS_API),
    ("PATCH", "/api/v1/competitions/{cid}/rounds/{rid}", ORGANIZERS_API),
    ("GET", "/api/v1/competitions/{cid}/rounds/{rid}/rubric", ORGANIZERS_API),
    ("PUT", "/api/v1/competitions/{cid}/rounds/{rid}/rubric", ORGANIZERS_API_BAD_BODY),
]
