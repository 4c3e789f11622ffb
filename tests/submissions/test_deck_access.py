"""A deck is served only to its owner, the competition's organizers and assigned, unconflicted
judges; everyone else gets 404, whether the project exists or not."""

from __future__ import annotations

import io

import pytest

from judging.accounts.tables import Account
from judging.assignments.access import judge_may_see
from judging.assignments.tables import Assignment, Conflict
from judging.competitions.tables import Competition, Membership, Round
from judging.submissions import services
from judging.submissions.tables import Submission
from tests.submissions.entrant_world import account, first_project, signed_in, small_pdf
from tests.support import TEST_PASSWORD, app_client, make_account

PDF = small_pdf(pages=2)


@pytest.fixture
async def deck(demo, settings) -> Submission:
    """entrant1's first project with an uploaded deck, assigned to judge2 (Munich Ventures)."""
    project = await first_project("entrant1")
    await services.attach_deck(
        await account("entrant1"),
        project.id,
        io.BytesIO(PDF),
        data_dir=settings.data_dir,
        max_bytes=10**7,
        now=project.created_at,
    )
    first_round = await Round.objects().get(Round.competition == demo.id)
    judge2 = await account("judge2")
    await Assignment(round=first_round.id, submission=project.id, judge=judge2.id).save()
    return await Submission.objects().get(Submission.id == project.id)


async def _open(app, handle: str | None, path: str):
    async with signed_in(app, handle) as client:
        return await client.get(path)


@pytest.mark.parametrize("handle", ["entrant1", "organizer", "admin", "judge2"])
async def test_deck_is_served_to_owner_organizers_and_assigned_judge(app, deck, handle):
    response = await _open(app, handle, f"/submissions/{deck.id}/deck")
    assert response.status_code == 200
    assert response.content == PDF


async def test_deck_is_served_inline_with_safe_headers_and_a_generated_name(app, deck):
    response = await _open(app, "entrant1", f"/submissions/{deck.id}/deck")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'inline; filename="project-{deck.id}.pdf"'
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "private, no-store"


async def test_download_asks_for_an_attachment(app, deck):
    response = await _open(app, "judge2", f"/submissions/{deck.id}/deck?download=1")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="project-{deck.id}.pdf"'
    )


@pytest.mark.parametrize("handle", [None, "entrant2", "judge1"])
async def test_deck_is_404_for_anonymous_other_entrants_and_unassigned_judges(app, deck, handle):
    response = await _open(app, handle, f"/submissions/{deck.id}/deck")
    assert response.status_code == 404
    assert PDF not in response.content


async def test_deck_is_404_for_an_organizer_of_another_competition(app, deck):
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    outsider = await make_account("outsider@example.com")
    await Membership(competition=other.id, account=outsider.id, role="organizer").save()
    async with app_client(app) as client:
        await client.sign_in("outsider@example.com", TEST_PASSWORD)
        response = await client.get(f"/submissions/{deck.id}/deck")
    assert response.status_code == 404


async def test_deck_is_404_for_an_assigned_judge_with_a_declared_conflict(app, deck):
    judge2 = await account("judge2")
    await Conflict(competition=deck.competition, judge=judge2.id, submission=deck.id).save()
    response = await _open(app, "judge2", f"/submissions/{deck.id}/deck")
    assert response.status_code == 404


async def test_deck_is_404_for_a_judge_conflicted_with_the_organization(app, deck):
    judge2 = await account("judge2")
    await Conflict(
        competition=deck.competition, judge=judge2.id, organization="  deepvision MEDICAL "
    ).save()
    response = await _open(app, "judge2", f"/submissions/{deck.id}/deck")
    assert response.status_code == 404


async def test_deck_is_404_for_a_judge_from_the_same_organization(app, deck):
    await Account.update({Account.organization: "DeepVision medical"}).where(
        Account.email == "judge2@demo.chinagate.local"
    )
    response = await _open(app, "judge2", f"/submissions/{deck.id}/deck")
    assert response.status_code == 404


async def test_deck_is_404_for_an_assigned_judge_no_longer_judging_the_competition(app, deck):
    judge2 = await account("judge2")
    await Membership.delete().where(Membership.account == judge2.id)
    response = await _open(app, "judge2", f"/submissions/{deck.id}/deck")
    assert response.status_code == 404


async def test_guessed_ids_and_projects_without_a_deck_are_404(app, deck):
    without = await first_project("entrant2")
    async with signed_in(app, "organizer") as client:
        guessed = await client.get(f"/submissions/{deck.id + 1000}/deck")
        missing = await client.get(f"/submissions/{without.id}/deck")
    assert guessed.status_code == 404
    assert missing.status_code == 404


async def test_refusal_and_a_missing_project_look_the_same(app, deck):
    async with signed_in(app, "entrant2") as client:
        refused = await client.get(f"/submissions/{deck.id}/deck")
        missing = await client.get("/submissions/999999/deck")
    assert refused.status_code == missing.status_code == 404
    # Same page, but for the path echoed in the language switch.
    assert refused.text.replace(f"/submissions/{deck.id}/", "/submissions/999999/") == missing.text


async def test_an_empty_organization_never_counts_as_a_conflict(deck):
    judge2 = await account("judge2")
    await Account.update({Account.organization: ""}).where(Account.id == judge2.id)
    await Submission.update({Submission.organization: ""}).where(Submission.id == deck.id)
    await Conflict(competition=deck.competition, judge=judge2.id, organization="").save()
    judge2 = await account("judge2")
    project = await Submission.objects().get(Submission.id == deck.id)
    assert await judge_may_see(judge2, project) is True


async def test_a_conflict_in_another_competition_does_not_hide_the_project(deck):
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    judge2 = await account("judge2")
    await Conflict(competition=other.id, judge=judge2.id, organization="DeepVision Medical").save()
    assert await judge_may_see(judge2, deck) is True


async def test_judge_whose_pool_organization_is_the_projects_is_refused(app, deck):
    from judging.assignments.tables import JudgeProfile

    judge2 = await account("judge2")
    await JudgeProfile(
        competition=deck.competition,
        email=judge2.email,
        account=judge2.id,
        organization=f"  {deck.organization.upper()} ",
    ).save()
    assert not await judge_may_see(judge2, deck)
    response = await _open(app, "judge2", f"/submissions/{deck.id}/deck")
    assert response.status_code == 404
