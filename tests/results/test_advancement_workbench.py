"""Advancing each track's best projects into a later round; ties at the cut decided by hand."""

import math

import msgspec

from judging.accounts.tables import Account
from judging.audit.tables import AuditEvent
from judging.submissions.participation import round_project_ids
from judging.submissions.tables import Advancement, Submission
from tests.results.conftest import score


def _path(demo, round_id: int) -> str:
    return f"/organize/{demo.id}/rounds/{round_id}/advancement"


def _api(demo, round_id: int) -> str:
    return f"/api/v1/competitions/{demo.id}/rounds/{round_id}/advancement"


async def _ids(*titles: str) -> list[int]:
    rows = await Submission.select(Submission.id).where(Submission.title.is_in(list(titles)))
    return sorted(row["id"] for row in rows)


async def _admitted(round_id: int) -> dict[int, str]:
    rows = await Advancement.select(Advancement.submission, Advancement.basis).where(
        Advancement.round == round_id
    )
    return {row["submission"]: row["basis"] for row in rows}


# With the top 2 of each track: the leaders of the four tracks' top two, and in the AI track
# the leader and a tie for the second place.
WITHIN_THE_CUT = (
    "Low-dose CT lung nodule screening",
    "Pathology slide triage",
    "CAR-T manufacturing in a box",
    "Self-calibrating welding robot",
    "Cross-border SME invoice finance",
    "Carbon ledger for supply chains",
)
TIED = ("Predictive maintenance for CNC spindles", "Protein stability predictor")


async def test_preview_shows_who_advances_and_the_tie_at_the_cut(organizer, demo, tied_round):
    preliminary, final = tied_round
    response = await organizer.get(
        _api(demo, preliminary.id), params={"target_round_id": final.id, "top_n": 2}
    )
    assert response.status_code == 200, response.text
    tracks = {cut["key"]: cut for cut in response.json()["tracks"]}
    ai = tracks["ai"]
    assert [project["title"] for project in ai["advancing"]] == [WITHIN_THE_CUT[0]]
    assert sorted(project["title"] for project in ai["tied"]) == sorted(TIED)
    assert (ai["slots"], ai["open_slots"]) == (2, 1)
    page = await organizer.get(
        _path(demo, preliminary.id), params={"target_round_id": final.id, "top_n": 2}
    )
    assert page.status_code == 200
    assert page.text.count('name="tied"') == 2
    assert "choose 1 of these 2 projects" in page.text


async def test_a_tie_at_the_cut_is_refused_until_the_organizer_chooses(organizer, demo, tied_round):
    preliminary, final = tied_round
    response = await organizer.post_form(
        _path(demo, preliminary.id), {"target_round_id": str(final.id), "top_n": "2"}
    )
    assert response.status_code == 400
    assert 'id="tied-ai-error"' in response.text
    both = await _ids(*TIED)
    too_many = await organizer.api(
        "POST",
        _api(demo, preliminary.id),
        json={"target_round_id": final.id, "top_n": 2, "tied": both},
    )
    assert too_many.status_code == 400
    assert [error["field"] for error in too_many.json()["errors"]] == ["tied.ai"]
    assert await Advancement.count() == 0


async def test_the_chosen_tied_project_advances_by_the_organizers_choice(
    organizer, demo, tied_round
):
    preliminary, final = tied_round
    chosen = (await _ids(TIED[1]))[0]
    response = await organizer.post_form(
        _path(demo, preliminary.id),
        {"target_round_id": str(final.id), "top_n": "2", "tied": str(chosen), "confirm": "true"},
    )
    assert response.status_code == 303, response.text
    admitted = await _admitted(final.id)
    assert admitted == {
        **dict.fromkeys(await _ids(*WITHIN_THE_CUT), "rank"),
        chosen: "organizer",
    }
    events = await AuditEvent.objects().where(AuditEvent.action == "advancement_committed")
    assert len(events) == 1
    after = msgspec.json.decode(events[0].after)
    assert after["by_organizer"] == [chosen]
    assert sorted(after["added"]) == sorted(admitted)
    location = response.headers["location"]
    assert "notice" not in location
    assert f"target_round_id={final.id}" in location
    saved = f"Advancement saved. Projects newly admitted: {len(admitted)}."
    assert (await organizer.get(location)).text.count(saved) == 1
    assert saved not in (await organizer.get(location)).text


async def test_committing_again_adds_nothing_twice(organizer, demo, tied_round):
    preliminary, final = tied_round
    body = {"target_round_id": final.id, "top_n": 2, "tied": await _ids(TIED[0]), "confirm": True}
    first = await organizer.api("POST", _api(demo, preliminary.id), json=body)
    again = await organizer.api("POST", _api(demo, preliminary.id), json=body)
    assert first.status_code == again.status_code == 200
    assert len(first.json()["added"]) == 7
    assert again.json()["added"] == []
    assert await Advancement.count() == 7
    assert await AuditEvent.count().where(AuditEvent.action == "advancement_committed") == 1


async def test_the_next_round_takes_exactly_the_advanced_projects(organizer, demo, tied_round):
    preliminary, final = tied_round
    chosen = await _ids(TIED[0])
    await organizer.api(
        "POST",
        _api(demo, preliminary.id),
        json={"target_round_id": final.id, "top_n": 2, "tied": chosen, "confirm": True},
    )
    assert await round_project_ids(final.id) == sorted(await _ids(*WITHIN_THE_CUT) + chosen)


