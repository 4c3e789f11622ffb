"""Admins create competitions; organizers set up settings, tracks and rounds on their pages."""

from datetime import UTC, datetime

from judging.competitions.tables import Competition, Round, Track
from judging.demo import DEMO_PASSWORD, demo_email
from tests.support import TEST_PASSWORD, history_since_demo, make_account

NEW_COMPETITION = {
    "slug": "china-gate-master-2025",
    "name_en": "China Gate Master 2025",
    "name_zh": "2025“中国门”大师创新创业大赛",
    "description_en": "Startups from everywhere.",
    "description_zh": "来自各地的初创团队。",
    "timezone": "Asia/Shanghai",
    "is_public": "true",
}

ROUND_FORM = {
    "name_en": "Final",
    "name_zh": "决赛",
    "position": "2",
    "judging_opens_at": "2025-10-20T09:00",
    "judging_closes_at": "2025-10-21T18:30",
    "judges_per_submission": "5",
    "is_blind": "true",
    "normalize": "none",
    "aggregate": "median",
    "trim": "0",
    "min_judges": "4",
    "disagreement": "12.5",
}


def _settings_form(competition, **changes):
    values = {
        "slug": competition.slug,
        "name_en": competition.name_en,
        "name_zh": competition.name_zh,
        "description_en": competition.description_en,
        "description_zh": competition.description_zh,
        "timezone": competition.timezone,
        "is_public": "true",
    }
    return {**values, **changes}


async def test_admin_creates_competition_from_the_new_competition_page(admin):
    assert "/admin/competitions/new" in (await admin.get("/admin")).text
    assert (await admin.get("/admin/competitions/new")).status_code == 200
    response = await admin.post_form("/admin/competitions/new", NEW_COMPETITION)
    assert response.status_code == 303
    created = await Competition.objects().get(Competition.slug == "china-gate-master-2025")
    assert response.headers["location"] == f"/organize/{created.id}"
    assert created.name_zh == NEW_COMPETITION["name_zh"]
    assert created.is_public is True
    events = await history_since_demo("competition", created.id)
    assert [event.action for event in events] == ["created"]


async def test_unticked_public_box_creates_a_private_competition(admin):
    form = {**NEW_COMPETITION}
    del form["is_public"]
    assert (await admin.post_form("/admin/competitions/new", form)).status_code == 303
    created = await Competition.objects().get(Competition.slug == "china-gate-master-2025")
    assert created.is_public is False
    assert (await admin.get("/competitions/china-gate-master-2025")).status_code == 404


async def test_slug_in_use_is_refused_beside_the_field(admin, demo):
    response = await admin.post_form(
        "/admin/competitions/new", {**NEW_COMPETITION, "slug": demo.slug}
    )
    assert response.status_code == 400
    assert 'id="slug-error"' in response.text
    assert "Another competition already uses this address." in response.text


async def test_slug_with_capitals_or_spaces_is_refused(admin):
    response = await admin.post_form(
        "/admin/competitions/new", {**NEW_COMPETITION, "slug": "China Gate"}
    )
    assert response.status_code == 400
    assert 'id="slug-error"' in response.text
    assert await Competition.count().where(Competition.name_en == "China Gate Master 2025") == 0


async def test_unknown_time_zone_is_refused_beside_the_field(admin):
    response = await admin.post_form(
        "/admin/competitions/new", {**NEW_COMPETITION, "timezone": "Asia/Nanjing"}
    )
    assert response.status_code == 400
    assert 'id="timezone-error"' in response.text
    assert "Enter a time zone such as Asia/Shanghai" in response.text


