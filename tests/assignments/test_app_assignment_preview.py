"""Organizers preview a round's assignment, then commit exactly what they saw."""

import re

from judging.accounts.tables import Account
from judging.assignments.tables import Assignment, Conflict
from judging.audit.tables import AuditEvent
from judging.competitions.tables import Round
from judging.outbox.tables import OutboxMessage
from judging.submissions.tables import Submission
from tests.assignments.assignment_world import (
    JUDGES,
    account,
    assign,
    mails,
    pairs,
    preliminary,
    preview_digest,
    project_of,
    set_profile,
    sign_in,
    submitted_projects,
)
from tests.support import history_since_demo

DIGEST = re.compile(r'name="digest" value="([0-9a-f]{64})"')


def _page(competition_id: int, round_id: int) -> str:
    return f"/organize/{competition_id}/rounds/{round_id}/assignments"


async def test_preview_shows_loads_and_match_rate_and_writes_nothing(client, demo):
    round_ = await preliminary(demo.id)
    await set_profile(demo.id, "judge1", tracks=["ai"])
    await sign_in(client, "organizer")
    events_before = await AuditEvent.count()
    response = await client.post_form(_page(demo.id, round_.id) + "/preview")
    assert response.status_code == 200
    assert "Loads per judge after the commit" in response.text
    assert "Expertise match rate" in response.text
    assert DIGEST.search(response.text)
    assert "Prof. Zhang Min" in response.text
    assert await Assignment.count() == 0
    assert await OutboxMessage.count() == 0
    assert await AuditEvent.count() == events_before


async def test_api_preview_counts_every_project_k_times_and_balances_loads(client, demo):
    round_ = await preliminary(demo.id)
    await set_profile(demo.id, "judge1", tracks=["ai"])
    await sign_in(client, "organizer")
    preview = await preview_digest(client, demo.id, round_.id)
    projects = len(await submitted_projects(demo.id))
    assert preview["feasible"] is True
    assert (preview["projects"], preview["judges"], preview["new"], preview["kept"]) == (
        projects,
        6,
        projects * 3,
        0,
    )
    loads = [row["total"] for row in preview["loads"]]
    assert sum(loads) == projects * 3
    assert max(loads) - min(loads) <= 1
    ai_projects = await Submission.count().where(
        (Submission.competition == demo.id)
        & (Submission.status == "submitted")
        & (Submission.track.key == "ai")
    )
    # judge1, the only AI expert, takes every AI project.
    assert preview["expertise_matches"] == ai_projects
    assert preview["expertise_match_rate"] == ai_projects / (projects * 3)


async def test_commit_writes_exactly_the_previewed_pairs_and_mails_the_judges(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    page = await client.post_form(_page(demo.id, round_.id) + "/preview")
    digest = DIGEST.search(page.text).group(1)
    preview = await preview_digest(client, demo.id, round_.id)
    assert preview["digest"] == digest
    response = await client.post_form(_page(demo.id, round_.id) + "/commit", {"digest": digest})
    assert response.status_code == 303
    expected = {(pair["submission_id"], pair["judge_id"]) for pair in preview["new_pairs"]}
    assert await pairs(round_.id) == expected
    judges = {judge_id for _, judge_id in expected}
    emails = {
        row["email"]
        for row in await Account.select(Account.email).where(Account.id.is_in(sorted(judges)))
    }
    sent = await mails("assignment_added")
    assert sorted(mail["to_address"] for mail in sent) == sorted(emails)
    assert "/judge" in sent[0]["body"]
    events = await history_since_demo("round", round_.id)
    assert [event.action for event in events] == ["assignments_committed"]
    assert sorted(map(tuple, events[0].after["pairs"])) == sorted(expected)
    shown = await client.get(response.headers["location"])
    assert "Assignment committed" in shown.text


async def test_a_stale_preview_is_not_committed(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    old = await preview_digest(client, demo.id, round_.id)
    project = await project_of("entrant1")
    judge6 = await account("judge6")
    await assign(round_.id, (project.id, judge6.id))
    response = await client.post_form(
        _page(demo.id, round_.id) + "/commit", {"digest": old["digest"]}
    )
    assert response.status_code == 409
    assert "The assignment changed since your preview" in response.text
    fresh = DIGEST.search(response.text).group(1)
    assert fresh != old["digest"]
    assert await pairs(round_.id) == {(project.id, judge6.id)}
    api = await client.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/rounds/{round_.id}/assignments/commit",
        json={"digest": old["digest"]},
    )
    assert api.status_code == 409
    assert await mails("assignment_added") == []


async def test_a_second_commit_of_the_same_preview_adds_nothing(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    preview = await preview_digest(client, demo.id, round_.id)
    url = f"/api/v1/competitions/{demo.id}/rounds/{round_.id}/assignments/commit"
    first = await client.api("POST", url, json={"digest": preview["digest"]})
    assert first.status_code == 200
    assert first.json()["added"] == preview["new"]
    again = await client.api("POST", url, json={"digest": preview["digest"]})
    assert again.status_code == 409
    assert len(await pairs(round_.id)) == preview["new"]


async def test_same_organization_pairs_are_never_assigned(client, demo):
    round_ = await preliminary(demo.id)
    # judge1's profile names entrant1's organization (other case and spaces); judge2 has no
    # profile organization, and their account's is entrant2's.
    await set_profile(demo.id, "judge1", organization="  deepvision MEDICAL ")
    await set_profile(demo.id, "judge2", organization="")
    await Account.update({Account.organization: "Auto Robotics GmbH"}).where(
        Account.id == (await account("judge2")).id
    )
    await sign_in(client, "organizer")
    preview = await preview_digest(client, demo.id, round_.id)
    await client.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/rounds/{round_.id}/assignments/commit",
        json={"digest": preview["digest"]},
    )
    by_org = {row["id"]: row["organization"] for row in await submitted_projects(demo.id)}
    judge1, judge2 = await account("judge1"), await account("judge2")
    assigned = await pairs(round_.id)
    assert len(assigned) == 3 * len(by_org)
    assert not [p for p in assigned if p[1] == judge1.id and by_org[p[0]] == "DeepVision Medical"]
    assert not [p for p in assigned if p[1] == judge2.id and by_org[p[0]] == "Auto Robotics GmbH"]


async def test_declared_conflicts_are_never_assigned(client, demo):
    round_ = await preliminary(demo.id)
    judge3, judge4 = await account("judge3"), await account("judge4")
    project = await project_of("entrant6")
    await Conflict(
        competition=demo.id, judge=judge3.id, submission=project.id, source="organizer"
    ).save()
    await Conflict(competition=demo.id, judge=judge4.id, organization="greengrid analytics").save()
    await sign_in(client, "organizer")
    preview = await preview_digest(client, demo.id, round_.id)
    await client.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/rounds/{round_.id}/assignments/commit",
        json={"digest": preview["digest"]},
    )
    by_org = {row["id"]: row["organization"] for row in await submitted_projects(demo.id)}
    assigned = await pairs(round_.id)
    assert (project.id, judge3.id) not in assigned
    assert not [p for p in assigned if p[1] == judge4.id and by_org[p[0]] == "GreenGrid Analytics"]
    assert len(assigned) == 3 * len(by_org)


