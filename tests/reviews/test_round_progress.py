"""Progress for judges (their dashboard) and organizers (per judge, per track, reminders)."""

import pytest

from judging.audit.tables import AuditEvent
from judging.competitions.tables import Round
from judging.demo import DEMO_PASSWORD, demo_email
from judging.outbox.tables import OutboxMessage
from judging.submissions.participation import round_project_ids
from judging.submissions.tables import Submission
from tests.reviews.judging_world import api_path, card_json, page_path, scores, signed_in
from tests.support import app_client


async def _score(app, world, handle: str, submission_id: int, action: str) -> None:
    async with app_client(app) as client:
        await signed_in(client, handle)
        response = await client.api(
            "PUT",
            f"{api_path(world, submission_id)}/scorecard",
            json=card_json(scores(), action=action),
        )
        assert response.status_code == 200, response.text


@pytest.fixture
async def organizer(client, world):
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    return client


def _progress_path(world) -> str:
    return f"/organize/{world.competition_id}/rounds/{world.round_id}/progress"


async def test_the_dashboard_counts_scored_out_of_assigned(app, world):
    await _score(app, world, "judge1", world.projects[0], "submit")
    await _score(app, world, "judge1", world.projects[1], "draft")
    async with app_client(app) as client:
        await signed_in(client, "judge1")
        page = (await client.get("/judge")).text
        [queue] = (await client.get("/api/v1/judge/queue")).json()
    assert '<progress id="round-' in page
    assert 'max="3" value="1"' in page
    assert "<strong>1 / 3</strong>" in page
    assert (queue["assigned"], queue["scored"], queue["drafts"]) == (3, 1, 1)
    assert [item["submission_id"] for item in queue["done"]] == [world.projects[0]]
    # The started draft comes before the untouched project.
    assert [item["card_status"] for item in queue["left"]] == ["draft", "not_started"]
    assert queue["round"]["is_open"] is True
    for project in world.projects:
        assert f'href="{page_path(world, project)}"' in page


async def test_the_dashboard_shows_the_deadline_in_the_competition_time_zone(judge1, world):
    page = (await judge1.get("/judge")).text
    assert "(China Standard Time)" in page
    assert "Scores can be changed until" in page


async def test_a_withdrawn_project_leaves_the_queue(judge1, world):
    await Submission.update({Submission.status: "withdrawn"}).where(
        Submission.id == world.projects[2]
    )
    [queue] = (await judge1.get("/api/v1/judge/queue")).json()
    assert queue["assigned"] == 2


async def test_organizers_see_progress_per_judge_and_per_track(app, world, organizer):
    await _score(app, world, "judge1", world.projects[0], "submit")
    await _score(app, world, "judge1", world.projects[1], "draft")
    await _score(app, world, "judge2", world.projects[0], "submit")
    response = await organizer.api(
        "GET", f"/api/v1/competitions/{world.competition_id}/rounds/{world.round_id}/progress"
    )
    assert response.status_code == 200, response.text
    progress = response.json()
    judges = {row["judge_id"]: row for row in progress["judges"]}
    one, two = judges[world.judge1.id], judges[world.judge2.id]
    assert (one["assigned"], one["submitted"], one["drafts"], one["left"]) == (3, 1, 1, 2)
    assert (two["assigned"], two["submitted"], two["drafts"], two["left"]) == (3, 1, 0, 2)
    assert one["last_activity"] is not None
    # Every project taking part expects the round's judges, assigned yet or not.
    taking_part = await round_project_ids(world.round_id)
    needed = progress["per_submission"]
    expected = 3 * max(2, needed) + (len(taking_part) - 3) * needed
    assert (progress["expected"], progress["submitted"]) == (expected, 2)
    tracks = {row["key"]: row for row in progress["tracks"]}
    assert sum(row["projects"] for row in tracks.values()) == len(taking_part)
    assert sum(row["expected"] for row in tracks.values()) == expected
    assert sum(row["submitted"] for row in tracks.values()) == 2
    page = await organizer.get(_progress_path(world))
    assert page.status_code == 200
    assert f"<strong>2 / {expected}</strong>" in page.text
    assert "Send reminder" in page.text


async def _set_judges_per_project(world, count: int) -> None:
    await Round.update({Round.judges_per_submission: count}).where(Round.id == world.round_id)


