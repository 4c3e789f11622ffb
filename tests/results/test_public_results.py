"""The public results page, its files and API: public competitions and published rounds only."""

from __future__ import annotations

import csv
import io

import pytest

from judging.competitions.tables import Round
from judging.demo import demo_email
from judging.results.publication.snapshots import ranking_rows
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.results.publication_world import publish, signed_in, stored


def _page(round_: Round, slug: str = "china-gate-master-2021") -> str:
    return f"/competitions/{slug}/results/{round_.id}"


def _api(round_: Round, slug: str = "china-gate-master-2021") -> str:
    return f"/api/v1/public/competitions/{slug}/results/{round_.id}"


async def test_the_page_lists_every_ranked_project_with_rank_track_and_score(client, scored_round):
    await publish(scored_round)
    page = await client.get(_page(scored_round))
    assert page.status_code == 200
    ranking = ranking_rows((await stored(scored_round.id, 1))["ranking_csv"])
    titles = {
        row["id"]: row["title"] for row in await Submission.select(Submission.id, Submission.title)
    }
    for line in ranking:
        assert titles[line.submission_id] in page.text
        assert f"{line.score:.2f}" in page.text
    assert 'id="track-ai"' in page.text
    assert "Artificial intelligence" in page.text


async def test_the_page_shows_the_latest_version_with_its_hash_and_time(client, scored_round):
    await publish(scored_round)
    card = await Scorecard.objects().where(Scorecard.round == scored_round.id).first()
    await Scorecard.update({Scorecard.excluded: True}).where(Scorecard.id == card.id)
    second = await publish(scored_round)
    page = (await client.get(_page(scored_round))).text
    assert "Version 2, published" in page
    assert second.content_hash in page
    assert f'href="{_page(scored_round)}/v/1"' in page


async def test_an_earlier_version_stays_linkable_and_points_to_the_latest(client, scored_round):
    first = await publish(scored_round)
    await publish(scored_round)
    page = await client.get(f"{_page(scored_round)}/v/1")
    assert page.status_code == 200
    assert first.content_hash in page.text
    assert 'id="latest-version-link"' in page.text


async def test_a_withdrawn_project_keeps_rank_and_score_but_not_its_title(client, scored_round):
    await publish(scored_round)
    line = ranking_rows((await stored(scored_round.id, 1))["ranking_csv"])[0]
    project = await Submission.objects().get(Submission.id == line.submission_id)
    await Submission.update({Submission.status: "withdrawn"}).where(Submission.id == project.id)
    page = (await client.get(_page(scored_round))).text
    assert project.title not in page
    assert "(withdrawn)" in page
    assert f"{line.score:.2f}" in page
    [row] = [
        row
        for row in (await client.get(_api(scored_round))).json()["rows"]
        if row["submission_id"] == project.id
    ]
    assert (row["title"], row["status"], row["rank"]) == (None, "withdrawn", line.rank)


async def test_a_disqualified_project_is_shown_as_disqualified(client, scored_round):
    await publish(scored_round)
    line = ranking_rows((await stored(scored_round.id, 1))["ranking_csv"])[1]
    project = await Submission.objects().get(Submission.id == line.submission_id)
    await Submission.update({Submission.status: "disqualified"}).where(Submission.id == project.id)
    page = (await client.get(_page(scored_round))).text
    assert project.title not in page
    assert "(disqualified)" in page


async def test_a_private_competition_has_no_public_results(client, demo, scored_round):
    await publish(scored_round)
    demo.is_public = False
    await demo.save()
    assert (await client.get(_page(scored_round))).status_code == 404
    assert (await client.get(_api(scored_round))).status_code == 404
    assert (await client.get(f"{_page(scored_round)}/v/1/scores.csv")).status_code == 404


async def test_organizers_get_no_public_page_of_a_private_competition_either(
    client, demo, scored_round
):
    await publish(scored_round)
    demo.is_public = False
    await demo.save()
    await signed_in(client, "organizer")
    assert (await client.get(_page(scored_round))).status_code == 404


async def test_an_unpublished_round_has_no_public_results(client, scored_round):
    assert (await client.get(_page(scored_round))).status_code == 404
    assert (await client.get(_api(scored_round))).status_code == 404


async def test_a_wrong_slug_or_version_is_404(client, scored_round):
    await publish(scored_round)
    assert (await client.get(_page(scored_round, slug="other-cup"))).status_code == 404
    assert (await client.get(f"{_page(scored_round)}/v/2")).status_code == 404


