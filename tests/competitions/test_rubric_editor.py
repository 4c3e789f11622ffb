"""The rubric editor: percentages totalling 100, unique keys and tie-breaks, frozen once scored."""

import pytest

from judging.accounts.tables import Account
from judging.competitions import rubric
from judging.competitions.tables import Criterion
from judging.demo import demo_email
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.support import history_since_demo


def _row(index, key, weight, **extra):
    values = {
        "key": key,
        "label_en": key.title(),
        "label_zh": f"{key}中文",
        "weight_percent": weight,
        **extra,
    }
    return {f"criteria[{index}].{name}": value for name, value in values.items()}


def _rubric_form(*rows):
    form = {}
    for index, row in enumerate(rows):
        form.update(_row(index, *row[:2], **(row[2] if len(row) > 2 else {})))
    return form


async def _criteria(round_id):
    return await rubric.round_rubric(round_id)


async def _score_once(round_id):
    """A judge's draft scorecard: from now on the round's rubric is frozen."""
    judge = await Account.objects().get(Account.email == demo_email("judge1"))
    project = await Submission.objects().where(Submission.status == "submitted").first()
    await Scorecard(round=round_id, submission=project.id, judge=judge.id).save()


def _path(demo, preliminary):
    return f"/organize/{demo.id}/rounds/{preliminary.id}/rubric"


async def test_editor_shows_existing_criteria_and_three_blank_rows(organizer, demo, preliminary):
    page = await organizer.get(_path(demo, preliminary))
    assert page.status_code == 200
    assert 'name="criteria[0].key" type="text" value="innovation"' in page.text
    assert 'name="criteria[0].weight_percent" type="number" value="25"' in page.text
    assert 'name="criteria[7].key" type="text" value=""' in page.text
    assert 'name="criteria[8].key"' not in page.text


async def test_saving_replaces_the_rubric_and_is_audited(organizer, demo, preliminary):
    form = _rubric_form(
        ("innovation", "60", {"tie_break_rank": "1", "guidance_en": "How new?"}),
        ("feasibility", "40", {"scale_min": "1", "scale_max": "5"}),
    )
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 303
    rows = await _criteria(preliminary.id)
    assert [(row["key"], row["weight_bp"]) for row in rows] == [
        ("innovation", 6000),
        ("feasibility", 4000),
    ]
    assert (rows[1]["scale_min"], rows[1]["scale_max"]) == (1, 5)
    assert rows[0]["guidance_en"] == "How new?"
    (event,) = await history_since_demo("rubric", preliminary.id)
    assert event.action == "replaced"
    assert len(event.before) == 5
    assert [criterion["key"] for criterion in event.after] == ["innovation", "feasibility"]


async def test_weights_not_totalling_100_are_refused_with_the_total(organizer, demo, preliminary):
    form = _rubric_form(("innovation", "60"), ("feasibility", "39.99"))
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 400
    assert "The weights total 99.99%; they must total exactly 100%." in response.text
    assert 'value="39.99"' in response.text
    assert len(await _criteria(preliminary.id)) == 5


async def test_percentages_with_two_decimals_are_accepted(organizer, demo, preliminary):
    form = _rubric_form(("innovation", "33.33"), ("market", "33.33"), ("team", "33.34"))
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 303
    rows = await _criteria(preliminary.id)
    assert [row["weight_bp"] for row in rows] == [3333, 3333, 3334]
    assert response.headers["location"] == _path(demo, preliminary)
    page = await organizer.get(response.headers["location"])
    assert 'id="rubric-notice"' in page.text
    assert "The rubric is saved." in page.text
    assert 'value="33.34"' in page.text
    assert "total 100%" in page.text


async def test_percentages_with_more_than_two_decimals_are_refused(organizer, demo, preliminary):
    form = _rubric_form(("innovation", "33.333"), ("market", "66.667"))
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 400
    assert 'id="criteria-0-weight_percent-error"' in response.text
    assert "at most two decimals" in response.text


async def test_duplicate_key_is_refused_beside_the_second_row(organizer, demo, preliminary):
    form = _rubric_form(("innovation", "50"), ("innovation", "50"))
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 400
    assert 'id="criteria-1-key-error"' in response.text
    assert "Another criterion already uses this key." in response.text
    assert len(await _criteria(preliminary.id)) == 5


async def test_used_row_without_key_or_labels_is_refused(organizer, demo, preliminary):
    form = {**_rubric_form(("innovation", "50")), "criteria[1].weight_percent": "50"}
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 400
    for field in ("key", "label_en", "label_zh"):
        assert f'id="criteria-1-{field}-error"' in response.text


async def test_scale_minimum_must_be_below_maximum(organizer, demo, preliminary):
    form = _rubric_form(("innovation", "100", {"scale_min": "5", "scale_max": "5"}))
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 400
    assert 'id="criteria-0-scale_max-error"' in response.text


async def test_blank_rows_are_ignored_and_rows_keep_their_order(organizer, demo, preliminary):
    form = {**_row(0, "market", "70"), **_row(4, "team", "30")}
    form.update({f"criteria[2].{name}": "" for name in ("key", "label_en", "weight_percent")})
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 303
    rows = await _criteria(preliminary.id)
    assert [(row["key"], row["position"]) for row in rows] == [("market", 0), ("team", 1)]


