"""Access rows of the judges' pages and API and the organizers' progress view.

Roles: anonymous, entrant, judge (judge1), organizer, outsider (organizer of another
competition), admin. judge1 has no assignment in the bare demo, so the project routes answer
404 to them (existence is not revealed); everyone who is not a judge is refused by role.
Empty forms and bodies are sent: the reminder form without a target is a 400.
"""

from tests.web.access_table import ANON_PAGE

JUDGE_PROJECT_PAGE = (ANON_PAGE, 403, 404, 403, 403, 403)
JUDGE_PROJECT_API = (401, 403, 404, 403, 403, 403)
PROGRESS = "/organize/{cid}/rounds/{rid}/progress"
PROGRESS_API = "/api/v1/competitions/{cid}/rounds/{rid}/progress"

ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/judge/rounds/{rid}/projects/{sid}", JUDGE_PROJECT_PAGE),
    ("POST", "/judge/rounds/{rid}/projects/{sid}", JUDGE_PROJECT_PAGE),
    ("POST", "/judge/rounds/{rid}/projects/{sid}/screening", JUDGE_PROJECT_PAGE),
    ("GET", "/judge/rounds/{rid}/projects/{sid}/reopen", JUDGE_PROJECT_PAGE),
    ("POST", "/judge/rounds/{rid}/projects/{sid}/reopen", JUDGE_PROJECT_PAGE),
    ("GET", "/api/v1/judge/queue", (401, 403, 200, 403, 403, 403)),
    ("GET", "/api/v1/judge/rounds/{rid}/projects/{sid}", JUDGE_PROJECT_API),
    ("PUT", "/api/v1/judge/rounds/{rid}/projects/{sid}/scorecard", (401, 403, 400, 403, 403, 403)),
    (
        "POST",
        "/api/v1/judge/rounds/{rid}/projects/{sid}/scorecard/reopen",
        (401, 403, 400, 403, 403, 403),
    ),
    ("GET", PROGRESS, (ANON_PAGE, 403, 403, 200, 403, 200)),
    ("POST", PROGRESS + "/reminders", (ANON_PAGE, 403, 403, 400, 403, 400)),
    ("GET", PROGRESS_API, (401, 403, 403, 200, 403, 200)),
    ("POST", PROGRESS_API + "/reminders", (401, 403, 403, 400, 403, 400)),
]
