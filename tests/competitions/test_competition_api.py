"""The JSON API of competition setup: every resource round-trips, other competitions 404."""

from judging.accounts.tables import Account
from judging.competitions.tables import Competition, Criterion, Membership, Round, Track
from judging.demo import demo_email
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.support import TEST_PASSWORD, history_since_demo, make_account

RUBRIC = {
    "criteria": [
        {
            "key": "innovation",
            "label_en": "Innovation",
            "label_zh": "创新性",
            "guidance_en": "How new is it?",
            "guidance_zh": "新颖程度？",
            "weight_percent": 33.33,
            "scale_min": 0,
            "scale_max": 10,
            "position": 0,
            "tie_break_rank": 1,
        },
        {
            "key": "market",
            "label_en": "Market",
            "label_zh": "市场",
            "guidance_en": "",
            "guidance_zh": "",
            "weight_percent": 33.33,
            "scale_min": 1,
            "scale_max": 5,
            "position": 1,
            "tie_break_rank": None,
        },
        {
            "key": "team",
            "label_en": "Team",
            "label_zh": "团队",
            "guidance_en": "",
            "guidance_zh": "",
            "weight_percent": 33.34,
            "scale_min": 0,
            "scale_max": 100,
            "position": 2,
            "tie_break_rank": 2,
        },
    ]
}


async def _other_competition():
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    track = Track(competition=other.id, key="ai", name_en="AI", name_zh="人工智能")
    await track.save()
    heat = Round(competition=other.id, name_en="Heat", name_zh="预赛")
    await heat.save()
    return other, track, heat


