"""The organizers' ranking page: the scoring module's ranks, per track, and policy previews."""

import re

import scoring
from judging.audit.tables import AuditEvent
from judging.competitions.tables import Round
from judging.results.publication.tables import RankingSnapshot
from judging.results.sheets.score_sheet import round_sheet
from judging.reviews.tables import Scorecard
from tests.support import demo_audit_mark

ROW = re.compile(
    r'<tr(?: class="flagged")?><td class="number">(\d*)</td><td class="number">(\d*)</td>'
    r'<td><a href="[^"]*/ranking/projects/(\d+)">'
)


def _path(demo, round_id: int, suffix: str = "") -> str:
    return f"/organize/{demo.id}/rounds/{round_id}/ranking{suffix}"


def _api(demo, round_id: int, suffix: str = "") -> str:
    return f"/api/v1/competitions/{demo.id}/rounds/{round_id}/ranking{suffix}"


async def _expected(round_id: int, policy: scoring.Policy | None = None) -> scoring.RankingResult:
    sheet = await round_sheet(round_id)
    return scoring.rank(sheet.scores, sheet.rubric, policy or sheet.policy)


def _ranks(table, column: str) -> dict[int, int | None]:
    return {
        int(sid): (None if value is None or value != value else int(value))
        for sid, value in zip(table["submission_id"], table[column].astype(object), strict=True)
    }


async def test_overall_table_shows_the_ranks_of_the_scoring_module(organizer, demo, scored_round):
    response = await organizer.get(_path(demo, scored_round.id))
    assert response.status_code == 200, response.text
    rows = ROW.findall(response.text)
    expected = (await _expected(scored_round.id)).table
    shown = {int(sid): (int(rank), int(track_rank)) for rank, track_rank, sid in rows}
    assert shown == {
        sid: (rank, _ranks(expected, "track_rank")[sid])
        for sid, rank in _ranks(expected, "rank").items()
    }
    assert [int(sid) for *_, sid in rows] == [int(sid) for sid in expected["submission_id"]]


async def test_track_view_lists_one_track_in_track_rank_order(organizer, demo, scored_round):
    response = await organizer.get(_path(demo, scored_round.id, "?track=biomed"))
    assert response.status_code == 200
    rows = ROW.findall(response.text)
    expected = (await _expected(scored_round.id)).table
    biomed = expected[expected["track"] == "biomed"].sort_values("track_rank")
    assert [(int(track_rank), int(sid)) for track_rank, _, sid in rows] == [
        (int(rank), int(sid))
        for rank, sid in zip(biomed["track_rank"], biomed["submission_id"], strict=True)
    ]


async def test_api_gives_every_project_with_its_ranks_and_criterion_means(
    organizer, demo, scored_round
):
    response = await organizer.get(_api(demo, scored_round.id))
    assert response.status_code == 200
    body = response.json()
    expected = (await _expected(scored_round.id)).table
    assert [row["submission_id"] for row in body["ranking"]["projects"]] == list(
        expected["submission_id"]
    )
    first = body["ranking"]["projects"][0]
    keys = [criterion["key"] for criterion in body["ranking"]["criteria"]]
    assert first["criteria"] == [float(expected.iloc[0][key]) for key in keys]
    assert first["score"] == float(expected.iloc[0]["score"])
    assert "comparison" not in body or body["comparison"] is None


async def test_preview_lists_the_projects_that_move_and_saves_nothing(
    organizer, demo, scored_round
):
    before = await Round.select().where(Round.id == scored_round.id).first()
    response = await organizer.get(_api(demo, scored_round.id, "?normalize=none&aggregate=mean"))
    assert response.status_code == 200, response.text
    comparison = response.json()["comparison"]
    current = _ranks((await _expected(scored_round.id)).table, "rank")
    preview = _ranks(
        (
            await _expected(
                scored_round.id,
                scoring.Policy(normalize="none", aggregate="mean", trim=1, min_judges=3),
            )
        ).table,
        "rank",
    )
    moved = {sid for sid in current if current[sid] != preview[sid]}
    assert moved
    assert {move["submission_id"] for move in comparison["moves"]} >= moved
    for move in comparison["moves"]:
        sid = move["submission_id"]
        assert (move["current_rank"], move["preview_rank"]) == (current[sid], preview[sid])
        assert move["rank_change"] == current[sid] - preview[sid]
    changes = [abs(move["rank_change"]) for move in comparison["moves"]]
    assert changes == sorted(changes, reverse=True)
    assert comparison["policy"]["normalize"] == "none"
    assert await Round.select().where(Round.id == scored_round.id).first() == before
    assert await AuditEvent.count().where(AuditEvent.id > demo_audit_mark()) == 0


async def test_preview_page_shows_both_policies_and_projects_leaving_the_ranking(
    organizer, demo, scored_round
):
    response = await organizer.get(_path(demo, scored_round.id, "?min_judges=4"))
    assert response.status_code == 200
    assert "Current policy and preview, side by side" in response.text
    assert response.text.count("leaves the ranking") == len(
        (await _expected(scored_round.id)).table
    )
    assert 'name="min_judges" value="4"' in response.text


async def test_preview_with_a_bad_value_is_explained_beside_its_field(
    organizer, demo, scored_round
):
    response = await organizer.get(_path(demo, scored_round.id, "?trim=-2&normalize=loud"))
    assert response.status_code == 400
    assert response.text.count('class="field-error"') == 2


