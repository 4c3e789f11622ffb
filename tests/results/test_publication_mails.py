"""Result mails: one per scored project on a round's first publication, in both languages."""

from __future__ import annotations

from judging.demo import DEMO_PASSWORD, demo_email
from judging.outbox.tables import OutboxMessage
from judging.results.publication.services import RESULTS_MAIL
from judging.results.publication.snapshots import ranking_rows
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.results.publication_world import owned_projects, publish, stored


async def _mails() -> list[OutboxMessage]:
    return await OutboxMessage.objects().where(OutboxMessage.kind == RESULTS_MAIL)


async def test_the_first_publication_mails_once_per_scored_project(demo, scored_round):
    out = await publish(scored_round)
    mails = await _mails()
    scored = len(ranking_rows((await stored(scored_round.id, 1))["ranking_csv"]))
    assert out.mails_queued == scored == len(mails) == 10
    assert {mail.competition_id for mail in mails} == {demo.id}  # in the competition's outbox
    # entrant1 owns two scored projects: a mail for each.
    assert sum(mail.to_address == demo_email("entrant1") for mail in mails) == 2


async def test_a_republication_mails_nobody(demo, scored_round):
    await publish(scored_round)
    second = await publish(scored_round)
    assert second.mails_queued == 0
    assert len(await _mails()) == 10


async def test_a_republication_mails_again_when_the_organizer_asks(demo, scored_round):
    await publish(scored_round)
    await publish(scored_round, notify_entrants=True)
    assert len(await _mails()) == 20


async def test_the_mail_gives_rank_in_track_score_and_the_project_link(demo, scored_round):
    await publish(scored_round)
    [project, *_] = await owned_projects("entrant1")
    line = next(
        line
        for line in ranking_rows((await stored(scored_round.id, 1))["ranking_csv"])
        if line.submission_id == project.id
    )
    [mail] = [mail for mail in await _mails() if mail.body.count(f"/projects/{project.id}\n")]
    assert "Preliminary round" in mail.subject
    assert "初赛" in mail.subject
    assert f"ranks {line.track_rank} of" in mail.body
    assert f"{line.score:.2f}" in mail.body
    assert f"http://testserver.local/projects/{project.id}" in mail.body
    assert "Artificial intelligence" in mail.body


async def test_an_unranked_project_is_told_it_is_not_ranked(demo, scored_round):
    [project, *_] = await owned_projects("entrant1")
    card = await Scorecard.objects().where(Scorecard.submission == project.id).first()
    await Scorecard.update({Scorecard.excluded: True}).where(Scorecard.id == card.id)
    await publish(scored_round)
    [mail] = [mail for mail in await _mails() if mail.body.count(f"/projects/{project.id}\n")]
    assert "is not ranked" in mail.body


async def test_projects_without_an_owner_account_get_no_mail(demo, scored_round):
    [project, *_] = await owned_projects("entrant1")
    await Submission.update({Submission.owner: None}).where(Submission.id == project.id)
    out = await publish(scored_round)
    assert out.mails_queued == 9


async def test_the_page_checkbox_mails_the_entrants_again(client, demo, scored_round):
    await publish(scored_round)
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    path = f"/organize/{demo.id}/rounds/{scored_round.id}/results/publish"
    response = await client.post_form(path, {"notify_entrants": "true", "confirm": "true"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/organize/{demo.id}/rounds/{scored_round.id}/results"
    page = (await client.get(response.headers["location"])).text
    assert page.count("Version 2 is published.") == 1
    assert page.count("Result mails queued in the outbox: 10.") == 1
    assert len(await _mails()) == 20
