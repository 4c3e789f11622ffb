"""Error pages are pages like any other: their forms (language switch, sign out) work, and an
upload refused as too large says the limit and leads back to where it came from."""

from __future__ import annotations

import re

import msgspec

from tests.submissions.entrant_world import first_project, padded_pdf, signed_in

CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]*)"')


async def _too_large_upload(client, project_id: int, size: int):
    """The deck form posted as a browser does, from the project page."""
    await client.get(f"/projects/{project_id}")
    return await client.http.post(
        f"/projects/{project_id}/deck",
        data={"_csrf_token": await client.csrf_token()},
        files={"deck": ("deck.pdf", padded_pdf(size), "application/pdf")},
        headers={"referer": f"http://testserver.local/projects/{project_id}"},
    )


def _small_limit_app(settings):
    from judging.app import create_app

    return create_app(msgspec.structs.replace(settings, max_upload_mb=1))


async def test_after_a_413_the_language_switch_and_sign_out_of_the_page_work(demo, settings):
    project = await first_project("entrant1")
    async with signed_in(_small_limit_app(settings), "entrant1") as client:
        refused = await _too_large_upload(client, project.id, 3 * 1024 * 1024)
        [token, *_] = CSRF_INPUT.findall(refused.text)
        switched = await client.http.post("/lang", data={"_csrf_token": token, "locale": "zh_CN"})
        signed_out = await client.http.post("/logout", data={"_csrf_token": token})
    assert refused.status_code == 413
    assert token != ""
    assert (switched.status_code, signed_out.status_code) == (303, 303)


async def test_the_413_page_says_the_limit_and_links_back_to_the_project(demo, settings):
    project = await first_project("entrant1")
    async with signed_in(_small_limit_app(settings), "entrant1") as client:
        refused = await _too_large_upload(client, project.id, 3 * 1024 * 1024)
    assert refused.status_code == 413
    assert "The upload is too large: the limit is 1 MB." in refused.text
    assert f'href="/projects/{project.id}"' in refused.text


async def test_a_404_page_for_a_visitor_without_a_token_gives_one_that_works(client):
    page = await client.get("/no/such/page")
    [token] = CSRF_INPUT.findall(page.text)
    switched = await client.http.post("/lang", data={"_csrf_token": token, "locale": "zh_CN"})
    assert page.status_code == 404
    assert client.http.cookies.get("csrftoken")
    assert switched.status_code == 303