async def test_adopting_the_previewed_policy_changes_the_round_and_is_audited(
    organizer, demo, scored_round
):
    response = await organizer.post_form(
        _path(demo, scored_round.id, "/policy"),
        {"normalize": "none", "aggregate": "median", "trim": "0", "min_judges": "2",
         "disagreement": "12.5"},
    )  # fmt: skip
    assert response.status_code == 303
    row = await Round.select().where(Round.id == scored_round.id).first()
    assert (row["normalize"], row["aggregate"], row["trim"], row["min_judges"]) == (
        "none",
        "median",
        0,
        2,
    )
    assert row["disagreement"] == 12.5
    event = await AuditEvent.objects().where(AuditEvent.action == "policy_adopted").first()
    assert event.entity_id == scored_round.id
    assert response.headers["location"] == _path(demo, scored_round.id)
    page = await organizer.get(response.headers["location"])
    adopted = "The previewed policy is now the round's scoring policy."
    assert page.text.count(adopted) == 1
    assert adopted not in (await organizer.get(_path(demo, scored_round.id))).text
    expected = (await _expected(scored_round.id)).table
    assert [int(sid) for *_, sid in ROW.findall(page.text)] == list(expected["submission_id"])


async def test_adopting_a_policy_is_refused_once_a_ranking_is_published(
    organizer, demo, scored_round
):
    await RankingSnapshot(
        round=scored_round.id,
        version=1,
        policy={},
        rubric_json="{}",
        scores_csv="",
        ranking_csv="",
        content_hash="0" * 64,
    ).save()
    response = await organizer.api(
        "POST",
        _api(demo, scored_round.id, "/policy"),
        json={"normalize": "none", "aggregate": "mean", "trim": 0, "min_judges": 1,
              "disagreement": 10},
    )  # fmt: skip
    assert response.status_code == 409
    row = await Round.select(Round.normalize).where(Round.id == scored_round.id).first()
    assert row["normalize"] == "zscore"
    assert await AuditEvent.count().where(AuditEvent.action == "policy_adopted") == 0


async def test_a_changed_scorecard_shows_at_once_in_the_ranking(organizer, demo, scored_round):
    await organizer.get(_path(demo, scored_round.id))  # computed and stored
    card = await Scorecard.objects().first()
    await Scorecard.update(
        {Scorecard.excluded: True, Scorecard.version: Scorecard.version + 1}
    ).where(Scorecard.id == card.id)
    body = (await organizer.get(_api(demo, scored_round.id))).json()
    row = next(p for p in body["ranking"]["projects"] if p["submission_id"] == card.submission)
    assert row["n_judges"] == 2
    assert body["ranking"]["counted_cards"] == await Scorecard.count() - 1


async def test_a_round_without_cards_has_every_project_unscored(organizer, demo):
    round_ = await Round.objects().get(Round.competition == demo.id)
    response = await organizer.get(_api(demo, round_.id))
    assert response.status_code == 200
    body = response.json()["ranking"]
    assert body["projects"] == []
    assert len(body["unscored"]) == 10


async def test_titles_and_track_names_are_escaped_in_the_fast_rows(organizer, demo, scored_round):
    from judging.competitions.tables import Track
    from judging.submissions.tables import Submission

    project = await Submission.objects().where(Submission.status == "submitted").first()
    await Submission.update(
        {Submission.title: "<script>alert(1)</script> & Co", Submission.version: 9}
    ).where(Submission.id == project.id)
    await Track.update({Track.name_en: "A <b>bold</b> track"}).where(Track.key == "ai")
    response = await organizer.get(_path(demo, scored_round.id, "?min_judges=4"))
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in response.text
    assert "<b>bold</b>" not in response.text


async def test_a_round_with_an_unfinished_rubric_explains_why_there_is_no_ranking(organizer, demo):
    from judging.competitions.tables import Criterion

    round_ = await Round.objects().get(Round.competition == demo.id)
    await Criterion.delete().where(
        (Criterion.round == round_.id) & (Criterion.key == "feasibility")
    )
    response = await organizer.get(_path(demo, round_.id))
    assert response.status_code == 409
    assert "rubric of this round is not finished" in response.text


async def test_a_stored_ranking_is_served_only_for_the_same_inputs(demo, scored_round):
    from litestar.stores.memory import MemoryStore

    from judging.results.ranking import computed
    from judging.results.ranking import services as workbench

    store = MemoryStore()
    first = await workbench.computed(demo.id, scored_round.id, store)
    assert await store.exists(f"round-{scored_round.id}-v{computed.FORMAT}")
    again = await workbench.computed(demo.id, scored_round.id, store)
    assert (again.fingerprint, again.board) == (first.fingerprint, first.board)
    await Round.update({Round.aggregate: "median"}).where(Round.id == scored_round.id)
    changed = await workbench.computed(demo.id, scored_round.id, store)
    assert changed.fingerprint != first.fingerprint
    assert changed.board.policy.aggregate == "median"
    await Round.update({Round.aggregate: "trimmed"}).where(Round.id == scored_round.id)
    back = await workbench.computed(demo.id, scored_round.id, store)
    assert (back.fingerprint, back.board) == (first.fingerprint, first.board)
