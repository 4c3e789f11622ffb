"""Access rows of the application form: the organizers' question pages and API.

{qid} is the demo's "stage" question, which projects have answered, and {slotid} its business
plan slot, for which the world records a file: deleting either is refused (409). Empty forms and bodies are sent, so allowed roles get 400 where a question is asked for.
"""

from tests.web.access_table import ANON_PAGE

ORGANIZERS_PAGE = (ANON_PAGE, 403, 403, 200, 403, 200)
ORGANIZERS_FORM = (ANON_PAGE, 403, 403, 400, 403, 400)

ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/organize/{cid}/form", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/form", ORGANIZERS_FORM),
    ("POST", "/organize/{cid}/form/order", (ANON_PAGE, 403, 403, 303, 403, 303)),
    ("GET", "/organize/{cid}/form/preview", ORGANIZERS_PAGE),
    ("GET", "/organize/{cid}/form/{qid}", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/form/{qid}", ORGANIZERS_FORM),
    ("POST", "/organize/{cid}/form/{qid}/delete", (ANON_PAGE, 403, 403, 409, 403, 409)),
    ("GET", "/api/v1/competitions/{cid}/questions", (401, 403, 403, 200, 403, 200)),
    ("POST", "/api/v1/competitions/{cid}/questions", (401, 403, 403, 400, 403, 400)),
    ("PUT", "/api/v1/competitions/{cid}/questions/{qid}", (401, 403, 403, 400, 403, 400)),
    ("DELETE", "/api/v1/competitions/{cid}/questions/{qid}", (401, 403, 403, 409, 403, 409)),
    ("GET", "/organize/{cid}/form/files/new", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/form/files", ORGANIZERS_FORM),
    ("GET", "/organize/{cid}/form/files/{slotid}", ORGANIZERS_PAGE),
    ("POST", "/organize/{cid}/form/files/{slotid}", ORGANIZERS_FORM),
    ("POST", "/organize/{cid}/form/files/{slotid}/delete", (ANON_PAGE, 403, 403, 409, 403, 409)),
    ("GET", "/api/v1/competitions/{cid}/attachment-slots", (401, 403, 403, 200, 403, 200)),
    ("POST", "/api/v1/competitions/{cid}/attachment-slots", (401, 403, 403, 400, 403, 400)),
    ("PUT", "/api/v1/competitions/{cid}/attachment-slots/{slotid}", (401, 403, 403, 400, 403, 400)),
    (
        "DELETE",
        "/api/v1/competitions/{cid}/attachment-slots/{slotid}",
        (401, 403, 403, 409, 403, 409),
    ),
]