async def test_order_column_sets_the_criteria_order(organizer, demo, preliminary):
    form = _rubric_form(("market", "70", {"position": "2"}), ("team", "30", {"position": "1"}))
    assert (await organizer.post_form(_path(demo, preliminary), form)).status_code == 303
    assert [row["key"] for row in await _criteria(preliminary.id)] == ["team", "market"]


async def test_tie_break_priorities_become_the_scoring_tie_breakers_in_order(
    organizer, demo, preliminary
):
    form = _rubric_form(
        ("innovation", "40", {"tie_break_rank": "2"}),
        ("market", "30"),
        ("team", "30", {"tie_break_rank": "1"}),
    )
    assert (await organizer.post_form(_path(demo, preliminary), form)).status_code == 303
    rows = await _criteria(preliminary.id)
    assert [row["tie_break_rank"] for row in rows] == [2, None, 1]
    pytest.importorskip("scoring")
    assert rubric.to_scoring_rubric(rows).tie_breakers == ["team", "innovation"]


async def test_tie_break_priority_used_twice_is_refused(organizer, demo, preliminary):
    form = _rubric_form(
        ("innovation", "50", {"tie_break_rank": "1"}),
        ("market", "50", {"tie_break_rank": "1"}),
    )
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 400
    assert 'id="criteria-1-tie_break_rank-error"' in response.text
    assert "Another criterion already has this tie-break priority." in response.text


async def test_frozen_rubric_is_shown_read_only_with_the_reason(organizer, demo, preliminary):
    await _score_once(preliminary.id)
    page = await organizer.get(_path(demo, preliminary))
    assert page.status_code == 200
    assert "This rubric is frozen" in page.text
    assert 'name="criteria[0].key"' not in page.text
    assert "Market potential" in page.text


async def test_frozen_rubric_refuses_a_save_and_nothing_changes(organizer, demo, preliminary):
    await _score_once(preliminary.id)
    form = _rubric_form(("innovation", "100"))
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 409
    assert "This rubric is frozen" in response.text
    assert len(await _criteria(preliminary.id)) == 5
    assert await history_since_demo("rubric", preliminary.id) == []


async def test_is_rubric_frozen_once_any_scorecard_exists(demo, preliminary):
    assert await rubric.is_rubric_frozen(preliminary.id) is False
    await _score_once(preliminary.id)
    assert await rubric.is_rubric_frozen(preliminary.id) is True


async def test_round_rubric_converts_to_the_scoring_rubric(demo, preliminary):
    pytest.importorskip("scoring")
    scoring_rubric = rubric.to_scoring_rubric(await rubric.round_rubric(preliminary.id))
    assert scoring_rubric.keys == ["innovation", "market", "team", "business", "feasibility"]
    assert [criterion.weight for criterion in scoring_rubric.criteria] == [
        0.25,
        0.25,
        0.2,
        0.15,
        0.15,
    ]
    assert (scoring_rubric.criteria[0].min, scoring_rubric.criteria[0].max) == (0, 10)
    assert scoring_rubric.tie_breakers == ["innovation", "market"]


def test_thirds_in_hundredths_of_a_percent_sum_to_one_for_scoring():
    scoring = pytest.importorskip("scoring")
    rows = [
        {
            "key": key,
            "weight_bp": bp,
            "scale_min": 0,
            "scale_max": 10,
            "position": index,
            "tie_break_rank": None,
        }
        for index, (key, bp) in enumerate([("a", 3333), ("b", 3333), ("c", 3334)])
    ]
    converted = rubric.to_scoring_rubric(rows)
    assert isinstance(converted, scoring.Rubric)
    assert converted.keys == ["a", "b", "c"]
    assert converted.tie_breakers == []


async def test_criterion_rows_are_stored_with_weights_in_hundredths_of_a_percent(
    organizer, demo, preliminary
):
    form = _rubric_form(("innovation", "12.5"), ("market", "87.5"))
    assert (await organizer.post_form(_path(demo, preliminary), form)).status_code == 303
    weights = await Criterion.select(Criterion.weight_bp).where(Criterion.round == preliminary.id)
    assert sorted(row["weight_bp"] for row in weights) == [1250, 8750]


async def test_the_key_field_says_what_a_key_is_and_its_format(organizer, demo, preliminary):
    page = (await organizer.get(_path(demo, preliminary))).text
    assert 'id="criteria-0-key-hint"' in page
    assert 'aria-describedby="criteria-0-key-hint"' in page
    assert "Lowercase letters, digits and hyphens, such as market-fit" in page


@pytest.mark.parametrize("key", ["Market Fit", "market_fit", "-market", "市场"])
async def test_a_key_of_the_wrong_shape_is_refused_with_the_format(
    organizer, demo, preliminary, key
):
    form = _rubric_form(("innovation", "50"), (key, "50"))
    response = await organizer.post_form(_path(demo, preliminary), form)
    assert response.status_code == 400
    assert 'id="criteria-1-key-error"' in response.text
    assert 'aria-describedby="criteria-1-key-hint criteria-1-key-error"' in response.text
    assert "lowercase letters (a–z), digits and hyphens" in response.text
    assert "Enter a value in the expected format." not in response.text
