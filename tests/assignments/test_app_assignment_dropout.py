"""A judge who drops out loses their unscored projects, which other judges take over."""

from datetime import timedelta

from judging.assignments.tables import JudgeProfile
from judging.clock import utcnow
from judging.competitions.tables import Round
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.assignments.assignment_world import (
    account,
    audit_actions,
    mails,
    pairs,
    preliminary,
    preview_digest,
    profile,
    scorecard,
    set_profile,
    sign_in,
)


async def _commit_full_assignment(client, competition_id: int, round_id: int) -> None:
    preview = await preview_digest(client, competition_id, round_id)
    response = await client.api(
        "POST",
        f"/api/v1/competitions/{competition_id}/rounds/{round_id}/assignments/commit",
        json={"digest": preview["digest"]},
    )
    assert response.status_code == 200, response.text


def _panels(assigned: set[tuple[int, int]]) -> dict[int, set[int]]:
    panels: dict[int, set[int]] = {}
    for submission_id, judge_id in assigned:
        panels.setdefault(submission_id, set()).add(judge_id)
    return panels


async def test_drop_out_removes_unscored_projects_keeps_scored_ones_and_refills(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    await _commit_full_assignment(client, demo.id, round_.id)
    judge2 = await account("judge2")
    own = sorted(sid for sid, jid in await pairs(round_.id) if jid == judge2.id)
    scored, drafted = own[:2]
    await scorecard(round_.id, scored, judge2.id, "submitted")
    draft = await scorecard(round_.id, drafted, judge2.id, "draft")
    mails_before = len(await mails("assignment_added"))
    judge = await profile(demo.id, "judge2")
    response = await client.post_form(
        f"/organize/{demo.id}/judges/{judge.id}",
        {"display_name": judge.name, "organization": judge.organization},
    )
    assert response.status_code == 303
    assigned = await pairs(round_.id)
    assert {sid for sid, jid in assigned if jid == judge2.id} == {scored}
    panels = _panels(assigned)
    assert all(len(panel) == 3 for panel in panels.values())
    assert not await Scorecard.exists().where(Scorecard.id == draft.id)
    assert await audit_actions("round", round_.id) == [
        "assignments_committed",
        "assignments_reassigned",
    ]
    assert len(await mails("assignment_added")) > mails_before
    page = await client.get(response.headers["location"])
    removed = len(own) - 1
    assert f"Assignments changed: {removed} removed, {removed} given to other judges." in page.text
    assert "Projects already scored stay with the judge: 1." in page.text
    assert "Dropped out" in page.text
    # Shown once: the next visit has no outcome.
    assert "Assignments changed" not in (await client.get(response.headers["location"])).text


async def test_a_dropped_judge_loses_projects_even_when_nobody_can_take_them(client, demo):
    round_ = await preliminary(demo.id)
    for handle in ("judge4", "judge5", "judge6"):
        await set_profile(demo.id, handle, active=False)
    await sign_in(client, "organizer")
    await _commit_full_assignment(client, demo.id, round_.id)
    judge1 = await account("judge1")
    judge = await profile(demo.id, "judge1")
    response = await client.api(
        "PATCH", f"/api/v1/competitions/{demo.id}/judges/{judge.id}", json={"active": False}
    )
    assert response.status_code == 200, response.text
    outcome = response.json()["reassignment"]
    assert outcome["added"] == []
    assert outcome["reasons"][0]["code"] == "too_few_eligible_judges"
    assert outcome["reasons"][0]["missing"] == 1
    assert (
        "needs 1 more judges but only 0 eligible judges have room"
        in (outcome["reasons"][0]["message"])
    )
    assert all(jid != judge1.id for _, jid in await pairs(round_.id))


async def test_drop_out_leaves_rounds_whose_judging_has_closed(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    await _commit_full_assignment(client, demo.id, round_.id)
    before = await pairs(round_.id)
    await Round.update({Round.judging_closes_at: utcnow() - timedelta(hours=1)}).where(
        Round.id == round_.id
    )
    judge = await profile(demo.id, "judge3")
    response = await client.api(
        "PATCH", f"/api/v1/competitions/{demo.id}/judges/{judge.id}", json={"active": False}
    )
    assert response.status_code == 200
    assert await pairs(round_.id) == before
    assert (await JudgeProfile.objects().get(JudgeProfile.id == judge.id)).active is False


async def test_a_new_organization_takes_the_judge_off_that_organizations_projects(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    await _commit_full_assignment(client, demo.id, round_.id)
    judge2 = await account("judge2")
    before = {sid for sid, jid in await pairs(round_.id) if jid == judge2.id}
    judge = await profile(demo.id, "judge2")
    response = await client.api(
        "PATCH",
        f"/api/v1/competitions/{demo.id}/judges/{judge.id}",
        json={"organization": "CellCure Ltd"},
    )
    assert response.status_code == 200
    cellcure = {
        row["id"]
        for row in await Submission.select(Submission.id).where(
            Submission.organization == "CellCure Ltd"
        )
    }
    assert before & cellcure
    after = {sid for sid, jid in await pairs(round_.id) if jid == judge2.id}
    assert after == before - cellcure
    assert all(len(panel) == 3 for panel in _panels(await pairs(round_.id)).values())