async def test_progress_counts_every_project_taking_part_with_or_without_judges(world, organizer):
    await _set_judges_per_project(world, 3)
    taking_part = await round_project_ids(world.round_id)
    assert world.unassigned in taking_part
    assert len(taking_part) > 3
    progress = (
        await organizer.api(
            "GET", f"/api/v1/competitions/{world.competition_id}/rounds/{world.round_id}/progress"
        )
    ).json()
    assert sorted(row["submission_id"] for row in progress["projects"]) == taking_part
    assert progress["projects_without_judges"] == len(taking_part) - 3
    assert progress["projects_short"] == len(taking_part)
    assert progress["expected"] == 3 * len(taking_part)
    rows = {row["submission_id"]: row for row in progress["projects"]}
    assert (rows[world.unassigned]["judges"], rows[world.unassigned]["needed"]) == (0, 3)
    assert rows[world.projects[0]]["judges"] == 2


async def test_progress_page_names_projects_without_judges_and_those_short_of_judges(
    world, organizer
):
    await _set_judges_per_project(world, 3)
    taking_part = await round_project_ids(world.round_id)
    page = (await organizer.get(_progress_path(world))).text
    assert f'<dd id="progress-projects">{len(taking_part)}</dd>' in page
    assert f'<dd id="progress-without-judges">{len(taking_part) - 3}</dd>' in page
    unassigned = page.split(f'id="project-{world.unassigned}"', 1)[1].split("</tr>", 1)[0]
    assert "No judges yet" in unassigned
    assigned = page.split(f'id="project-{world.projects[0]}"', 1)[1].split("</tr>", 1)[0]
    assert "Short of judges: 2 of 3" in assigned


async def test_progress_page_of_projects_is_paged_and_a_wild_page_is_refused_or_clamped(
    world, organizer
):
    first = (await organizer.get(_progress_path(world))).text
    assert f'id="project-{world.unassigned}"' in first
    # Past the last page: the last page (with 50 a page, the demo's projects fit on one).
    beyond = await organizer.get(_progress_path(world), params={"page": "7"})
    assert beyond.status_code == 200
    assert f'id="project-{world.unassigned}"' in beyond.text
    for wild in ("-1", "0", "abc", "1\x00", "99999999999", str(2**70)):
        response = await organizer.get(_progress_path(world), params={"page": wild})
        assert response.status_code == 400, wild


async def test_a_reminder_to_one_judge_is_mailed_and_audited(app, world, organizer):
    await _score(app, world, "judge1", world.projects[0], "submit")
    response = await organizer.post_form(
        f"{_progress_path(world)}/reminders", {"to": str(world.judge1.id)}
    )
    assert response.status_code == 303
    assert response.headers["location"] == _progress_path(world)
    [mail] = await OutboxMessage.select().where(OutboxMessage.kind == "judging_reminder")
    assert mail["to_address"] == world.judge1.email
    assert "2 of 3 projects left" in mail["body"]
    assert "http://testserver.local/judge" in mail["body"]
    # Each language's part names the zone in its own words, the date to the minute.
    assert "（中国标准时间）" in mail["body"]
    assert "(China Standard Time)" in mail["body"]
    # Bilingual: the Chinese part comes first, then the English one.
    assert "-----" in mail["body"]
    [event] = (
        await AuditEvent.select()
        .where(AuditEvent.action == "judging_reminder_sent")
        .output(load_json=True)
    )
    assert event["after"]["judge_id"] == world.judge1.id
    assert event["after"]["left"] == 2
    page = await organizer.get(response.headers["location"])
    assert "Reminders queued in the outbox: 1." in page.text


async def test_reminding_all_judges_skips_those_who_are_done(app, world, organizer):
    for project in world.projects:
        await _score(app, world, "judge2", project, "submit")
    response = await organizer.post_form(f"{_progress_path(world)}/reminders", {"to": "all"})
    assert response.status_code == 303
    mails = await OutboxMessage.select(OutboxMessage.to_address).where(
        OutboxMessage.kind == "judging_reminder"
    )
    assert [mail["to_address"] for mail in mails] == [world.judge1.email]


async def test_a_judge_with_nothing_left_is_not_reminded(app, world, organizer):
    for project in world.projects:
        await _score(app, world, "judge2", project, "submit")
    response = await organizer.post_form(
        f"{_progress_path(world)}/reminders", {"to": str(world.judge2.id)}
    )
    assert response.status_code == 409
    assert await OutboxMessage.count().where(OutboxMessage.kind == "judging_reminder") == 0


async def test_a_reminder_to_someone_who_is_not_judging_the_round_is_404(world, organizer):
    response = await organizer.post_form(f"{_progress_path(world)}/reminders", {"to": "999999"})
    assert response.status_code == 404


async def test_the_rounds_page_links_to_progress(world, organizer):
    page = await organizer.get(f"/organize/{world.competition_id}/rounds")
    assert f'href="{_progress_path(world)}"' in page.text
