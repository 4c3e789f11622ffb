"""Access rows of publication: organizers' pages, files and API, public results, entrants' API.

The bare demo has published nothing and scored nothing: a version answers 404 to whoever may
ask for it, and publishing is refused with 409 (no counted scorecard). Public results are
404 for everyone, signed in or not. tests/results/test_publication_access.py repeats the
version routes with a published round. (See tests/web/test_access.py.)
"""

from tests.web.access_table import ANON_PAGE

RESULTS = "/organize/{cid}/rounds/{rid}/results"
API = "/api/v1/competitions/{cid}/rounds/{rid}/publications"
PUBLIC = "/competitions/{slug}/results/{rid}"

ORGANIZER_PAGE = (ANON_PAGE, 403, 403, 200, 403, 200)
ORGANIZER_VERSION = (ANON_PAGE, 403, 403, 404, 403, 404)
NOT_PUBLISHED = (404, 404, 404, 404, 404, 404)

ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", RESULTS, ORGANIZER_PAGE),
    ("POST", RESULTS + "/publish", (ANON_PAGE, 403, 403, 409, 403, 409)),
    ("POST", RESULTS + "/v/{version}/withdraw", (ANON_PAGE, 403, 403, 400, 403, 400)),
    ("GET", RESULTS + "/v/{version}", ORGANIZER_VERSION),
    ("GET", RESULTS + "/v/{version}/ranking.csv", ORGANIZER_VERSION),
    ("GET", RESULTS + "/v/{version}/ranking.xlsx", ORGANIZER_VERSION),
    ("GET", RESULTS + "/v/{version}/scores.csv", ORGANIZER_VERSION),
    ("GET", RESULTS + "/v/{version}/scores.xlsx", ORGANIZER_VERSION),
    ("GET", RESULTS + "/v/{version}/rubric.json", ORGANIZER_VERSION),
    # Nothing is scored, so publishing is refused (409) before any confirmation is asked for.
    ("POST", API, (401, 403, 403, 409, 403, 409)),
    ("POST", API + "/{version}/withdrawal", (401, 403, 403, 400, 403, 400)),
    ("GET", API, (401, 403, 403, 200, 403, 200)),
    ("GET", API + "/{version}", (401, 403, 403, 404, 403, 404)),
    ("GET", PUBLIC, NOT_PUBLISHED),
    ("GET", PUBLIC + "/v/{version}", NOT_PUBLISHED),
    ("GET", PUBLIC + "/v/{version}/ranking.csv", NOT_PUBLISHED),
    ("GET", PUBLIC + "/v/{version}/ranking-with-titles.csv", NOT_PUBLISHED),
    ("GET", PUBLIC + "/v/{version}/scores.csv", NOT_PUBLISHED),
    ("GET", PUBLIC + "/v/{version}/rubric.json", NOT_PUBLISHED),
    ("GET", "/api/v1/public/competitions/{slug}/results/{rid}", NOT_PUBLISHED),
    ("GET", "/api/v1/projects/{sid}/results", (401, 200, 404, 404, 404, 404)),
    ("GET", "/api/v1/projects/{sid}/admissions", (401, 200, 404, 404, 404, 404)),
]
