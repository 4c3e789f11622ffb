"""Every user-facing string has a Simplified Chinese translation, written as Chinese is written."""

import io
import re

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from judging.i18n import LOCALE_DIR
from judging.settings import PROJECT_ROOT


def _extracted_msgids() -> set[str]:
    with (PROJECT_ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        PROJECT_ROOT,
        method_map,
        options_map,
        keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(locale: str):
    data = (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").read_bytes()
    return read_po(io.BytesIO(data), locale=locale)


def test_every_extracted_string_is_in_the_chinese_catalog():
    catalog = _catalog("zh_CN")
    missing = sorted(msgid for msgid in _extracted_msgids() if msgid not in catalog)
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing)


def _forms(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    # A plural message has a tuple of ids and of translations; a plain one a single string.
    if isinstance(value, tuple):
        return value
    return (value or "",)


def test_every_chinese_translation_is_filled_and_not_fuzzy():
    catalog = _catalog("zh_CN")
    untranslated = [
        message.id for message in catalog if message.id and not all(_forms(message.string))
    ]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


# %(name)s, %(name)d, %% and {name}: what the code fills in must survive translation.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%%|\{\w*\}")


def test_chinese_translations_keep_every_placeholder():
    catalog = _catalog("zh_CN")
    broken = []
    for message in catalog:
        if not message.id:
            continue
        expected = sorted(_PLACEHOLDER.findall(_forms(message.id)[-1]))
        for translation in _forms(message.string):
            if sorted(_PLACEHOLDER.findall(translation)) != expected:
                broken.append((message.id, translation))
    assert broken == []


# Han, kana, full-width forms and CJK punctuation, then ASCII punctuation that Chinese writes
# full width (：，；？！（）): "加权总分: " should be "加权总分：".
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_ASCII_AFTER_CJK = re.compile(rf"[{_CJK}]\s?([:,;?!](?=\s|$)|[()])|[(]\s?[{_CJK}]")


def test_chinese_translations_use_full_width_punctuation():
    catalog = _catalog("zh_CN")
    ascii_punctuation = [
        translation
        for message in catalog
        if message.id
        for translation in _forms(message.string)
        if _ASCII_AFTER_CJK.search(translation)
    ]
    assert ascii_punctuation == []


def test_the_punctuation_check_finds_what_the_issue_saw():
    assert _ASCII_AFTER_CJK.search("加权总分: ")
    assert _ASCII_AFTER_CJK.search("初赛: 第 1 名, 得分")
    assert _ASCII_AFTER_CJK.search("评审进度:")
    assert _ASCII_AFTER_CJK.search("参与排名需 3 位 (共 5 位)")
    assert not _ASCII_AFTER_CJK.search("加权总分：%(total)s，满分 100（共 5 项）")
    assert not _ASCII_AFTER_CJK.search("请确认后再发布（API：发送 confirm: true）。")


def test_english_plurals_follow_the_count():
    from judging.i18n import translate_plural

    singular, plural = "Audit history (%(num)s event)", "Audit history (%(num)s events)"
    assert translate_plural("en", singular, plural, 1) == "Audit history (1 event)"
    assert translate_plural("en", singular, plural, 3) == "Audit history (3 events)"
    assert translate_plural("zh_CN", singular, plural, 1) == "审计记录（1 条）"
    assert translate_plural("zh_CN", singular, plural, 3) == "审计记录（3 条）"
