"""Issue 17: every message of the Python code is an English msgid with a Thai entry in the catalog.

The msgids are found as Babel's extractor finds them (``setup.py``'s extractors, with the keywords of
:mod:`ckanext.dgplan.messages`), so a message added without its Thai translation fails here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from ckanext.dgplan import messages

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "ckanext" / "dgplan"
PO = ROOT / "i18n" / "th" / "LC_MESSAGES" / "ckanext-dgplan.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"dgplan_message": None, "dgplan_message_texts": None, "N_": None}
THAI = re.compile("[\u0e00-\u0e7f]")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture(scope="module")
def msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for filename, lineno, msgid, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()):
        found.setdefault(msgid, f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def test_the_code_has_messages(msgids):
    # The extraction itself works (a wrong keyword list would find nothing and pass every check).
    assert len(msgids) >= 50
    assert "Missing value" in msgids


def test_every_msgid_is_english(msgids):
    assert [f"{where}: {m}" for m, where in msgids.items() if THAI.search(m)] == []


def test_every_msgid_has_a_thai_translation(msgids, catalog):
    missing = [f"{where}: {m}" for m, where in msgids.items()
               if not (catalog.get(m) and catalog.get(m).string and THAI.search(catalog.get(m).string))]
    assert missing == []


def test_translations_keep_the_placeholders(msgids, catalog):
    wrong = [m for m in msgids if catalog.get(m)
             and set(PLACEHOLDER.findall(m)) != set(PLACEHOLDER.findall(catalog.get(m).string))]
    assert wrong == []


def test_the_shipped_mo_is_compiled_from_the_po(catalog):
    """``msgfmt`` was run after the last edit of the .po (the .mo is what CKAN reads)."""
    with MO.open("rb") as handle:
        compiled = read_mo(handle)
    def text(message):  # a plural entry's forms come back as a list from one reader, a tuple from the other
        string = message.string if message is not None else None
        return tuple(string) if isinstance(string, (list, tuple)) else string

    stale = [m.id for m in catalog if m.id and m.string and text(compiled.get(m.id)) != text(m)]
    assert stale == []


def test_outside_a_request_a_message_is_in_both_languages():
    # ckan commands and background jobs have no reader's language: Thai, then English.
    assert messages.dgplan_message("Must be a whole number from %(low)s to %(high)s", low=1, high=9) == (
        "ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 9 / Must be a whole number from 1 to 9")
    assert messages.dgplan_message_texts("Not a year") == ("ปีไม่ถูกต้อง", "Not a year")
    assert messages.dgplan_pick("ไทย", "English") == "ไทย / English"


def test_a_placeholder_with_two_languages_is_written_in_each():
    class Error:
        th, en = "ค่าไม่ถูกต้อง", "bad value"

    assert messages.dgplan_message("Row %(row)s, column %(column)s: %(error)s",
                                   row=5, column="value", error=Error()) == (
        "แถว 5 คอลัมน์ value: ค่าไม่ถูกต้อง / Row 5, column value: bad value")
