"""Organizers set up the judge pool; judges edit their own profile, but not their load."""

from judging.assignments.tables import JudgeProfile
from judging.audit.services import history
from judging.demo import demo_email
from tests.assignments.assignment_world import account, mails, profile, sign_in
from tests.support import app_client


async def test_pool_lists_every_judge_of_the_competition(client, demo):
    await sign_in(client, "organizer")
    response = await client.get(f"/organize/{demo.id}/judges")
    assert response.status_code == 200
    for number in range(1, 7):
        assert demo_email(f"judge{number}") in response.text
    assert await JudgeProfile.count().where(JudgeProfile.competition == demo.id) == 6


async def test_organizer_sets_tracks_load_and_organization_and_it_is_audited(client, demo):
    await sign_in(client, "organizer")
    judge = await profile(demo.id, "judge2")
    form = {
        "display_name": "Dr. Anna Müller",
        "organization": "Munich Ventures II",
        "tracks": ["ai", "biomed"],
        "max_load": "7",
        "active": "true",
    }
    response = await client.post_form(f"/organize/{demo.id}/judges/{judge.id}", form)
    assert response.status_code == 303
    saved = await profile(demo.id, "judge2")
    assert (saved.organization, saved.tracks, saved.max_load) == (
        "Munich Ventures II",
        ["ai", "biomed"],
        7,
    )
    events = await history("judge_profile", judge.id)
    assert [event.action for event in events] == ["updated"]
    assert events[0].after["max_load"] == 7
    assert events[0].before["max_load"] is None
    page = await client.get(f"/organize/{demo.id}/judges")
    assert "Munich Ventures II" in page.text


async def test_organizer_form_refuses_a_track_of_no_such_key(client, demo):
    await sign_in(client, "organizer")
    judge = await profile(demo.id, "judge2")
    response = await client.post_form(
        f"/organize/{demo.id}/judges/{judge.id}",
        {"display_name": "Anna", "tracks": ["space-mining"], "active": "true"},
    )
    assert response.status_code == 400
    assert 'id="tracks-error"' in response.text


async def test_blank_max_load_means_no_limit(client, demo):
    await sign_in(client, "organizer")
    judge = await profile(demo.id, "judge3")
    await JudgeProfile.update({JudgeProfile.max_load: 5}).where(JudgeProfile.id == judge.id)
    response = await client.post_form(
        f"/organize/{demo.id}/judges/{judge.id}",
        {"display_name": "Chen Jie", "max_load": "", "active": "true"},
    )
    assert response.status_code == 303
    assert (await JudgeProfile.objects().get(JudgeProfile.id == judge.id)).max_load is None


async def test_judge_edits_own_profile_but_not_max_load(app, demo):
    async with app_client(app) as judge:
        await sign_in(judge, "judge1")
        page = await judge.get(f"/judge/competitions/{demo.id}/profile")
        assert page.status_code == 200
        assert 'name="max_load"' not in page.text
        form = {
            "display_name": "Prof. Zhang Min",
            "organization": "Nanjing University of Science",
            "tracks": ["ai"],
            "max_load": "99",
        }
        response = await judge.post_form(f"/judge/competitions/{demo.id}/profile", form)
    assert response.status_code == 303
    saved = await profile(demo.id, "judge1")
    assert saved.organization == "Nanjing University of Science"
    assert saved.tracks == ["ai"]
    assert saved.max_load is None
    events = await history("judge_profile", saved.id)
    judge1 = await account("judge1")
    assert [(e.action, e.actor) for e in events] == [("updated", judge1.id)]


async def test_judge_cannot_open_a_profile_in_a_competition_they_do_not_judge(app, demo):
    async with app_client(app) as judge:
        await sign_in(judge, "judge1")
        response = await judge.get(f"/judge/competitions/{demo.id + 1000}/profile")
    assert response.status_code == 403


async def test_inviting_a_judge_mails_a_link_and_adds_them_to_the_pool(client, demo):
    await sign_in(client, "organizer")
    response = await client.post_form(
        f"/organize/{demo.id}/judges/invitations", {"email": "New.Judge@Example.com"}
    )
    assert response.status_code == 303
    assert (await mails("invitation"))[-1]["to_address"] == "new.judge@example.com"
    page = await client.get(f"/organize/{demo.id}/judges")
    assert "new.judge@example.com" in page.text
    assert "Invited" in page.text


async def test_api_patch_changes_only_the_fields_sent(client, demo):
    await sign_in(client, "organizer")
    judge = await profile(demo.id, "judge4")
    response = await client.api(
        "PATCH",
        f"/api/v1/competitions/{demo.id}/judges/{judge.id}",
        json={"max_load": 4, "tracks": ["biomed"]},
    )
    assert response.status_code == 200, response.text
    body = response.json()["judge"]
    assert (body["max_load"], body["tracks"], body["organization"]) == (
        4,
        ["biomed"],
        "Tel Aviv Biotech Fund",
    )
    listed = await client.api("GET", f"/api/v1/competitions/{demo.id}/judges")
    assert {row["email"] for row in listed.json()} >= {demo_email("judge4")}


async def test_api_refuses_a_judge_of_another_competition(client, demo):
    from judging.competitions.tables import Competition

    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    judge = await profile(demo.id, "judge4")
    await sign_in(client, "admin")
    response = await client.api(
        "PATCH", f"/api/v1/competitions/{other.id}/judges/{judge.id}", json={"max_load": 1}
    )
    assert response.status_code == 404
