"""Every user-facing string has a Simplified Chinese translation."""

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


def test_every_chinese_translation_is_filled_and_not_fuzzy():
    catalog = _catalog("zh_CN")
    untranslated = [message.id for message in catalog if message.id and not message.string]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_chinese_translations_keep_every_placeholder():
    catalog = _catalog("zh_CN")
    placeholder = re.compile(r"%\((\w+)\)s")
    broken = [
        message.id
        for message in catalog
        if message.id
        and sorted(placeholder.findall(message.id)) != sorted(placeholder.findall(message.string))
    ]
    assert broken == []
