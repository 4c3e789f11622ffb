"""Organizers narrow a competition's projects by track, status, country and search, page by page."""

from judging.submissions.listing import PAGE_SIZE
from judging.submissions.tables import Submission
from tests.submissions.organizer_world import add_many, add_project, sign_in_organizer, track_id


async def _listed(client, competition, **params) -> dict:
    response = await client.get(f"/api/v1/competitions/{competition.id}/submissions", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _titles(listing: dict) -> set[str]:
    return {item["title"] for item in listing["items"]}


async def test_track_filter_lists_only_that_tracks_projects(client, demo):
    await sign_in_organizer(client)
    biomed = await track_id(demo, "biomed")
    listing = await _listed(client, demo, track=biomed)
    assert {item["track_key"] for item in listing["items"]} == {"biomed"}
    assert listing["total"] == await Submission.count().where(Submission.track == biomed)


async def test_status_filter_lists_only_projects_in_that_status(client, demo):
    await sign_in_organizer(client)
    listing = await _listed(client, demo, status="draft")
    assert {item["status"] for item in listing["items"]} == {"draft"}
    assert listing["total"] == await Submission.count().where(Submission.status == "draft")


async def test_country_filter_lists_only_projects_from_that_country(client, demo):
    await sign_in_organizer(client)
    listing = await _listed(client, demo, country="de")
    assert {item["country"] for item in listing["items"]} == {"DE"}
    assert listing["total"] == await Submission.count().where(Submission.country == "DE")


async def test_filters_combine(client, demo):
    await sign_in_organizer(client)
    await add_project(demo, "Solar roof tiles", track="manufacturing", status="draft", country="DE")
    await add_project(
        demo, "Solar inverter", track="manufacturing", status="submitted", country="DE"
    )
    await add_project(demo, "Solar farm robot", track="ai", status="draft", country="DE")
    listing = await _listed(
        client,
        demo,
        track=await track_id(demo, "manufacturing"),
        status="draft",
        country="DE",
        q="solar",
    )
    assert _titles(listing) == {"Solar roof tiles"}


async def test_search_finds_a_project_by_title_whatever_the_case(client, demo):
    await sign_in_organizer(client)
    await add_project(demo, "Quantum Sensor Array")
    listing = await _listed(client, demo, q="quantum SENSOR")
    assert _titles(listing) == {"Quantum Sensor Array"}


async def test_search_finds_a_project_by_a_team_member_name(client, demo):
    await sign_in_organizer(client)
    await add_project(demo, "Battery passport", team=["Ingrid Bergström", "Tomás Ruiz"])
    listing = await _listed(client, demo, q="BERGSTRÖM")
    assert _titles(listing) == {"Battery passport"}


async def test_search_finds_chinese_titles_and_names(client, demo):
    await sign_in_organizer(client)
    await add_project(demo, "智能电网调度平台", team=["王小明"], organization="南京电力科技")
    assert _titles(await _listed(client, demo, q="电网调度")) == {"智能电网调度平台"}
    assert _titles(await _listed(client, demo, q="小明")) == {"智能电网调度平台"}
    assert _titles(await _listed(client, demo, q="南京电力")) == {"智能电网调度平台"}


async def test_search_takes_percent_and_underscore_literally(client, demo):
    await sign_in_organizer(client)
    await add_project(demo, "100% recycled packaging")
    await add_project(demo, "1000 recycled bottles")
    await add_project(demo, "snake_case robotics")
    await add_project(demo, "snakescase robotics")
    assert _titles(await _listed(client, demo, q="100%")) == {"100% recycled packaging"}
    assert _titles(await _listed(client, demo, q="snake_")) == {"snake_case robotics"}


async def test_second_page_holds_the_next_newest_projects_and_the_total(client, demo):
    await sign_in_organizer(client)
    await add_many(demo, 120)
    everything = await Submission.select(Submission.id).order_by(Submission.id, ascending=False)
    ids = [row["id"] for row in everything]
    second = await _listed(client, demo, page=2)
    assert [item["id"] for item in second["items"]] == ids[PAGE_SIZE : 2 * PAGE_SIZE]
    assert second["total"] == len(ids)
    assert second["pages"] == -(-len(ids) // PAGE_SIZE)
    last = await _listed(client, demo, page=second["pages"])
    assert [item["id"] for item in last["items"]] == ids[(second["pages"] - 1) * PAGE_SIZE :]


async def test_list_page_shows_the_filtered_projects_the_total_and_paging_links(client, demo):
    await sign_in_organizer(client)
    await add_many(demo, 60, prefix="Pager test")
    page = await client.get(f"/organize/{demo.id}/submissions", params={"q": "pager test"})
    assert page.status_code == 200
    assert "Pager test 0059" in page.text
    assert "Pager test 0009" not in page.text  # newest first: the oldest ten are on page 2
    assert "Low-dose CT lung nodule screening" not in page.text
    assert "60" in page.text
    assert f'rel="next" href="/organize/{demo.id}/submissions?q=pager+test&amp;page=2"' in page.text
    second = await client.get(
        f"/organize/{demo.id}/submissions", params={"q": "pager test", "page": 2}
    )
    assert "Pager test 0009" in second.text
    assert 'rel="prev"' in second.text
    assert 'rel="next"' not in second.text


async def test_list_page_filter_form_keeps_the_chosen_values(client, demo):
    await sign_in_organizer(client)
    biomed = await track_id(demo, "biomed")
    page = await client.get(
        f"/organize/{demo.id}/submissions", params={"track": biomed, "status": "submitted"}
    )
    assert page.status_code == 200
    assert f'<option value="{biomed}" selected>' in page.text
    assert '<option value="submitted" selected>' in page.text
    assert "Pathology slide triage" in page.text
    assert "Self-calibrating welding robot" not in page.text


async def test_nonsense_filters_are_refused_with_a_message_not_an_error(client, demo):
    await sign_in_organizer(client)
    for params in ({"status": "winner"}, {"page": "0"}, {"track": "ai"}, {"country": "China"}):
        page = await client.get(f"/organize/{demo.id}/submissions", params=params)
        assert page.status_code == 400, params
        api = await client.get(f"/api/v1/competitions/{demo.id}/submissions", params=params)
        assert api.status_code == 400, params


async def test_list_page_names_countries_in_the_readers_language(client, demo):
    await sign_in_organizer(client)
    client.http.cookies.set("lang", "zh_CN")
    page = await client.get(f"/organize/{demo.id}/submissions", params={"country": "CN"})
    assert page.status_code == 200
    assert "中国" in page.text
    assert "德国" in page.text  # the filter offers every country the projects name
