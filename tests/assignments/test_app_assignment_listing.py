"""The round's "who judges what" table: a page at a time, by track, or only the short ones."""

import re

from judging.clock import utcnow
from judging.competitions.tables import Track
from judging.submissions.tables import Submission
from tests.assignments.assignment_world import account, assign, preliminary, sign_in

ROW = re.compile(r"<tr(?: class=\"short\")?>\s*<td>([^<]+)</td>")


def _path(competition_id: int, round_id: int) -> str:
    return f"/organize/{competition_id}/rounds/{round_id}/assignments"


def _titles(html: str) -> list[str]:
    table = html.split('class="assignment-table"', 1)[1].split("</table>", 1)[0]
    return ROW.findall(table)


async def _add_projects(competition_id: int, count: int) -> None:
    """``count`` more submitted projects in the AI track (the demo has 10 in four tracks)."""
    ai = await Track.objects().get((Track.competition == competition_id) & (Track.key == "ai"))
    await Submission.insert(
        *(
            Submission(
                competition=competition_id,
                track=ai.id,
                title=f"Listed project {number:03d}",
                summary="A pilot.",
                status="submitted",
                submitted_at=utcnow(),
            )
            for number in range(count)
        )
    )


async def test_the_table_shows_a_hundred_projects_a_page_with_a_link_to_the_next(client, demo):
    round_ = await preliminary(demo.id)
    await _add_projects(demo.id, 140)
    await sign_in(client, "organizer")
    first = await client.get(_path(demo.id, round_.id))
    assert first.status_code == 200
    assert len(_titles(first.text)) == 100
    assert "Projects found: 150" in first.text
    assert "Page 1 of 2" in first.text
    assert f'rel="next" href="{_path(demo.id, round_.id)}?page=2' in first.text
    second = await client.get(_path(demo.id, round_.id), params={"page": 2})
    assert len(_titles(second.text)) == 50
    assert set(_titles(first.text)).isdisjoint(_titles(second.text))
    beyond = await client.get(_path(demo.id, round_.id), params={"page": 9})
    assert _titles(beyond.text) == _titles(second.text)


async def test_the_track_filter_lists_that_tracks_projects_only(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    response = await client.get(_path(demo.id, round_.id), params={"track": "ai"})
    assert sorted(_titles(response.text)) == [
        "Low-dose CT lung nodule screening",
        "Predictive maintenance for CNC spindles",
        "Protein stability predictor",
    ]
    assert "Page 1 of" not in response.text


async def test_short_lists_only_projects_still_missing_judges(client, demo):
    round_ = await preliminary(demo.id)
    welding = await Submission.objects().get(Submission.title == "Self-calibrating welding robot")
    judges = [await account(handle) for handle in ("judge1", "judge2", "judge3")]
    await assign(round_.id, *((welding.id, judge.id) for judge in judges))
    await sign_in(client, "organizer")
    everything = _titles((await client.get(_path(demo.id, round_.id))).text)
    short = _titles((await client.get(_path(demo.id, round_.id), params={"short": "true"})).text)
    assert "Self-calibrating welding robot" in everything
    assert sorted(short) == sorted(title for title in everything if title != welding.title)


async def test_a_filter_that_is_not_understood_says_so_and_lists_every_project(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    response = await client.get(_path(demo.id, round_.id), params={"page": "0", "short": "x"})
    assert response.status_code == 400
    assert "The filter was not understood" in response.text
    assert len(_titles(response.text)) == 10