async def test_organizer_edits_settings_and_the_change_is_audited(organizer, demo):
    page = await organizer.get(f"/organize/{demo.id}/settings")
    assert page.status_code == 200
    assert 'value="Asia/Shanghai"' in page.text
    response = await organizer.post_form(
        f"/organize/{demo.id}/settings",
        _settings_form(demo, name_en="China Gate Master 2021 (Nanjing)", timezone="Europe/Berlin"),
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/organize/{demo.id}/settings"
    saved = await organizer.get(response.headers["location"])
    assert 'id="settings-notice"' in saved.text
    assert "The settings are saved." in saved.text
    changed = await Competition.objects().get(Competition.id == demo.id)
    assert changed.name_en == "China Gate Master 2021 (Nanjing)"
    assert changed.timezone == "Europe/Berlin"
    (event,) = await history_since_demo("competition", demo.id)
    assert event.action == "updated"
    assert event.actor_name == "Li Wei 李伟"
    assert event.before["timezone"] == "Asia/Shanghai"
    assert event.after["timezone"] == "Europe/Berlin"


async def test_saving_unchanged_settings_records_nothing(organizer, demo):
    response = await organizer.post_form(f"/organize/{demo.id}/settings", _settings_form(demo))
    assert response.status_code == 303
    assert await history_since_demo("competition", demo.id) == []


async def test_organizer_of_another_competition_cannot_open_its_settings(client, demo):
    await make_account("other@example.com")
    await client.sign_in("other@example.com", TEST_PASSWORD)
    assert (await client.get(f"/organize/{demo.id}/settings")).status_code == 403
    refused = await client.post_form(f"/organize/{demo.id}/settings", _settings_form(demo))
    assert refused.status_code == 403


async def test_overview_links_to_every_setup_page(organizer, demo):
    page = await organizer.get(f"/organize/{demo.id}")
    for section in ("settings", "tracks", "rounds", "people"):
        assert f'href="/organize/{demo.id}/{section}"' in page.text


# Tracks


async def test_organizer_adds_a_track_last_and_it_is_audited(organizer, demo):
    response = await organizer.post_form(
        f"/organize/{demo.id}/tracks",
        {"key": "new-energy", "name_en": "New energy", "name_zh": "新能源"},
    )
    assert response.status_code == 303
    track = await Track.objects().get(Track.key == "new-energy")
    assert track.position == 4
    assert [event.action for event in await history_since_demo("track", track.id)] == ["created"]
    page = await organizer.get(f"/organize/{demo.id}/tracks")
    assert "新能源" in page.text


async def test_track_key_used_twice_in_a_competition_is_refused(organizer, demo):
    response = await organizer.post_form(
        f"/organize/{demo.id}/tracks", {"key": "ai", "name_en": "AI again", "name_zh": "人工智能"}
    )
    assert response.status_code == 400
    assert "Another track already uses this key." in response.text


async def test_organizer_renames_a_track_but_its_key_stays(organizer, demo, ai_track):
    path = f"/organize/{demo.id}/tracks/{ai_track.id}"
    renamed = {
        "key": "ai",
        "name_en": "AI and robotics",
        "name_zh": "人工智能与机器人",
        "position": "0",
    }
    assert (await organizer.post_form(path, renamed)).status_code == 303
    assert (await Track.objects().get(Track.id == ai_track.id)).name_en == "AI and robotics"
    refused = await organizer.post_form(path, {**renamed, "key": "robots"})
    assert refused.status_code == 400
    assert "The key of a track cannot change" in refused.text


async def test_organizer_reorders_tracks_by_position(organizer, demo):
    rows = await Track.objects().where(Track.competition == demo.id).order_by(Track.position)
    first, last = rows[0], rows[-1]
    response = await organizer.post_form(
        f"/organize/{demo.id}/tracks/order",
        {f"position-{first.id}": "9", f"position-{last.id}": "0"},
    )
    assert response.status_code == 303
    page = (await organizer.get(f"/organize/{demo.id}/tracks")).text
    assert page.index(last.name_en) < page.index(rows[1].name_en) < page.index(first.name_en)
    assert [event.after for event in await history_since_demo("track", first.id)] == [
        {"position": 9}
    ]


async def test_track_position_that_is_not_a_number_is_refused(organizer, demo, ai_track):
    response = await organizer.post_form(
        f"/organize/{demo.id}/tracks/order", {f"position-{ai_track.id}": "first"}
    )
    assert response.status_code == 400
    assert f'id="position-{ai_track.id}-error"' in response.text


async def test_track_of_another_competition_is_not_found_on_pages(organizer, demo):
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    foreign = Track(competition=other.id, key="ai", name_en="AI", name_zh="人工智能")
    await foreign.save()
    assert (await organizer.get(f"/organize/{demo.id}/tracks/{foreign.id}")).status_code == 404
    deleting = await organizer.post_form(f"/organize/{demo.id}/tracks/{foreign.id}/delete")
    assert deleting.status_code == 404
    moving = await organizer.post_form(
        f"/organize/{demo.id}/tracks/order", {f"position-{foreign.id}": "3"}
    )
    assert moving.status_code == 404
    assert await Track.exists().where(Track.id == foreign.id)


async def test_deleting_a_track_with_projects_is_refused_with_a_clear_message(
    organizer, demo, ai_track
):
    response = await organizer.post_form(f"/organize/{demo.id}/tracks/{ai_track.id}/delete")
    assert response.status_code == 409
    assert "Projects in this track: 4." in response.text
    assert "cannot be deleted" in response.text
    assert await Track.exists().where(Track.id == ai_track.id)
    assert await history_since_demo("track", ai_track.id) == []


async def test_deleting_an_empty_track_removes_it_and_is_audited(organizer, demo):
    empty = Track(competition=demo.id, key="space", name_en="Space", name_zh="航天", position=9)
    await empty.save()
    response = await organizer.post_form(f"/organize/{demo.id}/tracks/{empty.id}/delete")
    assert response.status_code == 303
    assert not await Track.exists().where(Track.id == empty.id)
    (event,) = await history_since_demo("track", empty.id)
    assert event.action == "deleted"
    assert event.before["key"] == "space"


# Rounds


async def test_round_window_typed_in_shanghai_time_is_stored_in_utc_and_shown_back(organizer, demo):
    response = await organizer.post_form(f"/organize/{demo.id}/rounds/new", ROUND_FORM)
    assert response.status_code == 303
    final = await Round.objects().get(Round.name_en == "Final")
    assert response.headers["location"] == f"/organize/{demo.id}/rounds/{final.id}/rubric"
    assert final.judging_opens_at == datetime(2025, 10, 20, 1, 0, tzinfo=UTC)
    assert final.judging_closes_at == datetime(2025, 10, 21, 10, 30, tzinfo=UTC)
    assert final.submission_opens_at is None
    edit = await organizer.get(f"/organize/{demo.id}/rounds/{final.id}")
    assert 'value="2025-10-20T09:00"' in edit.text
    assert 'value="2025-10-21T18:30"' in edit.text
    listing = await organizer.get(f"/organize/{demo.id}/rounds")
    # One period, its zone named once, in words.
    assert (
        "Oct 20, 2025, 9:00\u202fAM – Oct 21, 2025, 6:30\u202fPM (China Standard Time)"
        in listing.text
    )


async def test_new_round_keeps_panel_blindness_and_scoring_policy(organizer, demo):
    await organizer.post_form(f"/organize/{demo.id}/rounds/new", ROUND_FORM)
    final = await Round.objects().get(Round.name_en == "Final")
    assert (final.position, final.judges_per_submission, final.is_blind) == (2, 5, True)
    assert (final.normalize, final.aggregate, final.trim, final.min_judges) == (
        "none",
        "median",
        0,
        4,
    )
    assert final.disagreement == 12.5
    assert [event.action for event in await history_since_demo("round", final.id)] == ["created"]


async def test_submissions_closing_before_they_open_are_refused_beside_the_field(organizer, demo):
    form = {
        **ROUND_FORM,
        "submission_opens_at": "2025-09-10T09:00",
        "submission_closes_at": "2025-09-01T09:00",
    }
    response = await organizer.post_form(f"/organize/{demo.id}/rounds/new", form)
    assert response.status_code == 400
    assert 'id="submission_closes_at-error"' in response.text
    assert "Submissions must close after they open." in response.text
    assert 'value="2025-09-01T09:00"' in response.text
    assert not await Round.exists().where(Round.name_en == "Final")


async def test_judging_closing_before_submissions_close_is_refused(organizer, demo):
    form = {
        **ROUND_FORM,
        "submission_opens_at": "2025-09-01T09:00",
        "submission_closes_at": "2025-10-30T09:00",
    }
    response = await organizer.post_form(f"/organize/{demo.id}/rounds/new", form)
    assert response.status_code == 400
    assert 'id="judging_closes_at-error"' in response.text
    assert "Judging cannot close before submissions close." in response.text


async def test_scoring_policy_out_of_range_is_refused_beside_each_field(organizer, demo):
    form = {**ROUND_FORM, "min_judges": "0", "trim": "-1", "normalize": "rank", "disagreement": "x"}
    response = await organizer.post_form(f"/organize/{demo.id}/rounds/new", form)
    assert response.status_code == 400
    for field in ("min_judges", "trim", "normalize", "disagreement"):
        assert f'id="{field}-error"' in response.text


async def test_round_position_taken_by_another_round_is_refused(organizer, demo):
    response = await organizer.post_form(
        f"/organize/{demo.id}/rounds/new", {**ROUND_FORM, "position": "1"}
    )
    assert response.status_code == 400
    assert "Another round already has this position." in response.text


async def test_organizer_edits_a_round_and_the_change_is_audited(organizer, demo, preliminary):
    edit = await organizer.get(f"/organize/{demo.id}/rounds/{preliminary.id}")
    assert edit.status_code == 200
    form = {**ROUND_FORM, "name_en": "Preliminary round", "name_zh": "初赛", "position": "1"}
    form.pop("is_blind")
    response = await organizer.post_form(f"/organize/{demo.id}/rounds/{preliminary.id}", form)
    assert response.status_code == 303
    changed = await Round.objects().get(Round.id == preliminary.id)
    assert changed.is_blind is False
    assert changed.submission_opens_at is None
    assert changed.judges_per_submission == 5
    (event,) = await history_since_demo("round", preliminary.id)
    assert event.action == "updated"
    assert event.before["judges_per_submission"] == 3
    assert event.after["judges_per_submission"] == 5


async def test_round_of_another_competition_is_not_found_on_pages(organizer, demo):
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    foreign = Round(competition=other.id, name_en="Heat", name_zh="预赛")
    await foreign.save()
    assert (await organizer.get(f"/organize/{demo.id}/rounds/{foreign.id}")).status_code == 404
    rubric = await organizer.get(f"/organize/{demo.id}/rounds/{foreign.id}/rubric")
    assert rubric.status_code == 404


# The public page


async def test_public_page_lists_tracks_and_rounds_with_windows_in_the_competition_zone(
    client, demo, preliminary
):
    await Round.update({Round.judging_opens_at: datetime(2021, 10, 20, 1, 0, tzinfo=UTC)}).where(
        Round.id == preliminary.id
    )
    page = await client.get(f"/competitions/{demo.slug}")
    assert page.status_code == 200
    assert "Biomedicine" in page.text
    assert "Preliminary round" in page.text
    assert "Oct 20, 2021, 9:00\u202fAM – " in page.text
    assert "(China Standard Time)" in page.text


async def test_public_page_of_a_private_competition_is_not_found(client, demo):
    await Competition.update({Competition.is_public: False}).where(Competition.id == demo.id)
    assert (await client.get(f"/competitions/{demo.slug}")).status_code == 404


async def test_entrant_cannot_create_a_competition(client, demo):
    await client.sign_in(demo_email("entrant1"), DEMO_PASSWORD)
    refused = await client.post_form("/admin/competitions/new", NEW_COMPETITION)
    assert refused.status_code == 403
    assert not await Competition.exists().where(Competition.slug == NEW_COMPETITION["slug"])