async def test_advance_all_tied_takes_every_tied_project_when_confirmed(
    organizer, demo, tied_round
):
    preliminary, final = tied_round
    response = await organizer.post_form(
        _path(demo, preliminary.id),
        {
            "target_round_id": str(final.id),
            "top_n": "2",
            "advance_all_tied": "true",
            "confirm": "true",
        },
    )
    assert response.status_code == 303
    admitted = await _admitted(final.id)
    assert {sid: admitted[sid] for sid in await _ids(*TIED)} == dict.fromkeys(
        await _ids(*TIED), "organizer"
    )
    assert len(admitted) == 8


async def test_top_percent_gives_each_track_its_share_rounded_up(organizer, demo, tied_round):
    preliminary, final = tied_round
    query = {"target_round_id": final.id, "top_percent": 30}
    plan = (await organizer.get(_api(demo, preliminary.id), params=query)).json()
    assert {cut["key"]: (cut["ranked"], cut["slots"]) for cut in plan["tracks"]} == {
        "ai": (3, math.ceil(0.3 * 3)),
        "biomed": (3, 1),
        "manufacturing": (1, 1),
        "digital": (3, 1),
    }
    response = await organizer.api(
        "POST", _api(demo, preliminary.id), json={**query, "confirm": True}
    )
    assert response.status_code == 200, response.text
    assert set(await _admitted(final.id)) == set(
        await _ids(
            "Low-dose CT lung nodule screening",
            "Pathology slide triage",
            "Self-calibrating welding robot",
            "Cross-border SME invoice finance",
        )
    )


async def test_the_target_must_be_a_later_round(organizer, demo, tied_round):
    preliminary, _ = tied_round
    response = await organizer.api(
        "POST",
        _api(demo, preliminary.id),
        json={"target_round_id": preliminary.id, "top_n": 1},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "target_round_id"


async def test_an_advancement_is_withdrawn_before_the_target_round_has_scores(
    organizer, demo, tied_round
):
    preliminary, final = tied_round
    await organizer.api(
        "POST",
        _api(demo, preliminary.id),
        json={"target_round_id": final.id, "top_n": 1, "confirm": True},
    )
    leader = (await _ids(WITHIN_THE_CUT[0]))[0]
    response = await organizer.post_form(
        f"{_path(demo, preliminary.id)}/withdraw",
        {"target_round_id": str(final.id), "submission_id": str(leader)},
    )
    assert response.status_code == 303
    assert leader not in await _admitted(final.id)
    page = await organizer.get(response.headers["location"])
    assert page.text.count("The advancement is withdrawn.") == 1
    assert await AuditEvent.count().where(AuditEvent.action == "advancement_withdrawn") == 1


async def test_withdrawing_is_refused_once_the_target_round_has_scores(organizer, demo, tied_round):
    preliminary, final = tied_round
    await organizer.api(
        "POST",
        _api(demo, preliminary.id),
        json={"target_round_id": final.id, "top_n": 1, "confirm": True},
    )
    leader = (await _ids(WITHIN_THE_CUT[0]))[0]
    someone = await Account.objects().where(Account.email.like("judge1%")).first()
    await score(final.id, leader, someone.id, {"innovation": 5}, status="draft")
    response = await organizer.api(
        "POST",
        f"{_api(demo, preliminary.id)}/withdraw",
        json={"target_round_id": final.id, "submission_id": leader},
    )
    assert response.status_code == 409
    assert leader in await _admitted(final.id)


async def test_already_admitted_projects_show_their_track_names_in_the_pages_language(
    organizer, demo, tied_round
):
    preliminary, final = tied_round
    await organizer.api(
        "POST",
        _api(demo, preliminary.id),
        json={
            "target_round_id": final.id,
            "top_n": 2,
            "tied": await _ids(TIED[0]),
            "confirm": True,
        },
    )
    query = {"target_round_id": final.id}
    english = (await organizer.get(_path(demo, preliminary.id), params=query)).text
    admitted = english.split("Already admitted into")[-1]
    assert "<td>Artificial intelligence</td>" in admitted
    assert "<td>ai</td>" not in admitted
    assert "<td>biomed</td>" not in admitted
    organizer.http.cookies.set("lang", "zh_CN")
    chinese = (
        await organizer.get(
            _path(demo, preliminary.id), params=query, headers={"accept-language": "zh-CN"}
        )
    ).text
    assert "<td>人工智能</td>" in chinese
    assert "<td>生物医药</td>" in chinese


async def test_previewing_with_the_size_left_empty_says_what_is_missing(
    organizer, demo, tied_round
):
    preliminary, final = tied_round
    page = await organizer.get(
        _path(demo, preliminary.id),
        params={"target_round_id": final.id, "top_n": "", "top_percent": ""},
    )
    assert page.status_code == 400
    assert 'id="top_n-error"' in page.text
    assert "Enter how many projects, or what percentage, of each track advance." in page.text
    assert 'name="target_round_id"' in page.text


async def test_opening_the_advancement_page_asks_nothing_yet(organizer, demo, tied_round):
    preliminary, _final = tied_round
    page = await organizer.get(_path(demo, preliminary.id))
    assert page.status_code == 200
    assert 'id="top_n-error"' not in page.text
