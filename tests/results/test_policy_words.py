"""A round's scoring policy is shown to people in words of their language, never as the raw
``normalize=zscore aggregate=trimmed ...`` the exports and the content hash keep."""

from __future__ import annotations

from html import unescape

import pytest

from judging.competitions.tables import Round
from judging.results.sheets.policy_words import (
    policy_phrases,
    policy_sentence,
    tie_breaker_names,
)
from tests.results.publication_world import signed_in

DEFAULT = {
    "normalize": "zscore",
    "aggregate": "trimmed",
    "trim": 1,
    "min_judges": 3,
    "disagreement": 15.0,
}
RAW_MARKS = ("normalize=", "aggregate=", "min_judges", "zscore", "disagreement=")


def test_the_default_policy_reads_as_an_english_sentence():
    assert policy_sentence(DEFAULT, "en", ["Innovation", "Market potential"]) == (
        "Scores normalized per judge (z-score); trimmed mean dropping the highest and the "
        "lowest score; ranked once 3 judges have scored; flagged when the judges' scores "
        "spread more than 15 points (standard deviation); ties broken by Innovation and "
        "Market potential in that order, then shared."
    )


def test_the_default_policy_reads_as_a_chinese_sentence_with_full_width_punctuation():
    sentence = policy_sentence(DEFAULT, "zh_CN", ["创新性", "市场潜力"])
    assert sentence == (
        "按评委标准化分数（z 分数）；去掉 1 个最高分和 1 个最低分后取平均；"
        "至少 3 位评委评分后参与排名；评委分数的标准差超过 15 分时标记；"
        "同分时依次按创新性和市场潜力区分，仍相同则并列。"
    )


@pytest.mark.parametrize(
    ("changes", "phrase"),
    [
        ({"normalize": "none"}, "Raw judge scores (not normalized)"),
        ({"trim": 2}, "trimmed mean dropping the 2 highest and the 2 lowest scores"),
        ({"trim": 0}, "mean of the judges' scores"),
        ({"aggregate": "mean"}, "mean of the judges' scores"),
        ({"aggregate": "median"}, "median of the judges' scores"),
        ({"min_judges": 1}, "ranked once 1 judge has scored"),
        ({"disagreement": 12.5}, "spread more than 12.5 points"),
    ],
)
def test_each_rule_of_the_policy_has_its_phrase(changes, phrase):
    assert phrase in policy_sentence({**DEFAULT, **changes}, "en")


def test_ties_are_unmentioned_without_the_rubric_and_shared_without_tie_breakers():
    assert not any("ties" in phrase for phrase in policy_phrases(DEFAULT, "en"))
    assert policy_phrases(DEFAULT, "en", [])[-1] == "ties shared"


def test_tie_breakers_are_named_in_the_readers_language_in_priority_order():
    rubric = {
        "criteria": [
            {"key": "team", "label_en": "Team", "label_zh": "团队"},
            {"key": "market", "label_en": "Market", "label_zh": ""},
        ],
        "tie_breakers": ["market", "team", "gone"],
    }
    assert tie_breaker_names(rubric, "zh_CN") == ["Market", "团队", "gone"]
    assert tie_breaker_names(rubric, "en") == ["Market", "Team", "gone"]


@pytest.fixture
async def organizer(client, demo):
    return await signed_in(client, "organizer")


def _workbench(round_: Round, tail: str = "") -> str:
    return f"/organize/{round_.competition}/rounds/{round_.id}{tail}"


async def test_the_publication_page_shows_the_policy_in_words(organizer, scored_round):
    page = (await organizer.get(_workbench(scored_round, "/results"))).text
    summary = unescape(page.split('id="publish-policy"')[1].split("</dd>")[0])
    assert "Scores normalized per judge (z-score)" in summary
    assert "ties broken by Innovation and Market potential in that order" in summary
    assert not any(mark in summary for mark in RAW_MARKS)


async def test_the_publication_page_shows_the_policy_in_chinese(organizer, scored_round):
    organizer.http.cookies.set("lang", "zh_CN")
    page = (
        await organizer.get(
            _workbench(scored_round, "/results"), headers={"accept-language": "zh-CN"}
        )
    ).text
    summary = unescape(page.split('id="publish-policy"')[1].split("</dd>")[0])
    assert "按评委标准化分数（z 分数）" in summary
    assert "同分时依次按创新性和市场潜力区分" in summary


async def test_the_publish_confirmation_states_the_policy_in_words(organizer, scored_round):
    page = (await organizer.post_form(_workbench(scored_round, "/results/publish"))).text
    policy = unescape(page.split('id="confirm-policy"')[1].split("</dd>")[0])
    assert "trimmed mean dropping the highest and the lowest score" in policy
    assert not any(mark in policy for mark in RAW_MARKS)


async def test_the_ranking_workbench_shows_current_and_previewed_policy_in_words(
    organizer, scored_round
):
    page = (await organizer.get(_workbench(scored_round, "/ranking?aggregate=median"))).text
    texts = [unescape(part.split("</span>")[0]) for part in page.split('class="policy-text">')[1:]]
    assert len(texts) == 3  # the facts, then current and preview side by side
    assert "trimmed mean dropping the highest and the lowest score" in texts[1]
    assert "median of the judges' scores" in texts[2]
    assert all("ties broken by Innovation" in text for text in texts)
