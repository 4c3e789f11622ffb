"""Entrants' own words carry their language, so screen readers read English titles on a
Chinese page (and Chinese ones on an English page) with the right voice."""

from __future__ import annotations

from judging.submissions.tables import Submission
from tests.reviews.judging_world import build_world, page_path
from tests.submissions.entrant_world import first_project, signed_in

CHINESE = {"accept-language": "zh-CN"}


async def _in_chinese(client, path: str) -> str:
    client.http.cookies.set("lang", "zh_CN")
    page = await client.get(path, headers=CHINESE)
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text
    return page.text


async def test_the_entrants_english_title_is_marked_on_chinese_pages(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        page = await _in_chinese(client, f"/projects/{project.id}")
        dashboard = await _in_chinese(client, "/projects")
    assert f'<h1 lang="en">{project.title}</h1>' in page
    assert f'<p class="project-summary" lang="en">{project.summary}</p>' in page
    assert f'<h2 lang="en"><a href="/projects/{project.id}">{project.title}</a></h2>' in dashboard


async def test_english_pages_mark_nothing_that_is_english(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        client.http.cookies.set("lang", "en")
        page = (await client.get(f"/projects/{project.id}")).text
    assert f"<h1>{project.title}</h1>" in page
    assert 'lang="en">' not in page.split("<body", 1)[1]


async def test_a_chinese_title_is_marked_on_english_pages(app, demo):
    project = await first_project("entrant1")
    await Submission.update({Submission.title: "乡村诊所的太阳能冷链"}).where(
        Submission.id == project.id
    )
    async with signed_in(app, "organizer") as client:
        client.http.cookies.set("lang", "en")
        listing = (await client.get(f"/organize/{demo.id}/submissions")).text
        detail = (await client.get(f"/organize/{demo.id}/submissions/{project.id}")).text
    assert 'lang="zh-CN">乡村诊所的太阳能冷链</a>' in listing
    assert '<h1 lang="zh-CN">乡村诊所的太阳能冷链</h1>' in detail


async def test_the_organizers_chinese_pages_mark_english_titles(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, "organizer") as client:
        detail = await _in_chinese(client, f"/organize/{demo.id}/submissions/{project.id}")
    assert f'<h1 lang="en">{project.title}</h1>' in detail


async def test_the_judges_chinese_pages_mark_english_titles(app, demo):
    world = await build_world(demo.id)
    project = await Submission.objects().get(Submission.id == world.projects[0])
    async with signed_in(app, "judge1") as client:
        dashboard = await _in_chinese(client, "/judge")
        page = await _in_chinese(client, page_path(world, project.id))
    assert f'<span class="judge-queue-title" lang="en">{project.title}</span>' in dashboard
    assert f'<h1 lang="en">{project.title}</h1>' in page
