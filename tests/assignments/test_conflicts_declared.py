"""Judges declare conflicts, organizers add and remove them, and assignments follow."""

from judging.accounts.tables import Account
from judging.assignments.tables import Conflict
from judging.audit.services import history
from judging.outbox.tables import OutboxMessage
from judging.reviews.tables import Scorecard
from tests.assignments.assignment_world import (
    account,
    assign,
    audit_actions,
    mails,
    pairs,
    preliminary,
    project_of,
    scorecard,
    sign_in,
)
from tests.support import app_client


async def test_judge_declares_a_conflict_with_an_organization(app, demo):
    async with app_client(app) as judge:
        await sign_in(judge, "judge1")
        response = await judge.post_form(
            f"/judge/competitions/{demo.id}/conflicts",
            {"organization": "CellCure Ltd", "reason": "I advise their board."},
        )
        assert response.status_code == 303
        page = await judge.get(response.headers["location"])
    assert "Organization CellCure Ltd" in page.text
    judge1 = await account("judge1")
    conflict = await Conflict.objects().get(Conflict.judge == judge1.id)
    assert (conflict.organization, conflict.source, conflict.submission) == (
        "CellCure Ltd",
        "judge",
        None,
    )
    assert [e.action for e in await history("conflict", conflict.id)] == ["created"]


async def test_judge_conflict_needs_a_reason(app, demo):
    async with app_client(app) as judge:
        await sign_in(judge, "judge1")
        response = await judge.post_form(
            f"/judge/competitions/{demo.id}/conflicts", {"organization": "CellCure Ltd"}
        )
    assert response.status_code == 400
    assert 'id="reason-error"' in response.text
    assert await Conflict.count() == 0


async def test_the_same_organization_conflict_is_not_recorded_twice(app, demo):
    async with app_client(app) as judge:
        await sign_in(judge, "judge1")
        form = {"organization": "CellCure Ltd", "reason": "Board advisor."}
        assert (
            await judge.post_form(f"/judge/competitions/{demo.id}/conflicts", form)
        ).status_code == 303
        again = await judge.post_form(
            f"/judge/competitions/{demo.id}/conflicts",
            {**form, "organization": "  cellcure ltd "},
        )
    assert again.status_code == 400
    assert "This conflict is already recorded." in again.text


async def test_organizer_adds_and_removes_a_project_conflict(client, demo):
    await sign_in(client, "organizer")
    judge2 = await account("judge2")
    project = await project_of("entrant3")
    response = await client.post_form(
        f"/organize/{demo.id}/conflicts",
        {"judge_id": str(judge2.id), "submission_id": str(project.id), "reason": "Co-founder."},
    )
    assert response.status_code == 303
    conflict = await Conflict.objects().get(Conflict.judge == judge2.id)
    assert (conflict.submission, conflict.source) == (project.id, "organizer")
    page = await client.get(f"/organize/{demo.id}/conflicts")
    assert project.title in page.text
    removed = await client.post_form(f"/organize/{demo.id}/conflicts/{conflict.id}/delete")
    assert removed.status_code == 303
    assert await Conflict.count() == 0
    assert await audit_actions("conflict", conflict.id) == ["created", "deleted"]


async def test_organizer_cannot_remove_a_conflict_the_judge_declared(client, demo):
    judge1 = await account("judge1")
    conflict = Conflict(
        competition=demo.id, judge=judge1.id, organization="CellCure Ltd", source="judge"
    )
    await conflict.save()
    await sign_in(client, "organizer")
    response = await client.post_form(f"/organize/{demo.id}/conflicts/{conflict.id}/delete")
    assert response.status_code == 409
    assert "only conflicts set by organizers can be removed" in response.text
    api = await client.api("DELETE", f"/api/v1/competitions/{demo.id}/conflicts/{conflict.id}")
    assert api.status_code == 409
    assert await Conflict.count() == 1