async def test_admin_creates_a_competition_through_the_api(admin):
    body = {
        "slug": "nanjing-robotics-2026",
        "name_en": "Nanjing Robotics 2026",
        "name_zh": "2026南京机器人大赛",
        "timezone": "Asia/Shanghai",
        "is_public": False,
    }
    response = await admin.api("POST", "/api/v1/competitions", json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert {key: created[key] for key in body} == body
    assert created["description_en"] == ""
    shown = await admin.api("GET", f"/api/v1/competitions/{created['id']}")
    assert shown.json() == created


async def test_organizer_cannot_create_a_competition_through_the_api(organizer):
    body = {"slug": "sneaky-cup", "name_en": "Sneaky", "name_zh": "偷偷"}
    response = await organizer.api("POST", "/api/v1/competitions", json=body)
    assert response.status_code == 403
    assert not await Competition.exists().where(Competition.slug == "sneaky-cup")


async def test_competition_patch_changes_only_the_fields_sent_and_is_audited(organizer, demo):
    path = f"/api/v1/competitions/{demo.id}"
    before = (await organizer.api("GET", path)).json()
    response = await organizer.api("PATCH", path, json={"description_en": "Nanjing, 2021."})
    assert response.status_code == 200
    assert response.json() == {**before, "description_en": "Nanjing, 2021."}
    (event,) = await history_since_demo("competition", demo.id)
    assert event.after["description_en"] == "Nanjing, 2021."


async def test_competition_patch_with_an_unknown_time_zone_names_the_field(organizer, demo):
    response = await organizer.api(
        "PATCH", f"/api/v1/competitions/{demo.id}", json={"timezone": "Mars/Olympus"}
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["timezone"]


async def test_tracks_round_trip(organizer, demo):
    base = f"/api/v1/competitions/{demo.id}/tracks"
    created = await organizer.api(
        "POST", base, json={"key": "space", "name_en": "Space", "name_zh": "航天"}
    )
    assert created.status_code == 201, created.text
    track = created.json()
    assert track["position"] == 4
    assert track["competition_id"] == demo.id
    moved = await organizer.api(
        "PATCH", f"{base}/{track['id']}", json={"position": 0, "name_zh": "航空航天"}
    )
    assert moved.json() == {**track, "position": 0, "name_zh": "航空航天"}
    listed = (await organizer.api("GET", base)).json()
    # Equal positions keep the order in which the tracks were added.
    assert [row["key"] for row in listed][:2] == ["ai", "space"]
    assert listed[1] == moved.json()
    assert (await organizer.api("DELETE", f"{base}/{track['id']}")).status_code == 204
    assert [row["key"] for row in (await organizer.api("GET", base)).json()] == [
        "ai",
        "biomed",
        "manufacturing",
        "digital",
    ]


async def test_track_key_cannot_change_through_the_api(organizer, demo, ai_track):
    response = await organizer.api(
        "PATCH", f"/api/v1/competitions/{demo.id}/tracks/{ai_track.id}", json={"key": "robots"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "key"


async def test_deleting_a_track_with_projects_is_refused_through_the_api(organizer, demo, ai_track):
    response = await organizer.api("DELETE", f"/api/v1/competitions/{demo.id}/tracks/{ai_track.id}")
    assert response.status_code == 409
    assert "cannot be deleted" in response.json()["detail"]
    assert await Submission.count().where(Submission.track == ai_track.id) == 4


async def test_track_and_round_of_another_competition_are_not_found(organizer, demo):
    _other, track, heat = await _other_competition()
    base = f"/api/v1/competitions/{demo.id}"
    attempts = [
        ("PATCH", f"{base}/tracks/{track.id}", {"name_en": "Mine now"}),
        ("DELETE", f"{base}/tracks/{track.id}", None),
        ("GET", f"{base}/rounds/{heat.id}", None),
        ("PATCH", f"{base}/rounds/{heat.id}", {"name_en": "Mine now"}),
        ("GET", f"{base}/rounds/{heat.id}/rubric", None),
        ("PUT", f"{base}/rounds/{heat.id}/rubric", RUBRIC),
    ]
    for method, path, body in attempts:
        response = await organizer.api(method, path, json=body)
        assert response.status_code == 404, (method, path)
    assert (await Track.objects().get(Track.id == track.id)).name_en == "AI"
    assert not await Criterion.exists().where(Criterion.round == heat.id)


async def test_organizer_of_another_competition_is_refused_through_the_api(client, demo):
    other, _track, _heat = await _other_competition()
    outsider = await make_account("outsider@example.com")
    await Membership(competition=other.id, account=outsider.id, role="organizer").save()
    await client.sign_in("outsider@example.com", TEST_PASSWORD)
    response = await client.api("PATCH", f"/api/v1/competitions/{demo.id}", json={"name_en": "X"})
    assert response.status_code == 403
    assert (await Competition.objects().get(Competition.id == demo.id)).name_en != "X"


async def test_rounds_round_trip_with_times_in_the_competition_zone(organizer, demo):
    base = f"/api/v1/competitions/{demo.id}/rounds"
    body = {
        "name_en": "Final",
        "name_zh": "决赛",
        "judging_opens_at": "2025-10-20T09:00:00",
        "judging_closes_at": "2025-10-21T02:00:00Z",
        "judges_per_submission": 7,
        "is_blind": True,
        "normalize": "none",
        "aggregate": "mean",
        "trim": 0,
        "min_judges": 5,
        "disagreement": 20.0,
    }
    created = await organizer.api("POST", base, json=body)
    assert created.status_code == 201, created.text
    final = created.json()
    assert final["position"] == 2
    assert final["judging_opens_at"] == "2025-10-20T09:00:00+08:00"
    assert final["judging_closes_at"] == "2025-10-21T10:00:00+08:00"
    assert final["submission_opens_at"] is None
    assert final["rubric_frozen"] is False
    stored = await Round.objects().get(Round.id == final["id"])
    assert stored.judging_opens_at.isoformat() == "2025-10-20T01:00:00+00:00"
    changed = await organizer.api(
        "PATCH", f"{base}/{final['id']}", json={"min_judges": 3, "judging_opens_at": None}
    )
    assert changed.json() == {**final, "min_judges": 3, "judging_opens_at": None}
    assert (await organizer.api("GET", f"{base}/{final['id']}")).json() == changed.json()
    listed = (await organizer.api("GET", base)).json()
    assert [row["name_en"] for row in listed] == ["Preliminary round", "Final"]


async def test_round_patch_closing_judging_before_it_opens_names_the_field(
    organizer, demo, preliminary
):
    response = await organizer.api(
        "PATCH",
        f"/api/v1/competitions/{demo.id}/rounds/{preliminary.id}",
        json={
            "judging_opens_at": "2030-01-02T00:00:00",
            "judging_closes_at": "2030-01-01T00:00:00",
        },
    )
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert "judging_closes_at" in fields


async def test_rubric_round_trip_in_percent(organizer, demo, preliminary):
    path = f"/api/v1/competitions/{demo.id}/rounds/{preliminary.id}/rubric"
    saved = await organizer.api("PUT", path, json=RUBRIC)
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["criteria"] == RUBRIC["criteria"]
    assert body["total_percent"] == 100
    assert body["frozen"] is False
    assert (await organizer.api("GET", path)).json() == body


async def test_rubric_not_totalling_100_is_refused_through_the_api_with_the_total(
    organizer, demo, preliminary
):
    criteria = [dict(RUBRIC["criteria"][0], weight_percent=50), RUBRIC["criteria"][1]]
    response = await organizer.api(
        "PUT",
        f"/api/v1/competitions/{demo.id}/rounds/{preliminary.id}/rubric",
        json={"criteria": criteria},
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error == {
        "field": "criteria",
        "message": "The weights total 83.33%; they must total exactly 100%.",
    }


async def test_frozen_rubric_refuses_replacement_through_the_api(organizer, demo, preliminary):
    judge = await Account.objects().get(Account.email == demo_email("judge2"))
    project = await Submission.objects().first()
    await Scorecard(round=preliminary.id, submission=project.id, judge=judge.id).save()
    path = f"/api/v1/competitions/{demo.id}/rounds/{preliminary.id}/rubric"
    response = await organizer.api("PUT", path, json=RUBRIC)
    assert response.status_code == 409
    assert "This rubric is frozen" in response.json()["detail"]
    shown = (await organizer.api("GET", path)).json()
    assert shown["frozen"] is True
    assert [criterion["key"] for criterion in shown["criteria"]] == [
        "innovation",
        "market",
        "team",
        "business",
        "feasibility",
    ]
    round_out = await organizer.api(
        "GET", f"/api/v1/competitions/{demo.id}/rounds/{preliminary.id}"
    )
    assert round_out.json()["rubric_frozen"] is True


async def test_every_setup_operation_is_in_the_api_documentation(client):
    spec = (await client.get("/schema/openapi.json")).json()
    paths = spec["paths"]
    base = "/api/v1/competitions/{competition_id}"
    assert set(paths[base]) >= {"get", "patch"}
    assert set(paths[f"{base}/tracks/{{track_id}}"]) >= {"patch", "delete"}
    assert set(paths[f"{base}/rounds/{{round_id}}/rubric"]) >= {"get", "put"}
    assert "post" in paths["/api/v1/competitions"]


async def test_round_time_in_year_one_is_refused_beside_the_field(organizer, demo):
    response = await organizer.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/rounds",
        json={"name_en": "Final", "name_zh": "决赛", "judging_opens_at": "0001-01-01T00:00:00"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "judging_opens_at", "message": "Enter a valid date and time."}
    ]
