"""How a score typed into the scoring form is read and, when wrong, explained: a decimal comma
or full-width digits are numbers, never a different number; each wrong score is told beside
its field and in the error summary, in the judge's language."""

import math
import re

import pytest

from judging.reviews.score_checks import score_from_text
from tests.reviews.judging_world import cards, form_data, page_path, scores

ZH = {"accept-language": "zh-CN"}


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("7", 7.0),
        ("7.5", 7.5),
        ("7,5", 7.5),
        (" 7,5 ", 7.5),
        (",5", 0.5),
        ("10.", 10.0),
        ("７．５", 7.5),
        ("７，５", 7.5),
        ("1,000", 1.0),
        ("-1", -1.0),
    ],
)
def test_a_typed_score_reads_with_a_decimal_point_or_comma(typed, read):
    assert score_from_text(typed) == read


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])
def test_a_blank_score_reads_as_not_given(typed):
    assert score_from_text(typed) is None


@pytest.mark.parametrize(
    "typed", ["seven", "7,5,5", "7.5,5", "1,000.5", "1e1", "7 5", "7.5.", "--7", ",", "nan", "inf"]
)
def test_text_that_is_not_one_number_reads_as_not_a_number(typed):
    assert math.isnan(score_from_text(typed))


async def test_a_decimal_comma_is_saved_as_the_decimal_it_means(judge1, world):
    response = await judge1.post_form(
        page_path(world, world.projects[0]), form_data({"innovation": "7,5", "market": "８"})
    )
    assert response.status_code == 303
    [card] = await cards(world.round_id)
    assert card["scores"] == {"innovation": 7.5, "market": 8}


def _field_error(page: str, key: str) -> str:
    found = re.search(rf'<p class="field-error" id="score-{key}-error">([^<]*)</p>', page)
    assert found, f"no error beside {key}"
    return found.group(1)


async def test_each_wrong_score_is_told_exactly_what_is_wrong_beside_its_field(judge1, world):
    response = await judge1.post_form(
        page_path(world, world.projects[0]),
        form_data({"innovation": "11", "market": "7.55", "team": "7,55", "business": "7,5,5"}),
    )
    assert response.status_code == 400
    page = response.text
    assert _field_error(page, "innovation") == "Enter a score from 0 to 10."
    assert _field_error(page, "market") == "Use at most one decimal place, such as 7.5."
    # A decimal comma is never a thousands separator: 7,55 is not 755 (out of scale).
    assert _field_error(page, "team") == "Use at most one decimal place, such as 7.5."
    assert _field_error(page, "business") == "Enter a number."
    # What was typed is shown again as typed.
    assert 'value="7,55"' in page
    assert await cards(world.round_id) == []


async def test_a_wrong_score_is_explained_in_chinese_to_a_chinese_judge(judge1, world):
    response = await judge1.post_form(
        page_path(world, world.projects[0]),
        form_data({"innovation": "11", "market": "7,55"}),
        headers=ZH,
    )
    assert response.status_code == 400
    assert _field_error(response.text, "innovation") == "请输入 0 到 10 之间的分数。"
    assert _field_error(response.text, "market") == "最多保留一位小数，例如 7.5。"


async def test_the_error_summary_names_each_missing_criterion_and_links_to_its_field(judge1, world):
    response = await judge1.post_form(
        page_path(world, world.projects[0]),
        form_data({"innovation": "8", "market": "11"}, action="submit"),
    )
    assert response.status_code == 400
    summary = re.search(
        r'<div class="alert alert-error error-summary"[^>]*>(.*?)</div>', response.text, re.S
    )
    assert summary, "no error summary"
    links = re.findall(r'<a href="#([\w-]+)">([^<]*)</a>', summary.group(1))
    assert links == [
        ("score-market", "Market potential: Enter a score from 0 to 10."),
        ("score-team", "Team: Score this criterion before submitting."),
        ("score-business", "Business model: Score this criterion before submitting."),
        ("score-feasibility", "Technical feasibility: Score this criterion before submitting."),
    ]
    # Every link leads to a field of the form.
    for target, _text in links:
        assert f'id="{target}"' in response.text


async def test_the_error_summary_speaks_chinese_with_full_width_punctuation(judge1, world):
    response = await judge1.post_form(
        page_path(world, world.projects[0]),
        form_data(scores(team=""), action="submit"),
        headers=ZH,
    )
    assert '<a href="#score-team">团队：提交前请为此项打分。</a>' in response.text


async def test_the_error_summary_takes_the_focus_after_a_failed_save(judge1, world):
    response = await judge1.post_form(
        page_path(world, world.projects[0]), form_data({"innovation": "8"}, action="submit")
    )
    summary = re.search(r'<div class="alert alert-error error-summary"([^>]*)>', response.text)
    assert summary
    assert 'tabindex="-1"' in summary.group(1)
    assert "autofocus" in summary.group(1)
    # A page without a problem has no summary to focus (and nothing else claims the focus).
    page = await judge1.get(page_path(world, world.projects[0]))
    assert "autofocus" not in page.text


async def test_each_bad_score_is_described_by_its_message_and_no_description_is_empty(
    judge1, world
):
    response = await judge1.post_form(
        page_path(world, world.projects[0]), form_data({"innovation": "11"}, action="submit")
    )
    described = re.search(r'<input type="text" id="score-innovation"[^>]*>', response.text).group(0)
    assert 'aria-describedby="score-innovation-hint score-innovation-error"' in described
    assert 'aria-invalid="true"' in described
    for page in (response.text, (await judge1.get(page_path(world, world.projects[1]))).text):
        assert 'aria-describedby=""' not in page
        assert not re.search(r'aria-describedby="\s', page)
        for ids in re.findall(r'aria-describedby="([^"]*)"', page):
            for each in ids.split():
                assert f'id="{each}"' in page, f"aria-describedby names a missing {each}"


async def test_the_form_leaves_checking_to_the_server_and_hands_its_messages_to_the_script(
    judge1, world
):
    page = (await judge1.get(page_path(world, world.projects[0]), headers=ZH)).text
    form = re.search(r"<form [^>]*data-scorecard[^>]*>", page).group(0)
    # No browser bubble in the browser's language: the judge reads the server's messages.
    assert "novalidate" in form
    score = re.search(r'<input type="text" id="score-innovation"[^>]*>', page).group(0)
    assert 'inputmode="decimal"' in score
    assert 'data-decimals="1"' in score
    assert 'data-message-scale="请输入 0 到 10 之间的分数。"' in score
    assert 'data-message-precision="最多保留一位小数，例如 7.5。"' in score
    assert 'data-message-number="请输入数字。"' in score
