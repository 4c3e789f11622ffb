"""The organizers' publication page, their JSON API, and each version's files."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from judging.competitions.tables import Round
from judging.results.publication.tables import RankingSnapshot
from judging.reviews.tables import Scorecard
from tests.results.publication_world import publish, signed_in, stored

SHEET_TEXT = {"submission_id": str, "judge_id": str, "track": str, "criterion": str}


@pytest.fixture
async def organizer(client, demo):
    return await signed_in(client, "organizer")


def _results(round_: Round) -> str:
    return f"/organize/{round_.competition}/rounds/{round_.id}/results"


def _api(round_: Round) -> str:
    return f"/api/v1/competitions/{round_.competition}/rounds/{round_.id}/publications"


async def test_the_page_summarizes_what_publishing_would_store(organizer, scored_round):
    page = await organizer.get(_results(scored_round))
    assert page.status_code == 200
    assert 'id="publish-summary"' in page.text
    assert "Publish version 1" in page.text
    assert "Nothing is published for this round yet." in page.text


async def test_the_publish_button_stores_version_1_and_says_so(organizer, scored_round):
    response = await organizer.post_form(f"{_results(scored_round)}/publish", {"confirm": "true"})
    assert response.status_code == 303
    assert response.headers["location"] == _results(scored_round)
    page = (await organizer.get(response.headers["location"])).text
    assert 'id="publish-notice"' in page
    assert page.count("Version 1 is published.") == 1
    assert page.count("Result mails queued in the outbox: 10.") == 1
    again = (await organizer.get(response.headers["location"])).text
    assert "Version 1 is published." not in again
    assert "Result mails queued in the outbox" not in again
    assert 'id="version-1"' in page
    assert "Verified" in page
    assert (await stored(scored_round.id, 1))["content_hash"] in page


async def test_publishing_with_nothing_counted_shows_why_on_the_page(organizer, demo):
    round_ = await Round.objects().get(Round.competition == demo.id)
    page = await organizer.get(_results(round_))
    assert 'id="publish-blocked"' in page.text
    response = await organizer.post_form(f"{_results(round_)}/publish")
    assert response.status_code == 409
    assert "nothing to publish" in response.text


async def test_the_page_says_when_the_latest_version_already_holds_this_ranking(
    organizer, scored_round
):
    await publish(scored_round)
    page = (await organizer.get(_results(scored_round))).text
    assert 'id="publish-unchanged"' in page
    assert "Publish version 2" in page
    assert 'name="notify_entrants"' in page


async def test_a_tampered_row_shows_as_not_verifying(organizer, scored_round):
    # Only this test writes to a snapshot: it plays an attacker with database access.
    await publish(scored_round)
    await RankingSnapshot.update({RankingSnapshot.ranking_csv: "submission_id\n"}).where(
        RankingSnapshot.round == scored_round.id
    )
    page = (await organizer.get(_results(scored_round))).text
    assert "Does not verify" in page
    detail = (await organizer.get(f"{_api(scored_round)}/1")).json()
    assert detail["verification"]["ok"] is False


async def test_the_organizers_can_view_a_version_of_a_private_competition(
    organizer, demo, scored_round
):
    await publish(scored_round)
    demo.is_public = False
    await demo.save()
    page = await organizer.get(f"{_results(scored_round)}/v/1")
    assert page.status_code == 200
    assert "Low-dose CT lung nodule screening" in page.text
    assert "ranking.xlsx" in page.text


@pytest.mark.parametrize(
    ("name", "column"),
    [("ranking.csv", "ranking_csv"), ("scores.csv", "scores_csv"), ("rubric.json", "rubric_json")],
)
async def test_text_files_are_the_stored_texts_exactly(organizer, scored_round, name, column):
    await publish(scored_round)
    response = await organizer.get(f"{_results(scored_round)}/v/1/{name}")
    assert response.status_code == 200
    assert response.content == (await stored(scored_round.id, 1))[column].encode("utf-8")
    assert f"round-{scored_round.id}-v1-{name}" in response.headers["content-disposition"]


@pytest.mark.parametrize(("name", "column"), [("ranking", "ranking_csv"), ("scores", "scores_csv")])
async def test_xlsx_files_read_back_equal_to_the_csv_files(organizer, scored_round, name, column):
    await publish(scored_round)
    response = await organizer.get(f"{_results(scored_round)}/v/1/{name}.xlsx")
    assert response.status_code == 200
    workbook = pd.read_excel(io.BytesIO(response.content), dtype=SHEET_TEXT)
    text = (await stored(scored_round.id, 1))[column]
    pd.testing.assert_frame_equal(
        workbook, pd.read_csv(io.StringIO(text), dtype=SHEET_TEXT), check_dtype=False
    )


async def test_the_api_publishes_lists_and_shows_versions(organizer, scored_round):
    created = await organizer.api(
        "POST", _api(scored_round), json={"notify_entrants": False, "confirm": True}
    )
    assert created.status_code == 201, created.text
    assert created.json()["version"] == 1
    again = await organizer.api("POST", _api(scored_round), json={"confirm": True})
    assert (again.json()["version"], again.json()["mails_queued"]) == (2, 0)
    listed = (await organizer.get(_api(scored_round))).json()
    assert [item["version"] for item in listed] == [2, 1]
    detail = (await organizer.get(f"{_api(scored_round)}/1")).json()
    assert detail["verification"] == {
        "ok": True,
        "hash_matches": True,
        "ranking_matches": True,
        "problem": "",
    }
    assert detail["cli_command"].startswith("python -m scoring rank round-")
    assert "--min-judges 3" in detail["cli_command"]
    assert detail["exports"]["scores_csv"].endswith("/v/1/scores.csv")


async def test_an_unknown_version_is_404(organizer, scored_round):
    await publish(scored_round)
    assert (await organizer.get(f"{_api(scored_round)}/7")).status_code == 404
    assert (await organizer.get(f"{_results(scored_round)}/v/7/ranking.csv")).status_code == 404


async def test_a_round_of_another_competition_is_404(organizer, demo, scored_round):
    from judging.competitions.tables import Competition

    other = Competition(slug="elsewhere", name_en="Elsewhere", name_zh="别处")
    await other.save()
    await publish(scored_round)
    path = f"/organize/{demo.id}/rounds/{scored_round.id}/results/v/1/scores.csv"
    assert (await organizer.get(path)).status_code == 200
    wrong = await organizer.get(path.replace(f"/organize/{demo.id}/", f"/organize/{other.id}/"))
    assert wrong.status_code in (403, 404)


async def test_the_rounds_list_links_to_the_results_page(organizer, scored_round):
    page = (await organizer.get(f"/organize/{scored_round.competition}/rounds")).text
    assert f'href="{_results(scored_round)}"' in page


async def test_a_change_after_publication_is_not_reported_as_unchanged(organizer, scored_round):
    await publish(scored_round)
    card = await Scorecard.objects().where(Scorecard.round == scored_round.id).first()
    await Scorecard.update({Scorecard.excluded: True}).where(Scorecard.id == card.id)
    page = (await organizer.get(_results(scored_round))).text
    assert 'id="publish-unchanged"' not in page
