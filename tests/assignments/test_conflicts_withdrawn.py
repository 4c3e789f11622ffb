"""A judge withdraws a conflict they declared: it stops counting, stays on record (audited,
shown to the organizers, who are mailed), and only the judge's own declarations qualify."""

from __future__ import annotations

from judging.assignments import rounds
from judging.assignments.tables import Conflict
from judging.demo import demo_email
from tests.assignments.assignment_world import (
    account,
    audit_actions,
    mails,
    preliminary,
    project_of,
    sign_in,
)

REASON = "I mixed them up with CellGenix; I have no tie to CellCure."


def _withdrawal(competition_id: int, conflict_id: int) -> str:
    return f"/api/v1/judge/competitions/{competition_id}/conflicts/{conflict_id}/withdrawal"


def _page(competition_id: int, conflict_id: int) -> str:
    return f"/judge/competitions/{competition_id}/conflicts/{conflict_id}/withdraw"


async def _declared(competition_id: int, handle: str, source: str = "judge") -> Conflict:
    """A conflict of the judge with entrant3's organization, declared by the judge."""
    judge = await account(handle)
    project = await project_of("entrant3")
    conflict = Conflict(
        competition=competition_id,
        judge=judge.id,
        organization=project.organization,
        reason="Former employer.",
        source=source,
        created_by=judge.id,
    )
    await conflict.save()
    return conflict


async def test_a_judge_withdraws_a_conflict_they_declared_and_it_is_audited(client, demo):
    conflict = await _declared(demo.id, "judge1")
    await sign_in(client, "judge1")
    response = await client.api("POST", _withdrawal(demo.id, conflict.id), json={"reason": REASON})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["id"], body["withdrawn_reason"]) == (conflict.id, REASON)
    assert body["withdrawn_at"] is not None
    kept = await Conflict.objects().get(Conflict.id == conflict.id)
    assert kept.withdrawn_at is not None
    assert await audit_actions("conflict", conflict.id) == ["withdrawn"]


async def test_a_withdrawn_conflict_no_longer_keeps_the_judge_from_the_projects(client, demo):
    conflict = await _declared(demo.id, "judge1")
    judge1 = await account("judge1")
    project = await project_of("entrant3")
    round_ = await preliminary(demo.id)
    _, before = await rounds.round_state(demo.id, round_.id)
    assert before.conflicted((project.id, judge1.id))
    await sign_in(client, "judge1")
    await client.api("POST", _withdrawal(demo.id, conflict.id), json={"reason": REASON})
    _, after = await rounds.round_state(demo.id, round_.id)
    assert not after.conflicted((project.id, judge1.id))


async def test_the_organizers_are_mailed_when_a_judge_withdraws_a_conflict(client, demo):
    conflict = await _declared(demo.id, "judge1")
    judge1 = await account("judge1")
    await sign_in(client, "judge1")
    await client.api("POST", _withdrawal(demo.id, conflict.id), json={"reason": REASON})
    [mail] = await mails("conflict_withdrawn")
    assert mail["to_address"] == demo_email("organizer")
    assert judge1.display_name in mail["body"]
    assert conflict.organization in mail["body"]
    assert REASON in mail["body"]
    assert f"/organize/{demo.id}/conflicts" in mail["body"]
    assert mail["competition_id"] == demo.id  # in the competition's outbox


async def test_the_organizers_conflicts_page_shows_the_withdrawal(client, app, demo):
    conflict = await _declared(demo.id, "judge1")
    await sign_in(client, "judge1")
    await client.api("POST", _withdrawal(demo.id, conflict.id), json={"reason": REASON})
    await client.post_form("/sign-out")
    await sign_in(client, "organizer")
    page = await client.get(f"/organize/{demo.id}/conflicts")
    assert "Withdrawn by the judge" in page.text
    assert REASON in page.text
    listed = (await client.get(f"/api/v1/competitions/{demo.id}/conflicts")).json()
    assert [row["withdrawn_reason"] for row in listed] == [REASON]


async def test_a_judge_cannot_withdraw_a_conflict_an_organizer_set(client, demo):
    conflict = await _declared(demo.id, "judge1", source="organizer")
    await sign_in(client, "judge1")
    response = await client.api("POST", _withdrawal(demo.id, conflict.id), json={"reason": REASON})
    assert response.status_code == 409
    assert "An organizer set this conflict" in response.text
    assert (await Conflict.objects().get(Conflict.id == conflict.id)).withdrawn_at is None
    assert await mails("conflict_withdrawn") == []


async def test_a_judge_cannot_withdraw_another_judges_conflict(client, demo):
    conflict = await _declared(demo.id, "judge2")
    await sign_in(client, "judge1")
    response = await client.api("POST", _withdrawal(demo.id, conflict.id), json={"reason": REASON})
    assert response.status_code == 404
    assert (await Conflict.objects().get(Conflict.id == conflict.id)).withdrawn_at is None


async def test_a_conflict_is_withdrawn_once(client, demo):
    conflict = await _declared(demo.id, "judge1")
    await sign_in(client, "judge1")
    url = _withdrawal(demo.id, conflict.id)
    assert (await client.api("POST", url, json={"reason": REASON})).status_code == 200
    again = await client.api("POST", url, json={"reason": REASON})
    assert again.status_code == 409
    assert len(await mails("conflict_withdrawn")) == 1


async def test_the_judge_withdraws_from_the_page_after_confirming_with_a_reason(client, demo):
    conflict = await _declared(demo.id, "judge1")
    await sign_in(client, "judge1")
    listing = await client.get(f"/judge/competitions/{demo.id}/conflicts")
    assert f'href="{_page(demo.id, conflict.id)}"' in listing.text
    confirm = await client.get(_page(demo.id, conflict.id))
    assert confirm.status_code == 200
    assert conflict.organization in confirm.text
    response = await client.post_form(_page(demo.id, conflict.id), {"reason": REASON})
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Your conflict is withdrawn." in page.text
    assert f'href="{_page(demo.id, conflict.id)}"' not in page.text


async def test_a_withdrawal_needs_a_reason(client, demo):
    conflict = await _declared(demo.id, "judge1")
    await sign_in(client, "judge1")
    response = await client.post_form(_page(demo.id, conflict.id), {"reason": ""})
    assert response.status_code == 400
    assert 'id="reason-error"' in response.text
    assert (await Conflict.objects().get(Conflict.id == conflict.id)).withdrawn_at is None


async def test_a_withdrawn_conflict_may_be_declared_again(client, demo):
    conflict = await _declared(demo.id, "judge1")
    await sign_in(client, "judge1")
    await client.api("POST", _withdrawal(demo.id, conflict.id), json={"reason": REASON})
    response = await client.post_form(
        f"/judge/competitions/{demo.id}/conflicts",
        {"organization": conflict.organization, "reason": "On second thought, I do advise them."},
    )
    assert response.status_code == 303
    assert await Conflict.count() == 2