async def test_a_project_without_enough_eligible_judges_is_named_with_how_many_are_missing(
    client, demo
):
    round_ = await preliminary(demo.id)
    await Round.update({Round.judges_per_submission: 6}).where(Round.id == round_.id)
    project = await project_of("entrant5")
    judge6 = await account("judge6")
    await Conflict(competition=demo.id, judge=judge6.id, submission=project.id).save()
    await sign_in(client, "organizer")
    response = await client.post_form(_page(demo.id, round_.id) + "/preview")
    assert response.status_code == 200
    assert "No assignment satisfies the rules" in response.text
    assert (
        f"“{project.title}” needs 6 more judges but only 5 eligible judges have room"
    ) in response.text
    assert "1 missing" in response.text
    assert not DIGEST.search(response.text)
    preview = await preview_digest(client, demo.id, round_.id)
    assert preview["feasible"] is False
    reason = preview["reasons"][0]
    assert (reason["code"], reason["submission_ids"], reason["missing"]) == (
        "too_few_eligible_judges",
        [project.id],
        1,
    )


async def test_a_capacity_shortfall_says_how_much_is_missing(client, demo):
    round_ = await preliminary(demo.id)
    for handle in JUDGES:
        await set_profile(demo.id, handle, max_load=2)
    await sign_in(client, "organizer")
    projects = len(await submitted_projects(demo.id))
    response = await client.post_form(_page(demo.id, round_.id) + "/preview")
    needed, capacity = 3 * projects, 2 * len(JUDGES)
    assert (
        f"{needed} new assignments are needed but the judges can take only {capacity} more in "
        f"total: capacity is {needed - capacity} short."
    ) in response.text
    committed = await client.post_form(_page(demo.id, round_.id) + "/commit", {"digest": "x"})
    assert committed.status_code == 409
    assert await Assignment.count() == 0


async def test_assignments_page_shows_who_judges_what_and_the_loads(client, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await assign(round_.id, (project.id, judge2.id))
    await sign_in(client, "organizer")
    response = await client.get(_page(demo.id, round_.id))
    assert response.status_code == 200
    assert project.title in response.text
    assert "Dr. Anna Müller" in response.text
    assert "Loads per judge" in response.text
    api = await client.api("GET", f"/api/v1/competitions/{demo.id}/rounds/{round_.id}/assignments")
    body = api.json()
    assert [(a["submission_id"], a["judge_id"]) for a in body["assignments"]] == [
        (project.id, judge2.id)
    ]
    assert body["projects_short"] == body["projects"]


async def test_a_round_of_another_competition_is_not_found(client, demo):
    from judging.competitions.tables import Competition

    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    round_ = await preliminary(demo.id)
    await sign_in(client, "admin")
    response = await client.get(_page(other.id, round_.id))
    assert response.status_code == 404
