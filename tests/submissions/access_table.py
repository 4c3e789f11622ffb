"""Access rows of the entrants' project pages, their API and the deck URL (see tests/web/test_access.py).

{sid} is a submitted project of entrant1 (without a deck); judge1 is not assigned to it. Other
people's projects answer 404 so guessing ids reveals nothing; empty bodies answer 400 to the owner.
"""

from tests.web.access_table import ANON_PAGE

OWNER_ONLY_PAGE = (ANON_PAGE, 200, 404, 404, 404, 404)
OWNER_ONLY_POST = (ANON_PAGE, 400, 404, 404, 404, 404)
OWNER_ONLY_API = (401, 200, 404, 404, 404, 404)
OWNER_ONLY_API_CHANGE = (401, 400, 404, 404, 404, 404)

ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/projects/new", (ANON_PAGE, 200, 200, 200, 200, 200)),
    ("POST", "/projects/new", (ANON_PAGE, 400, 400, 400, 400, 400)),
    ("GET", "/projects/{sid}", OWNER_ONLY_PAGE),
    ("GET", "/projects/{sid}/edit", OWNER_ONLY_PAGE),
    ("POST", "/projects/{sid}/edit", OWNER_ONLY_POST),
    ("POST", "/projects/{sid}/deck", OWNER_ONLY_POST),
    ("POST", "/projects/{sid}/submit", OWNER_ONLY_POST),
    ("POST", "/projects/{sid}/withdraw", OWNER_ONLY_POST),
    ("GET", "/api/v1/projects", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/projects", (401, 400, 400, 400, 400, 400)),
    ("GET", "/api/v1/projects/{sid}", OWNER_ONLY_API),
    ("PATCH", "/api/v1/projects/{sid}", OWNER_ONLY_API_CHANGE),
    ("PUT", "/api/v1/projects/{sid}/deck", OWNER_ONLY_API_CHANGE),
    ("POST", "/api/v1/projects/{sid}/submit", OWNER_ONLY_API_CHANGE),
    ("POST", "/api/v1/projects/{sid}/withdraw", OWNER_ONLY_API_CHANGE),
    # No deck is uploaded for {sid}; tests/submissions/test_deck_access.py serves a real one.
    ("GET", "/submissions/{sid}/deck", (404, 404, 404, 404, 404, 404)),
    # A deck version by content hash ({token} is no hash at all); test_deck_versions.py serves one.
    ("GET", "/submissions/{sid}/deck/{token}", (404, 404, 404, 404, 404, 404)),
    # The world records a business plan for {sid} without its file on disk, so every reader
    # finds none; tests/applications/test_files.py serves real ones.
    ("GET", "/submissions/{sid}/files/{slotkey}", (404, 404, 404, 404, 404, 404)),
    ("GET", "/submissions/{sid}/files/{slotkey}/{token}", (404, 404, 404, 404, 404, 404)),
    ("POST", "/projects/{sid}/files/{slotkey}", OWNER_ONLY_POST),
    ("PUT", "/api/v1/projects/{sid}/files/{slotkey}", OWNER_ONLY_API_CHANGE),
    # The team: {mid} is no member of {sid}, and its owner is no member to leave.
    ("POST", "/projects/{sid}/team", OWNER_ONLY_POST),
    ("POST", "/projects/{sid}/team/{mid}/remove", (ANON_PAGE, 404, 404, 404, 404, 404)),
    ("POST", "/projects/{sid}/team/{mid}/owner", (ANON_PAGE, 404, 404, 404, 404, 404)),
    ("POST", "/projects/{sid}/team/leave", (ANON_PAGE, 404, 404, 404, 404, 404)),
    ("GET", "/team-invitations/{token}", (404, 404, 404, 404, 404, 404)),
    ("POST", "/team-invitations/{token}", (ANON_PAGE, 404, 404, 404, 404, 404)),
]
