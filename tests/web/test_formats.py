"""One style per language for what pages and mails show: dates, sizes, lists, country names,
and the language of what people wrote."""

from datetime import UTC, datetime

import pytest
from babel import Locale
from jinja2 import DictLoader

from judging.countries import country_choices, named_countries
from judging.i18n import (
    format_datetime_local,
    format_file_size,
    format_list_local,
    text_language,
)
from judging.web.templating import build_environment

WINTER = datetime(2026, 12, 3, 1, 0, 30, tzinfo=UTC)
SUMMER = datetime(2026, 7, 3, 1, 0, 30, tzinfo=UTC)


def test_dates_show_minutes_and_the_zone_in_words():
    assert format_datetime_local(WINTER, "en", "Asia/Shanghai") == (
        "Dec 3, 2026, 9:00\u202fAM (China Standard Time)"
    )
    assert format_datetime_local(WINTER, "zh_CN", "Asia/Shanghai") == (
        "2026年12月3日 09:00（中国标准时间）"
    )


@pytest.mark.parametrize(
    ("zone", "moment", "english", "chinese"),
    [
        ("Europe/Berlin", WINTER, "Central European Standard Time", "中欧标准时间"),
        ("Europe/Berlin", SUMMER, "Central European Summer Time", "中欧夏令时间"),
        ("Asia/Jerusalem", SUMMER, "Israel Daylight Time", "以色列夏令时间"),
        ("UTC", WINTER, "Coordinated Universal Time", "协调世界时"),
    ],
)
def test_the_zone_is_named_for_the_moment_in_each_language(zone, moment, english, chinese):
    assert format_datetime_local(moment, "en", zone).endswith(f"({english})")
    assert format_datetime_local(moment, "zh_CN", zone).endswith(f"（{chinese}）")
    assert ":30" not in format_datetime_local(moment, "en", zone)


@pytest.mark.parametrize(
    ("size", "english"),
    [(500, "1 kB"), (320 * 1024, "320 kB"), (1024 * 1024, "1 MB"), (1572864, "1.5 MB")],
)
def test_sizes_under_a_megabyte_are_in_kilobytes(size, english):
    assert format_file_size(size, "en") == english


def test_sizes_use_the_locale_number_style():
    assert format_file_size(12 * 1024 * 1024 + 524288, "zh_CN") == "12.5 MB"
    assert format_file_size(1536 * 1024 * 1024, "en") == "1,536 MB"


def test_lists_are_joined_as_each_language_does():
    assert format_list_local(["title", "track", "team"], "en") == "title, track, and team"
    assert format_list_local(["title", "track", "team"], "zh_CN") == "title、track和team"


def _names(locale: str) -> list[str]:
    return [name for _, name in country_choices(locale)]


def test_chinese_country_names_are_in_pinyin_order():
    names = _names("zh_CN")
    assert names[0] == "阿尔巴尼亚"  # a'erbaniya: under A, as 阿富汗 (afuhan) nearby
    assert names.index("阿富汗") < names.index("奥地利") < names.index("不丹")
    assert names.index("不丹") < names.index("丹麦") < names.index("东帝汶") < names.index("中国")
    # 中国 (zhongguo) is under Z, after 赞比亚 (zanbiya), not beside 不丹 and 东帝汶.
    assert names.index("赞比亚") < names.index("中国")
    assert names.index("中国") > len(names) * 0.9


def test_english_country_names_are_in_collation_order():
    names = _names("en")
    assert names[0] == "Afghanistan"
    # Accented letters sort with their base letter, not after Z.
    assert names.index("Åland Islands") < names.index("Albania")
    assert names.index("Côte d’Ivoire") < names.index("Croatia") < names.index("Curaçao")
    assert names.index("Réunion") < names.index("Romania")
    assert names[-1] == "Zimbabwe"


def test_the_organizers_country_filter_uses_the_same_order():
    territories = Locale.parse("zh_CN").territories
    pairs = named_countries(["CN", "BT", "AF", "DE"], "zh_CN")
    assert [name for _, name in pairs] == [territories[code] for code in ("AF", "BT", "DE", "CN")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Solar-powered cold chain for village clinics", "en"),
        ("Don't forget the cold chain", "en"),
        ("乡村诊所的太阳能冷链", "zh-CN"),
        ("基于GPT的医疗影像诊断", "zh-CN"),  # a Latin name inside Chinese is still Chinese
        ("Deep learning for 医学影像", None),  # half and half: the page's language stays
        ("2026-12-03", None),
        ("Привет, мир", None),
        ("", None),
        (None, None),
    ],
)
def test_the_language_of_peoples_writing_is_told_by_its_script(text, language):
    assert text_language(text) == language


def _render(source: str, locale: str, **values) -> str:
    environment = build_environment()
    environment.loader = DictLoader({"page.html": source})

    class Request:  # the template reads the page's locale from the request
        scope = {"state": {"locale": locale}}

    return environment.get_template("page.html").render(request=Request(), **values)


def test_text_in_another_language_than_the_page_gets_its_lang():
    source = "<h1{{ title | lang_attr }}>{{ title }}</h1>"
    assert _render(source, "zh_CN", title="Solar cold chain") == (
        '<h1 lang="en">Solar cold chain</h1>'
    )
    assert _render(source, "en", title="太阳能冷链") == '<h1 lang="zh-CN">太阳能冷链</h1>'
    assert _render(source, "en", title="Solar cold chain") == "<h1>Solar cold chain</h1>"
    assert _render(source, "zh_CN", title="太阳能冷链") == "<h1>太阳能冷链</h1>"


def test_plural_messages_follow_the_count_on_pages():
    source = '{{ ngettext("Audit history (%(num)s event)", "Audit history (%(num)s events)", n) }}'
    assert _render(source, "en", n=1) == "Audit history (1 event)"
    assert _render(source, "en", n=4) == "Audit history (4 events)"
    assert _render(source, "zh_CN", n=4) == "审计记录（4 条）"


def test_joined_lists_escape_their_items():
    source = "{{ items | join_list }}"
    assert _render(source, "zh_CN", items=["<b>", "a"]) == "&lt;b&gt;和a"


def test_a_period_names_its_zone_once_unless_summer_time_begins_within_it():
    from judging.i18n import format_period_local

    opens, closes = datetime(2026, 3, 20, 8, tzinfo=UTC), datetime(2026, 4, 2, 16, tzinfo=UTC)
    assert format_period_local(opens, closes, "zh_CN", "Asia/Shanghai") == (
        "2026年3月20日 16:00 – 2026年4月3日 00:00（中国标准时间）"
    )
    assert format_period_local(opens, closes, "en", "Europe/Berlin") == (
        "Mar 20, 2026, 9:00\u202fAM (Central European Standard Time) – "
        "Apr 2, 2026, 6:00\u202fPM (Central European Summer Time)"
    )
    assert format_period_local(None, closes, "en", "UTC") == (
        "… – Apr 2, 2026, 4:00\u202fPM (Coordinated Universal Time)"
    )
    assert format_period_local(None, None, "en", "UTC") == ""