async def test_a_conflict_names_a_project_or_an_organization(client, demo):
    await sign_in(client, "organizer")
    judge2 = await account("judge2")
    response = await client.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/conflicts",
        json={"judge_id": judge2.id, "reason": "Something vague."},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "submission_id"


async def test_a_conflict_for_someone_who_is_not_a_judge_is_refused(client, demo):
    await sign_in(client, "organizer")
    entrant = await account("entrant1")
    response = await client.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/conflicts",
        json={"judge_id": entrant.id, "organization": "X Corp", "reason": "Friends."},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "judge_id"


async def test_declaring_a_conflict_on_an_assigned_project_hands_it_to_another_judge(app, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant3")
    judge1, judge2, judge3 = [await account(f"judge{n}") for n in (1, 2, 3)]
    await assign(
        round_.id, (project.id, judge1.id), (project.id, judge2.id), (project.id, judge3.id)
    )
    card = await scorecard(round_.id, project.id, judge1.id, "submitted")
    async with app_client(app) as judge:
        await sign_in(judge, "judge1")
        response = await judge.post_form(
            f"/judge/rounds/{round_.id}/projects/{project.id}/conflict",
            {"reason": "My former student leads this team."},
        )
        dashboard = await judge.get(response.headers["location"])
    assert response.status_code == 303
    assert response.headers["location"] == "/judge"
    assert 'id="dashboard-notice"' in dashboard.text
    assert (
        "Conflict declared. The project left your queue and goes to another judge."
        in dashboard.text
    )
    assigned = {judge_id for sid, judge_id in await pairs(round_.id) if sid == project.id}
    assert judge1.id not in assigned
    assert len(assigned) == 3
    kept = await Scorecard.objects().get(Scorecard.id == card.id)
    assert (kept.status, kept.excluded, kept.excluded_reason) == (
        "submitted",
        True,
        "conflict of interest declared",
    )
    assert await audit_actions("scorecard", card.id) == ["excluded"]
    newcomer = await Account.objects().get(Account.id == (assigned - {judge2.id, judge3.id}).pop())
    assert [m["to_address"] for m in await mails("assignment_added")] == [newcomer.email]


async def test_declaring_a_conflict_deletes_the_judges_draft(app, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant3")
    judge1 = await account("judge1")
    await assign(round_.id, (project.id, judge1.id))
    draft = await scorecard(round_.id, project.id, judge1.id, "draft")
    async with app_client(app) as judge:
        await sign_in(judge, "judge1")
        response = await judge.api(
            "POST",
            f"/api/v1/judge/rounds/{round_.id}/projects/{project.id}/conflict",
            json={"reason": "I own shares."},
        )
    assert response.status_code == 201, response.text
    assert response.json()["removed_from_queue"] is True
    assert not await Scorecard.exists().where(Scorecard.id == draft.id)
    assert (project.id, judge1.id) not in await pairs(round_.id)


async def test_a_judge_cannot_declare_a_conflict_on_a_project_not_assigned_to_them(app, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant3")
    judge2 = await account("judge2")
    await assign(round_.id, (project.id, judge2.id))
    async with app_client(app) as judge:
        await sign_in(judge, "judge1")
        response = await judge.post_form(
            f"/judge/rounds/{round_.id}/projects/{project.id}/conflict", {"reason": "Curious."}
        )
    assert response.status_code == 404
    assert await Conflict.count() == 0


async def test_a_project_conflict_needs_a_reason_of_three_characters(app, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant3")
    judge1 = await account("judge1")
    await assign(round_.id, (project.id, judge1.id))
    async with app_client(app) as judge:
        await sign_in(judge, "judge1")
        response = await judge.post_form(
            f"/judge/rounds/{round_.id}/projects/{project.id}/conflict", {"reason": "no"}
        )
    assert response.status_code == 400
    assert 'id="reason-error"' in response.text
    assert (project.id, judge1.id) in await pairs(round_.id)
    assert await OutboxMessage.count() == 0
