"""A screening round: screeners mark each project eligible or not with a reason, a quorum
decides, an organizer decides where they disagree, and only the eligible go on to the next
round, every team told (with the reason when the organizers share it)."""

from __future__ import annotations

import pytest

from judging.competitions.tables import Round
from judging.outbox.tables import OutboxMessage
from judging.results.screening.outcome import screening_outcome
from judging.reviews.tables import ScreeningVote
from judging.submissions.tables import Advancement, Submission
from tests.reviews.judging_world import build_world, page_path
from tests.reviews.judging_world import signed_in as judge_signed_in
from tests.submissions.organizer_world import sign_in_organizer
from tests.support import app_client


@pytest.mark.parametrize(
    ("words", "quorum", "assigned", "decision", "outcome"),
    [
        ([], 2, 3, None, "waiting"),
        ([True], 2, 3, None, "waiting"),
        ([True, True], 2, 3, None, "eligible"),
        ([False, False, True], 2, 3, None, "not_eligible"),
        ([True, False], 2, 2, None, "disagreement"),
        ([True, False], 2, 3, None, "waiting"),
        ([True, False, True], 3, 3, None, "disagreement"),
        ([True, True], 2, 2, False, "not_eligible"),
        ([], 2, 0, True, "eligible"),
    ],
)
def test_a_quorum_decides_and_an_organizer_stands_over_it(
    words, quorum, assigned, decision, outcome
):
    assert screening_outcome(words, quorum, assigned, decision) == outcome


@pytest.fixture
async def screening(demo):
    world = await build_world(demo.id)
    await Round.update({Round.is_screening: True, Round.screening_quorum: 2}).where(
        Round.id == world.round_id
    )
    final = Round(competition=demo.id, name_en="Final", name_zh="决赛", position=2)
    await final.save()
    return world, final


def _api(demo, world) -> str:
    return f"/api/v1/competitions/{demo.id}/rounds/{world.round_id}/screening"


async def test_a_screener_gives_their_word_on_the_project_page(app, demo, screening):
    world, _ = screening
    project = world.projects[0]
    async with app_client(app) as client:
        judge = await judge_signed_in(client, "judge1")
        page = (await judge.get(page_path(world, project))).text
        assert "Is this project eligible?" in page
        assert 'name="scores.' not in page
        refused = await judge.post_form(
            f"{page_path(world, project)}/screening", {"eligible": "false"}
        )
        assert refused.status_code == 400
        assert "Say why the project is not eligible." in refused.text
        saved = await judge.post_form(
            f"{page_path(world, project)}/screening",
            {"eligible": "false", "reason": "Incorporated outside the eligible countries."},
        )
        assert saved.status_code == 303
        page = (await judge.get(saved.headers["location"])).text
        assert "Your word is saved." in page
        queue = (await judge.api("GET", "/api/v1/judge/queue")).json()
    vote = await ScreeningVote.objects().get(ScreeningVote.submission == project)
    assert (vote.eligible, vote.reason) == (False, "Incorporated outside the eligible countries.")
    [round_queue] = [q for q in queue if q["round"]["id"] == world.round_id]
    assert project in [item["submission_id"] for item in round_queue["done"]]


async def test_disagreement_is_decided_by_an_organizer_and_only_the_eligible_go_on(
    app, demo, screening, client
):
    world, final = screening
    first, second, third = world.projects
    for handle, project, eligible in (
        ("judge1", first, True),
        ("judge2", first, True),
        ("judge1", second, True),
        ("judge2", second, False),
        ("judge1", third, False),
        ("judge2", third, False),
    ):
        async with app_client(app) as screener:
            judge = await judge_signed_in(screener, handle)
            response = await judge.post_form(
                f"{page_path(world, project)}/screening",
                {"eligible": str(eligible).lower(), "reason": "" if eligible else "Out of scope"},
            )
            assert response.status_code == 303, response.text
    await sign_in_organizer(client)
    overview = (await client.api("GET", _api(demo, world))).json()
    outcomes = {p["submission_id"]: p["outcome"] for p in overview["projects"]}
    assert outcomes[first] == "eligible"
    assert outcomes[second] == "disagreement"
    assert outcomes[third] == "not_eligible"
    assert overview["projects"][0]["outcome"] == "disagreement"  # the queue comes first

    refused = await client.api("POST", f"{_api(demo, world)}/admit", json={"confirm": True})
    assert refused.status_code == 409
    assert "Projects without an outcome yet" in refused.json()["detail"]

    decided = await client.api(
        "PUT",
        f"{_api(demo, world)}/{second}/decision",
        json={"eligible": True, "reason": "Meets the criteria after review", "share_reason": True},
    )
    assert decided.status_code == 200, decided.text
    # Projects nobody screened are decided by the organizers too.
    for project in overview["projects"]:
        if project["outcome"] == "waiting":
            await client.api(
                "PUT",
                f"{_api(demo, world)}/{project['submission_id']}/decision",
                json={"eligible": False, "reason": "Not screened in time", "share_reason": True},
            )
    unconfirmed = await client.api("POST", f"{_api(demo, world)}/admit", json={})
    assert unconfirmed.status_code == 400
    admitted = await client.api("POST", f"{_api(demo, world)}/admit", json={"confirm": True})
    assert admitted.status_code == 200, admitted.text
    assert sorted(admitted.json()) == sorted([first, second])
    rows = await Advancement.select(Advancement.submission, Advancement.basis).where(
        Advancement.round == final.id
    )
    assert sorted(row["submission"] for row in rows) == sorted([first, second])
    assert {row["basis"] for row in rows} == {"screening"}
    mails = await OutboxMessage.objects().where(OutboxMessage.kind == "screening_result")
    owners = {
        row["id"]: row["email"]
        for row in await Submission.select(Submission.id, Submission.owner.email.as_alias("email"))
    }
    told = {mail.to_address for mail in mails}
    assert owners[first] in told
    assert owners[third] in told
    titles = {
        row["id"]: row["title"] for row in await Submission.select(Submission.id, Submission.title)
    }
    third_mail = next(mail for mail in mails if titles[third] in mail.body)
    assert "not eligible" in third_mail.body
    assert "Out of scope" not in third_mail.body  # the screeners' reasons stay theirs
    assert any("The organizers' reason: Not screened in time" in mail.body for mail in mails)
    again = await client.api("POST", f"{_api(demo, world)}/admit", json={"confirm": True})
    assert again.json() == []
    assert await OutboxMessage.count().where(OutboxMessage.kind == "screening_result") == len(mails)


async def test_a_scored_round_has_no_screening(client, demo):
    await sign_in_organizer(client)
    preliminary = await Round.objects().get(Round.competition == demo.id)
    response = await client.get(f"/organize/{demo.id}/rounds/{preliminary.id}/screening")
    assert response.status_code == 409
