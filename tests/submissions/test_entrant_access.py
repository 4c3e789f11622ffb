"""An entrant sees and changes only their own projects: every entrant route and the deck URL
refuse everyone else, by role and by guessed ids, and change nothing."""

from __future__ import annotations

import pytest

from judging.submissions.tables import Submission
from tests.submissions.entrant_world import (
    first_project,
    project_form,
    signed_in,
    small_pdf,
)

GUESSED_ID = 987654


def _requests(sid: int, track_id: int) -> list[tuple[str, str, dict]]:
    """Every route that names a project, with a body that would be valid for its owner."""
    version = {"version": "1"}
    pdf = {"deck": ("deck.pdf", small_pdf(), "application/pdf")}
    return [
        ("GET", f"/projects/{sid}", {}),
        ("GET", f"/projects/{sid}/edit", {}),
        ("POST", f"/projects/{sid}/edit", {"data": {**project_form(track_id), **version}}),
        ("POST", f"/projects/{sid}/deck", {"files": pdf}),
        ("POST", f"/projects/{sid}/submit", {"data": version}),
        ("POST", f"/projects/{sid}/withdraw", {"data": version}),
        ("GET", f"/api/v1/projects/{sid}", {}),
        ("PATCH", f"/api/v1/projects/{sid}", {"json": {"version": 1, "title": "Taken"}}),
        ("PUT", f"/api/v1/projects/{sid}/deck", {"files": pdf}),
        ("POST", f"/api/v1/projects/{sid}/submit", {"json": {"version": 1}}),
        ("POST", f"/api/v1/projects/{sid}/withdraw", {"json": {"version": 1}}),
        ("GET", f"/submissions/{sid}/deck", {}),
    ]


async def _send(client, method: str, path: str, body: dict):
    token = await client.csrf_token()
    if path.startswith("/api/"):
        return await client.http.request(method, path, headers={"x-csrftoken": token}, **body)
    if method == "GET":
        return await client.get(path)
    data = {**body.get("data", {}), "_csrf_token": token}
    return await client.http.request(method, path, data=data, files=body.get("files"))


@pytest.mark.parametrize("handle", ["entrant2", "judge1", "organizer", "admin"])
async def test_another_users_project_is_404_on_every_route(app, demo, handle):
    project = await first_project("entrant1", status="submitted")
    async with signed_in(app, handle) as client:
        statuses = {
            (method, path): (await _send(client, method, path, body)).status_code
            for method, path, body in _requests(project.id, project.track)
        }
    # Organizers and admins may read the deck URL; there is no deck here, so 404 as well.
    assert set(statuses.values()) == {404}, statuses
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.version, saved.status, saved.title, saved.deck_sha256) == (
        project.version,
        "submitted",
        project.title,
        "",
    )


async def test_guessed_ids_are_404_on_every_route(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        statuses = {
            (method, path): (await _send(client, method, path, body)).status_code
            for method, path, body in _requests(GUESSED_ID, project.track)
        }
    assert set(statuses.values()) == {404}, statuses


async def test_anonymous_visitors_are_sent_to_sign_in_and_api_clients_get_401(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, None) as client:
        statuses = {
            path: (await _send(client, method, path, body)).status_code
            for method, path, body in _requests(project.id, project.track)
        }
    for path, status in statuses.items():
        if path.startswith("/api/"):
            assert status == 401, path
        elif path.startswith("/submissions/"):
            assert status == 404, path
        else:
            assert status == 302, path


async def test_the_api_lists_only_the_callers_projects(app, demo):
    async with signed_in(app, "entrant2") as client:
        listed = (await client.api("GET", "/api/v1/projects")).json()
    entrant1_ids = {
        row["id"]
        for row in await Submission.select(Submission.id).where(
            Submission.owner.email == "entrant1@demo.chinagate.local"
        )
    }
    assert listed
    assert not entrant1_ids & {project["id"] for project in listed}
