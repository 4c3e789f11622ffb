"""The organizer's page of one project shows its description formatted as the judges see it,
through the same sanitizing renderer."""

from __future__ import annotations

from judging.markdown import render_markdown
from judging.submissions.tables import Submission
from tests.submissions.organizer_world import add_project, sign_in_organizer

DESCRIPTION = (
    "## Plan\n\n* **Cold chain** for clinics\n* [site](https://example.org)\n\n<script>x()</script>"
)


async def test_the_description_is_rendered_as_markdown_like_the_judges_see_it(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Formatted")
    await Submission.update({Submission.description: DESCRIPTION}).where(
        Submission.id == project.id
    )
    page = (await client.get(f"/organize/{demo.id}/submissions/{project.id}")).text
    section = page.split('id="description-heading"')[1].split("</section>")[0]
    assert str(render_markdown(DESCRIPTION)) in section
    assert "<h2>Plan</h2>" in section
    assert "<strong>Cold chain</strong>" in section
    assert "## Plan" not in section
    assert "<script>" not in section