async def test_the_public_files_are_the_stored_texts(client, scored_round):
    await publish(scored_round)
    snapshot = await stored(scored_round.id, 1)
    for name, column in (
        ("ranking.csv", "ranking_csv"),
        ("scores.csv", "scores_csv"),
        ("rubric.json", "rubric_json"),
    ):
        response = await client.get(f"{_page(scored_round)}/v/1/{name}")
        assert response.status_code == 200
        assert response.content == snapshot[column].encode("utf-8")


async def test_the_titled_ranking_has_the_published_lines_with_titles_and_track_names(
    client, scored_round
):
    await publish(scored_round)
    ranking = ranking_rows((await stored(scored_round.id, 1))["ranking_csv"])
    withdrawn = ranking[0].submission_id
    await Submission.update({Submission.status: "withdrawn"}).where(Submission.id == withdrawn)
    # A title typed after publication, even a formula, is not what the file shows.
    await Submission.update({Submission.title: "=HYPERLINK(1)"}).where(
        Submission.id == ranking[1].submission_id
    )
    response = await client.get(f"{_page(scored_round)}/v/1/ranking-with-titles.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [int(line["submission_id"]) for line in lines] == [
        line.submission_id for line in ranking
    ]
    titles = {
        row["id"]: row["title"] for row in await Submission.select(Submission.id, Submission.title)
    }
    first, second = lines[0], lines[1]
    assert (first["title"], first["status"], first["rank"]) == ("", "withdrawn", "1")
    assert second["title"]
    assert second["title"] != "=HYPERLINK(1)"
    for line, published in zip(lines[2:], ranking[2:], strict=True):
        assert line["title"] == titles[published.submission_id]
        assert line["rank"] == ("" if published.rank is None else str(published.rank))
        assert float(line["score"]) == pytest.approx(published.score)
    names = {(line["track"], line["track_name_en"], line["track_name_zh"]) for line in lines}
    assert ("ai", "Artificial intelligence", "人工智能") in names


async def test_a_title_that_looks_like_a_formula_stays_text_in_the_titled_ranking(
    client, scored_round
):
    project = (
        await Submission.objects().where(Submission.competition == scored_round.competition).first()
    )
    await Submission.update({Submission.title: "=HYPERLINK(1)"}).where(Submission.id == project.id)
    await publish(scored_round)
    response = await client.get(f"{_page(scored_round)}/v/1/ranking-with-titles.csv")
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    line = next(line for line in lines if int(line["submission_id"]) == project.id)
    assert line["title"] == "'=HYPERLINK(1)"


async def test_the_api_gives_rank_track_rank_title_track_and_score(client, scored_round):
    await publish(scored_round)
    body = (await client.get(_api(scored_round))).json()
    ranking = ranking_rows((await stored(scored_round.id, 1))["ranking_csv"])
    assert body["version"] == 1
    assert [row["submission_id"] for row in body["rows"]] == [
        line.submission_id for line in ranking
    ]
    first = body["rows"][0]
    assert set(first) >= {"rank", "track_rank", "title", "track", "score"}
    assert first["rank"] == 1


async def test_the_page_is_bilingual(client, scored_round):
    await publish(scored_round)
    page = (await client.get(_page(scored_round), headers={"accept-language": "zh-CN"})).text
    assert "人工智能" in page
    assert "初赛" in page


async def test_the_page_shows_only_titles_never_teams_or_organizations(client, scored_round):
    await Round.update({Round.is_blind: True}).where(Round.id == scored_round.id)
    await publish(scored_round)
    page = (await client.get(_page(scored_round))).text
    for organization in ("DeepVision Medical", "Auto Robotics GmbH", "CellCure Ltd"):
        assert organization not in page
    assert demo_email("entrant1") not in page
    assert "/projects/" not in page


async def test_the_competition_page_links_to_published_rounds_only(client, scored_round):
    public = "/competitions/china-gate-master-2021"
    assert f'href="{_page(scored_round)}"' not in (await client.get(public)).text
    await publish(scored_round)
    assert f'href="{_page(scored_round)}"' in (await client.get(public)).text


@pytest.mark.parametrize("path", ["", "/v/1"])
async def test_the_page_takes_four_queries_and_one_more_for_an_old_version(
    client, scored_round, path, capsys
):
    """Fast: the snapshot, its withdrawal if any, the projects and their admissions into
    later rounds (and the newest version number for an old one), whatever the round's size."""
    from judging.database import engine

    await publish(scored_round)
    current = engine()
    capsys.readouterr()
    current.log_queries = True  # Piccolo prints each query it runs
    try:
        response = await client.get(_page(scored_round) + path)
    finally:
        current.log_queries = False
    assert response.status_code == 200
    queries = capsys.readouterr().out.split("\nQuery ")[1:]
    results_queries = [sql for sql in queries if "ranking_snapshot" in sql or "submission" in sql]
    assert len(results_queries) == (4 if path == "" else 5)
