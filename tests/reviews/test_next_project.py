"""After saving, the judge goes on to their next assigned project left to score in the round:
never one they submitted, are conflicted with, or that is no longer judged; none left, back
to their queue with a message."""

from judging.submissions.tables import Submission
from tests.reviews.judging_world import (
    declare_conflict,
    form_data,
    page_path,
    scores,
)


async def _by_title(project_ids: list[int]) -> list[int]:
    """The projects in the order the judge's queue lists untouched ones: by title."""
    rows = await Submission.select(Submission.id, Submission.title).where(
        Submission.id.is_in(project_ids)
    )
    return [row["id"] for row in sorted(rows, key=lambda row: row["title"].casefold())]


async def _submit_and_next(client, world, project: int):
    return await client.post_form(
        f"{page_path(world, project)}?then=next", form_data(scores(), action="submit")
    )


async def test_submit_and_next_opens_the_next_project_left_to_score(judge1, world):
    first, second, _third = await _by_title(world.projects)
    response = await _submit_and_next(judge1, world, first)
    assert response.status_code == 303
    assert response.headers["location"] == page_path(world, second)
    page = await judge1.get(response.headers["location"])
    assert "Scores submitted" in page.text
    assert 'id="next-project-notice"' in page.text


async def test_the_next_project_skips_submitted_and_conflicted_projects(judge1, world):
    first, second, third = await _by_title(world.projects)
    await judge1.post_form(page_path(world, second), form_data(scores(), action="submit"))
    await declare_conflict(world.competition_id, world.judge1.id, third)
    response = await _submit_and_next(judge1, world, first)
    # Nothing is left: back to the queue, with a message.
    assert response.headers["location"] == "/judge"
    page = await judge1.get("/judge")
    assert "Nothing else is left for you to score in this round." in page.text


async def test_a_started_draft_comes_next_before_untouched_projects(judge1, world):
    first, _second, third = await _by_title(world.projects)
    await judge1.post_form(page_path(world, third), form_data({"innovation": 5}))
    response = await _submit_and_next(judge1, world, first)
    assert response.headers["location"] == page_path(world, third)


async def test_the_next_project_skips_withdrawn_projects(judge1, world):
    first, second, third = await _by_title(world.projects)
    await Submission.update({Submission.status: "withdrawn"}).where(Submission.id == second)
    response = await _submit_and_next(judge1, world, first)
    assert response.headers["location"] == page_path(world, third)


async def test_an_incomplete_card_stays_on_its_page_with_submit_and_next(judge1, world):
    project = world.projects[0]
    response = await judge1.post_form(
        f"{page_path(world, project)}?then=next", form_data({"innovation": 8}, action="submit")
    )
    assert response.status_code == 400
    assert 'id="score-team-error"' in response.text


async def test_the_button_says_where_it_leads(judge1, world):
    first, second, third = await _by_title(world.projects)
    page = (await judge1.get(page_path(world, first))).text
    assert "Submit and go to the next project" in page
    assert f'formaction="{page_path(world, first)}?then=next"' in page
    for project in (second, third):
        await judge1.post_form(page_path(world, project), form_data(scores(), action="submit"))
    page = (await judge1.get(page_path(world, first))).text
    assert "Submit and go back to your judging" in page


async def test_a_submitted_card_offers_the_next_project_left_to_score(judge1, world):
    first, second, _third = await _by_title(world.projects)
    await judge1.post_form(page_path(world, first), form_data(scores(), action="submit"))
    page = (await judge1.get(page_path(world, first))).text
    assert f'<a class="button button-secondary" href="{page_path(world, second)}">' in page
    assert 'id="next-project"' in page
