"""Every deck a project had is kept by its hash: a scorecard records the deck it was scored
against, and its judge opens that version even after an unlocked entrant replaced it."""

from __future__ import annotations

import hashlib
import io

import pytest

from judging.assignments.tables import Assignment
from judging.clock import utcnow
from judging.competitions.tables import Round
from judging.reviews.schemas import ScorecardSave
from judging.reviews.services import save_scorecard
from judging.reviews.tables import Scorecard
from judging.submissions import decks, locking, services
from judging.submissions.moderation import ModerationRequest
from judging.submissions.tables import DeckVersion, Submission
from tests.reviews.judging_world import scores
from tests.submissions.entrant_world import account, first_project, signed_in, small_pdf

FIRST = small_pdf(pages=1, text="first")
SECOND = small_pdf(pages=2, text="second")
FIRST_SHA = hashlib.sha256(FIRST).hexdigest()
SECOND_SHA = hashlib.sha256(SECOND).hexdigest()


async def _attach(project_id: int, content: bytes, settings) -> None:
    await services.attach_deck(
        await account("entrant1"),
        project_id,
        io.BytesIO(content),
        data_dir=settings.data_dir,
        max_bytes=10**7,
        now=utcnow(),
    )


@pytest.fixture
async def replaced(demo, settings) -> tuple[Submission, Round]:
    """entrant1's project scored by judge2 against FIRST; then the organizer unlocked it and
    the entrant replaced the deck with SECOND."""
    project = await first_project("entrant1", "submitted")
    await _attach(project.id, FIRST, settings)
    preliminary = await Round.objects().get(Round.competition == demo.id)
    judge2 = await account("judge2")
    await Assignment(round=preliminary.id, submission=project.id, judge=judge2.id).save()
    save = ScorecardSave(scores=scores(), version=0, action="submit")
    await save_scorecard(judge2, preliminary.id, project.id, save, utcnow())
    organizer = await account("organizer")
    await locking.unlock(
        competition_id=demo.id,
        submission_id=project.id,
        request=ModerationRequest(reason="Wrong file uploaded"),
        actor_id=organizer.id,
        now=utcnow(),
    )
    await _attach(project.id, SECOND, settings)
    return await Submission.objects().get(Submission.id == project.id), preliminary


async def test_the_scorecard_records_the_deck_it_was_scored_against(replaced):
    project, preliminary = replaced
    card = await Scorecard.objects().get(
        (Scorecard.submission == project.id) & (Scorecard.round == preliminary.id)
    )
    assert (card.deck_sha256, project.deck_sha256) == (FIRST_SHA, SECOND_SHA)


async def test_every_deck_version_is_kept_by_its_hash(replaced):
    project, _ = replaced
    versions = await decks.deck_versions(project.id)
    assert [row["sha256"] for row in versions] == [FIRST_SHA, SECOND_SHA]
    assert await DeckVersion.count().where(DeckVersion.submission == project.id) == 2


@pytest.mark.parametrize("handle", ["entrant1", "organizer", "judge2"])
async def test_an_earlier_version_is_served_by_its_hash_to_whoever_may_see_the_project(
    app, replaced, handle
):
    project, _ = replaced
    async with signed_in(app, handle) as client:
        earlier = await client.get(f"/submissions/{project.id}/deck/{FIRST_SHA}")
        current = await client.get(f"/submissions/{project.id}/deck")
    assert (earlier.status_code, earlier.content) == (200, FIRST)
    assert (current.status_code, current.content) == (200, SECOND)
    assert earlier.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize("handle", [None, "entrant2", "judge1"])
async def test_a_version_is_404_for_those_who_may_not_see_the_project(app, replaced, handle):
    project, _ = replaced
    async with signed_in(app, handle) as client:
        response = await client.get(f"/submissions/{project.id}/deck/{FIRST_SHA}")
    assert response.status_code == 404
    assert FIRST not in response.content


async def test_a_hash_the_project_never_had_is_404_even_if_another_project_has_it(
    app, replaced, settings
):
    project, _ = replaced
    other = await first_project("entrant2")
    other_pdf = small_pdf(pages=4)
    await services.attach_deck(
        await account("entrant2"),
        other.id,
        io.BytesIO(other_pdf),
        data_dir=settings.data_dir,
        max_bytes=10**7,
        now=utcnow(),
    )
    other_sha = hashlib.sha256(other_pdf).hexdigest()
    async with signed_in(app, "organizer") as client:
        foreign = await client.get(f"/submissions/{project.id}/deck/{other_sha}")
        malformed = await client.get(f"/submissions/{project.id}/deck/..%2F..%2Fsecret")
        upper = await client.get(f"/submissions/{project.id}/deck/{FIRST_SHA.upper()}")
    assert (foreign.status_code, malformed.status_code, upper.status_code) == (404, 404, 404)


async def test_the_judge_of_a_submitted_card_opens_the_version_they_scored(app, replaced):
    project, preliminary = replaced
    async with signed_in(app, "judge2") as client:
        page = await client.get(f"/judge/rounds/{preliminary.id}/projects/{project.id}")
    assert page.status_code == 200
    assert f"/submissions/{project.id}/deck/{FIRST_SHA}" in page.text


async def test_the_organizers_page_lists_earlier_decks(app, demo, replaced):
    project, _ = replaced
    async with signed_in(app, "organizer") as client:
        page = await client.get(f"/organize/{demo.id}/submissions/{project.id}")
    assert f'href="/submissions/{project.id}/deck/{FIRST_SHA}"' in page.text
