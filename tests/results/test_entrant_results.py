"""Entrants see their own result: rank in track, score, criterion means, judges' comments."""

from __future__ import annotations

import pytest

from judging.results.publication.snapshots import ranking_rows
from judging.reviews.tables import Scorecard
from tests.results.publication_world import owned_projects, publish, signed_in, stored


@pytest.fixture
async def entrant1(client, demo):
    return await signed_in(client, "entrant1")


async def _line(round_id: int, submission_id: int):
    lines = ranking_rows((await stored(round_id, 1))["ranking_csv"])
    return next(line for line in lines if line.submission_id == submission_id)


async def test_nothing_is_shown_before_publication(entrant1, scored_round):
    [project, *_] = await owned_projects("entrant1")
    page = (await entrant1.get(f"/projects/{project.id}")).text
    assert 'id="results"' not in page
    assert (await entrant1.get(f"/api/v1/projects/{project.id}/results")).json() == []


async def test_the_api_gives_rank_in_track_score_criterion_means_and_judges(entrant1, scored_round):
    await publish(scored_round)
    [project, *_] = await owned_projects("entrant1")
    line = await _line(scored_round.id, project.id)
    [result] = (await entrant1.get(f"/api/v1/projects/{project.id}/results")).json()
    assert (result["round_id"], result["version"]) == (scored_round.id, 1)
    assert (result["track_rank"], result["rank"]) == (line.track_rank, line.rank)
    assert result["score"] == pytest.approx(line.score)
    assert result["n_judges"] == 3
    assert [item["key"] for item in result["criteria"]] == [
        "innovation",
        "market",
        "team",
        "business",
        "feasibility",
    ]
    assert result["criteria"][0]["label_en"] == "Innovation"
    assert result["criteria"][0]["mean"] == pytest.approx(line.criteria["innovation"])
    assert result["public_url"] == f"/competitions/china-gate-master-2021/results/{scored_round.id}"


async def test_the_project_page_shows_the_result_section(entrant1, scored_round):
    await publish(scored_round)
    [project, *_] = await owned_projects("entrant1")
    line = await _line(scored_round.id, project.id)
    page = (await entrant1.get(f"/projects/{project.id}")).text
    assert f'id="result-round-{scored_round.id}"' in page
    assert f"{line.score:.2f}" in page
    assert "Market potential" in page
    assert "Comments from the judges" in page


async def test_comments_to_entrants_are_shown_without_judge_or_label(entrant1, scored_round):
    [project, *_] = await owned_projects("entrant1")
    cards = await Scorecard.objects().where(Scorecard.submission == project.id)
    for index, card in enumerate(cards):
        await Scorecard.update(
            {
                Scorecard.comment_to_entrant: f"Comment number {index}",
                Scorecard.note_to_organizers: f"PRIVATE-NOTE-{index}",
            }
        ).where(Scorecard.id == card.id)
    await publish(scored_round)
    [result] = (await entrant1.get(f"/api/v1/projects/{project.id}/results")).json()
    page = (await entrant1.get(f"/projects/{project.id}")).text
    assert result["comments"] == ["Comment number 0", "Comment number 1", "Comment number 2"]
    for index in range(3):
        assert f"<li>Comment number {index}</li>" in page
        assert f"PRIVATE-NOTE-{index}" not in page
        assert f"PRIVATE-NOTE-{index}" not in str(result)
    for label in ("J1", "J2", "J3"):
        assert label not in page
        assert label not in str(result)
    for judge in ("Zhang Min", "Anna Müller", "Chen Jie", "judge1@", "judge2@", "judge3@"):
        assert judge not in page


async def test_comments_of_excluded_and_draft_cards_are_left_out(entrant1, scored_round):
    [project, *_] = await owned_projects("entrant1")
    cards = await Scorecard.objects().where(Scorecard.submission == project.id)
    await Scorecard.update(
        {Scorecard.excluded: True, Scorecard.comment_to_entrant: "From an excluded card"}
    ).where(Scorecard.id == cards[0].id)
    await Scorecard.update(
        {Scorecard.status: "draft", Scorecard.comment_to_entrant: "From a draft"}
    ).where(Scorecard.id == cards[1].id)
    await publish(scored_round)
    [result] = (await entrant1.get(f"/api/v1/projects/{project.id}/results")).json()
    assert result["comments"] == ["c2"]
    assert result["n_judges"] == 1


async def test_an_unranked_project_is_told_so(entrant1, scored_round):
    [project, *_] = await owned_projects("entrant1")
    card = await Scorecard.objects().where(Scorecard.submission == project.id).first()
    await Scorecard.update({Scorecard.excluded: True}).where(Scorecard.id == card.id)
    await publish(scored_round)
    [result] = (await entrant1.get(f"/api/v1/projects/{project.id}/results")).json()
    assert (result["rank"], result["track_rank"], result["n_judges"]) == (None, None, 2)
    page = (await entrant1.get(f"/projects/{project.id}")).text
    assert "Not ranked" in page


async def test_the_latest_version_is_the_one_shown(entrant1, scored_round):
    await publish(scored_round)
    await publish(scored_round)
    [project, *_] = await owned_projects("entrant1")
    [result] = (await entrant1.get(f"/api/v1/projects/{project.id}/results")).json()
    assert result["version"] == 2


async def test_the_dashboard_shows_each_project_result(entrant1, scored_round):
    await publish(scored_round)
    projects = await owned_projects("entrant1")
    page = (await entrant1.get("/projects")).text
    for project in projects:
        line = await _line(scored_round.id, project.id)
        assert f'href="/projects/{project.id}#result-round-{scored_round.id}"' in page
        assert f"score {line.score:.2f}" in page


async def test_another_entrants_results_are_404(entrant1, scored_round):
    await publish(scored_round)
    [other, *_] = await owned_projects("entrant2")
    assert (await entrant1.get(f"/api/v1/projects/{other.id}/results")).status_code == 404


async def test_a_private_competition_shows_results_without_a_public_link(
    entrant1, demo, scored_round
):
    await publish(scored_round)
    demo.is_public = False
    await demo.save()
    [project, *_] = await owned_projects("entrant1")
    [result] = (await entrant1.get(f"/api/v1/projects/{project.id}/results")).json()
    assert result["public_url"] is None
