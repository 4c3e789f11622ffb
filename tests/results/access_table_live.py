"""Access rows of the live leaderboard (see tests/web/test_access.py).

The demo's preliminary round keeps its board private, so the big screen, its stream and its
JSON answer 404 to everyone but the competition's organizers and platform admins (a private
board is not revealed). Driven without the app's lifespan, the stream sends one state and
ends. The control panel is the organizers'; an empty toggle form is a 400, an empty PATCH
changes nothing (200).
"""

from tests.web.access_table import ANON_PAGE

PRIVATE_BOARD = (404, 404, 404, 200, 404, 200)
CONTROL = "/organize/{cid}/rounds/{rid}/live"
CONTROL_API = "/api/v1/competitions/{cid}/rounds/{rid}/live"

ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/live/rounds/{rid}", PRIVATE_BOARD),
    ("GET", "/live/rounds/{rid}/events", PRIVATE_BOARD),
    ("GET", "/api/v1/live/rounds/{rid}", PRIVATE_BOARD),
    ("GET", CONTROL, (ANON_PAGE, 403, 403, 200, 403, 200)),
    ("POST", CONTROL, (ANON_PAGE, 403, 403, 400, 403, 400)),
    ("GET", CONTROL_API, (401, 403, 403, 200, 403, 200)),
    ("PATCH", CONTROL_API, (401, 403, 403, 200, 403, 200)),
]
