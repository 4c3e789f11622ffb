"""Advancement is told: admitted entrants get a mail and see it on their pages, and the public
results mark the projects that advanced."""

from __future__ import annotations

from judging.demo import demo_email
from judging.outbox.tables import OutboxMessage
from judging.results.advancement.services import ADMITTED_MAIL
from judging.submissions.tables import Submission
from tests.results.publication_world import publish, signed_in

LEADER = "Low-dose CT lung nodule screening"


async def _admit_the_track_leaders(organizer, preliminary, final) -> list[int]:
    url = f"/api/v1/competitions/{preliminary.competition}/rounds/{preliminary.id}/advancement"
    response = await organizer.api(
        "POST", url, json={"target_round_id": final.id, "top_n": 1, "confirm": True}
    )
    assert response.status_code == 200, response.text
    return response.json()["added"]


async def test_each_admitted_project_owner_gets_a_mail_naming_the_round(organizer, tied_round):
    preliminary, final = tied_round
    added = await _admit_the_track_leaders(organizer, preliminary, final)
    mails = await OutboxMessage.objects().where(OutboxMessage.kind == ADMITTED_MAIL)
    assert len(mails) == len(added) == 4
    assert {mail.competition_id for mail in mails} == {preliminary.competition}
    leader = await Submission.objects().get(Submission.title == LEADER)
    owner_mails = [mail for mail in mails if f"/projects/{leader.id}\n" in mail.body]
    assert len(owner_mails) == 1
    assert "Final" in owner_mails[0].subject
    assert LEADER in owner_mails[0].body


async def test_admitting_again_mails_nobody_twice(organizer, tied_round):
    preliminary, final = tied_round
    await _admit_the_track_leaders(organizer, preliminary, final)
    await _admit_the_track_leaders(organizer, preliminary, final)
    assert await OutboxMessage.count().where(OutboxMessage.kind == ADMITTED_MAIL) == 4


async def test_an_admitted_entrant_sees_the_next_round_on_their_pages(app, organizer, tied_round):
    from tests.support import app_client

    preliminary, final = tied_round
    await _admit_the_track_leaders(organizer, preliminary, final)
    leader = await Submission.objects().get(Submission.title == LEADER)
    owner = await leader.get_related(Submission.owner)
    async with app_client(app) as entrant:
        handle = owner.email.split("@")[0]
        assert owner.email == demo_email(handle)
        await signed_in(entrant, handle)
        dashboard = (await entrant.get("/projects")).text
        assert "Admitted to Final" in dashboard
        project = (await entrant.get(f"/projects/{leader.id}")).text
        assert "Admitted to Final" in project
        body = (await entrant.get(f"/api/v1/projects/{leader.id}/admissions")).json()
        assert [item["round_name_en"] for item in body] == ["Final"]


async def test_the_public_results_mark_the_projects_that_advanced(
    client, organizer, demo, tied_round
):
    preliminary, final = tied_round
    await publish(preliminary)
    added = set(await _admit_the_track_leaders(organizer, preliminary, final))
    body = (
        await client.get(f"/api/v1/public/competitions/{demo.slug}/results/{preliminary.id}")
    ).json()
    marked = {row["submission_id"] for row in body["rows"] if row["admitted_to"]}
    assert marked == added
    page = (await client.get(f"/competitions/{demo.slug}/results/{preliminary.id}")).text
    assert page.count("badge-finalist") == len(added)
