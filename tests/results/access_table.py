"""Access rows of the organizers' results workbench (see tests/web/test_access.py).

Only the competition's organizers (and platform admins) reach these routes; the outsider
organizes another competition. The demo round has no scorecards, so ``{card}`` is unknown
(404 to organizers on the pages; the API refuses the empty body first, 400). Empty forms and
bodies are sent: forms and bodies that need fields answer 400.
"""

from tests.web.access_table import ANON_PAGE

PAGE = "/organize/{cid}/rounds/{rid}"
API = "/api/v1/competitions/{cid}/rounds/{rid}"
ORGANIZER_PAGE = (ANON_PAGE, 403, 403, 200, 403, 200)
ORGANIZER_FORM = (ANON_PAGE, 403, 403, 400, 403, 400)
UNKNOWN_CARD_FORM = (ANON_PAGE, 403, 403, 404, 403, 404)
ORGANIZER_API = (401, 403, 403, 200, 403, 200)
ORGANIZER_API_BODY = (401, 403, 403, 400, 403, 400)

ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", PAGE + "/ranking", ORGANIZER_PAGE),
    ("GET", PAGE + "/ranking.csv", ORGANIZER_PAGE),
    ("POST", PAGE + "/ranking/policy", ORGANIZER_FORM),
    ("GET", PAGE + "/ranking/projects/{sid}", ORGANIZER_PAGE),
    ("POST", PAGE + "/scorecards/{card}/exclude", UNKNOWN_CARD_FORM),
    ("POST", PAGE + "/scorecards/{card}/include", UNKNOWN_CARD_FORM),
    ("POST", PAGE + "/scorecards/{card}/return", UNKNOWN_CARD_FORM),
    ("GET", PAGE + "/calibration", ORGANIZER_PAGE),
    # The demo round is scored, not screened: its screening answers 409 to organizers (the
    # API refuses the decision's empty body first, 400).
    ("GET", PAGE + "/screening", (ANON_PAGE, 403, 403, 409, 403, 409)),
    ("POST", PAGE + "/screening/{sid}/decision", (ANON_PAGE, 403, 403, 409, 403, 409)),
    ("POST", PAGE + "/screening/admit", (ANON_PAGE, 403, 403, 409, 403, 409)),
    ("GET", API + "/screening", (401, 403, 403, 409, 403, 409)),
    ("PUT", API + "/screening/{sid}/decision", ORGANIZER_API_BODY),
    ("POST", API + "/screening/admit", (401, 403, 403, 409, 403, 409)),
    ("GET", PAGE + "/advancement", ORGANIZER_PAGE),
    ("POST", PAGE + "/advancement", ORGANIZER_FORM),
    ("POST", PAGE + "/advancement/withdraw", ORGANIZER_FORM),
    ("GET", API + "/ranking", ORGANIZER_API),
    ("POST", API + "/ranking/policy", ORGANIZER_API_BODY),
    ("GET", API + "/ranking/projects/{sid}", ORGANIZER_API),
    ("GET", API + "/calibration", ORGANIZER_API),
    ("POST", API + "/scorecards/{card}/exclude", ORGANIZER_API_BODY),
    ("POST", API + "/scorecards/{card}/include", ORGANIZER_API_BODY),
    ("POST", API + "/scorecards/{card}/return", ORGANIZER_API_BODY),
    ("GET", API + "/advancement", ORGANIZER_API),
    ("POST", API + "/advancement", ORGANIZER_API_BODY),
    ("POST", API + "/advancement/withdraw", ORGANIZER_API_BODY),
]
