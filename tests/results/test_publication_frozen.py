"""A published version freezes what it shows: titles, teams, track, round and competition
names. No later edit changes a published page, its API, or the live board of the round."""

from __future__ import annotations

import msgspec

from judging.competitions.tables import Competition, Round, Track
from judging.results.live.state import round_state
from judging.results.publication.snapshots import ranking_rows
from judging.submissions.tables import Submission
from tests.results.publication_world import publish, stored

RENAMED = "Renamed after publication"


def _page(round_: Round) -> str:
    return f"/competitions/china-gate-master-2021/results/{round_.id}"


async def _ranked_project(round_: Round) -> Submission:
    first = ranking_rows((await stored(round_.id, 1))["ranking_csv"])[0]
    return await Submission.objects().get(Submission.id == first.submission_id)


async def test_the_snapshot_stores_titles_teams_and_track_names_without_contacts(scored_round):
    await publish(scored_round)
    project = await _ranked_project(scored_round)
    shown = msgspec.json.decode((await stored(scored_round.id, 1))["shown_json"])
    frozen = shown["projects"][str(project.id)]
    assert frozen["title"] == project.title
    team = msgspec.json.decode(project.team)
    assert frozen["team"] == [{"name": m["name"], "role": m["role"]} for m in team]
    assert shown["tracks"]["ai"]["name_en"] == "Artificial intelligence"
    assert "@" not in msgspec.json.encode(shown).decode()


async def test_renaming_a_project_after_publication_leaves_the_published_page(client, scored_round):
    await publish(scored_round)
    project = await _ranked_project(scored_round)
    await Submission.update({Submission.title: RENAMED}).where(Submission.id == project.id)
    latest = await client.get(_page(scored_round))
    version = await client.get(f"{_page(scored_round)}/v/1")
    for page in (latest, version):
        assert project.title in page.text
        assert RENAMED not in page.text


async def test_renaming_a_project_after_publication_leaves_the_public_api(client, scored_round):
    await publish(scored_round)
    project = await _ranked_project(scored_round)
    await Submission.update({Submission.title: RENAMED}).where(Submission.id == project.id)
    response = await client.get(
        f"/api/v1/public/competitions/china-gate-master-2021/results/{scored_round.id}"
    )
    titles = {row["submission_id"]: row["title"] for row in response.json()["rows"]}
    assert titles[project.id] == project.title


async def test_renaming_tracks_round_and_competition_leaves_the_published_page(
    client, scored_round
):
    await publish(scored_round)
    await Track.update({Track.name_en: "Renamed track"}).where(Track.key == "ai")
    await Round.update({Round.name_en: "Renamed round"}).where(Round.id == scored_round.id)
    await Competition.update({Competition.name_en: "Renamed competition"}).where(
        Competition.id == scored_round.competition
    )
    page = (await client.get(_page(scored_round))).text
    assert "Artificial intelligence" in page
    assert "Preliminary round" in page
    assert "China Gate Master 2021" in page
    assert "Renamed" not in page


async def test_a_version_published_after_an_edit_shows_the_edit(client, scored_round):
    await publish(scored_round)
    project = await _ranked_project(scored_round)
    await Submission.update({Submission.title: RENAMED}).where(Submission.id == project.id)
    await publish(scored_round)
    assert RENAMED in (await client.get(f"{_page(scored_round)}/v/2")).text
    assert RENAMED not in (await client.get(f"{_page(scored_round)}/v/1")).text


async def test_the_live_board_of_a_published_round_shows_projects_as_published(scored_round):
    await publish(scored_round)
    project = await _ranked_project(scored_round)
    await Submission.update(
        {Submission.title: RENAMED, Submission.organization: "Renamed Ltd"}
    ).where(Submission.id == project.id)
    await Track.update({Track.name_en: "Renamed track"}).where(Track.key == "ai")
    board = await round_state(scored_round.id)
    shown = next(item for item in board.projects if item.submission_id == project.id)
    assert (shown.title, shown.organization) == (project.title, project.organization)
    assert "Renamed track" not in {item.track_name_en for item in board.projects}
