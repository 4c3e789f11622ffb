"""Access rows of the judge pool, conflicts and assignments (see tests/web/test_access.py).

Roles: anonymous, entrant, judge (judge1), organizer, outsider (organizer of another
competition), admin. Empty forms and bodies are sent, so allowed roles mostly get 400; the
judge profile, conflict and assignment asked for by id do not exist (404). The demo has no
assignments yet, so judge1 declaring a conflict with entrant1's project gets 404.
"""

from tests.web.access_table import ANON_PAGE

ORGANIZERS_PAGE = (ANON_PAGE, 403, 403, 200, 403, 200)
ORGANIZERS_FORM = (ANON_PAGE, 403, 403, 400, 403, 400)
ORGANIZERS_PAGE_MISSING = (ANON_PAGE, 403, 403, 404, 403, 404)
ORGANIZERS_API = (401, 403, 403, 200, 403, 200)
ORGANIZERS_API_BAD_BODY = (401, 403, 403, 400, 403, 400)
ORGANIZERS_API_MISSING = (401, 403, 403, 404, 403, 404)
JUDGES_PAGE = (ANON_PAGE, 403, 200, 403, 403, 403)
JUDGES_FORM = (ANON_PAGE, 403, 400, 403, 403, 403)
ASSIGNED_JUDGES_FORM = (ANON_PAGE, 403, 404, 403, 403, 403)
ASSIGNED_JUDGES_API = (401, 403, 404, 403, 403, 403)
# A judge's own conflict asked for by id (none exists): the page 404; the API refuses the
# empty body first.
OWN_CONFLICT_PAGE = (ANON_PAGE, 403, 404, 403, 403, 403)
OWN_CONFLICT_API_BAD_BODY = (401, 403, 400, 403, 403, 403)

NO_SUCH_ID = 987654


class IdPath(str):
    """A route path with an id tests/web/test_access.py has no placeholder for.

    It compares equal to the route's path; formatting fills in an id that does not exist.
    """

    def format(self, *args: object, **kwargs: object) -> str:
        path = str(self)
        for name in ("profile_id", "conflict_id", "assignment_id"):
            path = path.replace(f"{{{name}:int}}", str(NO_SUCH_ID))
        return path.format(*args, **kwargs)


ROUND = "/organize/{cid}/rounds/{rid}/assignments"
API = "/api/v1/competitions/{cid}"

ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/organize/{cid}/judges", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/judges/invitations", ORGANIZERS_FORM),
    ("GET", IdPath("/organize/{cid}/judges/{profile_id:int}"), ORGANIZERS_PAGE_MISSING),
    ("POST", IdPath("/organize/{cid}/judges/{profile_id:int}"), ORGANIZERS_PAGE_MISSING),
    ("GET", "/organize/{cid}/conflicts", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/conflicts", ORGANIZERS_FORM),
    (
        "POST",
        IdPath("/organize/{cid}/conflicts/{conflict_id:int}/delete"),
        ORGANIZERS_PAGE_MISSING,
    ),
    ("GET", ROUND, ORGANIZERS_PAGE),
    ("POST", ROUND, ORGANIZERS_FORM),
    ("POST", ROUND + "/preview", ORGANIZERS_PAGE),
    ("GET", ROUND + "/preview", ORGANIZERS_PAGE),
    ("POST", ROUND + "/commit", ORGANIZERS_FORM),
    ("POST", IdPath(ROUND + "/{assignment_id:int}/delete"), ORGANIZERS_PAGE_MISSING),
    ("GET", "/judge/competitions/{cid}/profile", JUDGES_PAGE),
    ("POST", "/judge/competitions/{cid}/profile", JUDGES_FORM),
    ("GET", "/judge/competitions/{cid}/conflicts", JUDGES_PAGE),
    ("POST", "/judge/competitions/{cid}/conflicts", JUDGES_FORM),
    ("POST", "/judge/rounds/{rid}/projects/{sid}/conflict", ASSIGNED_JUDGES_FORM),
    (
        "GET",
        IdPath("/judge/competitions/{cid}/conflicts/{conflict_id:int}/withdraw"),
        OWN_CONFLICT_PAGE,
    ),
    (
        "POST",
        IdPath("/judge/competitions/{cid}/conflicts/{conflict_id:int}/withdraw"),
        OWN_CONFLICT_PAGE,
    ),
    ("GET", API + "/judges", ORGANIZERS_API),
    ("PATCH", IdPath(API + "/judges/{profile_id:int}"), ORGANIZERS_API_MISSING),
    ("GET", API + "/conflicts", ORGANIZERS_API),
    ("POST", API + "/conflicts", ORGANIZERS_API_BAD_BODY),
    ("DELETE", IdPath(API + "/conflicts/{conflict_id:int}"), ORGANIZERS_API_MISSING),
    ("GET", API + "/rounds/{rid}/assignments", ORGANIZERS_API),
    ("POST", API + "/rounds/{rid}/assignments", ORGANIZERS_API_BAD_BODY),
    ("POST", API + "/rounds/{rid}/assignments/preview", ORGANIZERS_API),
    ("POST", API + "/rounds/{rid}/assignments/commit", ORGANIZERS_API_BAD_BODY),
    (
        "DELETE",
        IdPath(API + "/rounds/{rid}/assignments/{assignment_id:int}"),
        ORGANIZERS_API_MISSING,
    ),
    ("POST", "/api/v1/judge/rounds/{rid}/projects/{sid}/conflict", ASSIGNED_JUDGES_API),
    (
        "POST",
        IdPath("/api/v1/judge/competitions/{cid}/conflicts/{conflict_id:int}/withdrawal"),
        OWN_CONFLICT_API_BAD_BODY,
    ),
]
