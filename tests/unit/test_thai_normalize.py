"""ckanext.dgplan.thai.normalize."""
from __future__ import annotations

import unicodedata

import pytest

from ckanext.dgplan.thai.normalize import normalize, normalize_for_search, thai_digits_to_arabic

NIKHAHIT, SARA_AA, SARA_AM = "\u0e4d", "\u0e32", "\u0e33"
MAI_EK, MAI_THO = "\u0e48", "\u0e49"
SARA_I, SARA_II, SARA_U = "\u0e34", "\u0e35", "\u0e38"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("น" + NIKHAHIT + SARA_AA, "น" + SARA_AM),  # ํา -> ำ
        ("น" + MAI_THO + NIKHAHIT + SARA_AA, "น" + MAI_THO + SARA_AM),  # tone + ํ + า
        ("น" + NIKHAHIT + MAI_THO + SARA_AA, "น" + MAI_THO + SARA_AM),  # ํ + tone + า
        ("น" + SARA_AM + MAI_THO, "น" + MAI_THO + SARA_AM),  # tone typed after ำ
        ("ก" + MAI_EK + SARA_II, "ก" + SARA_II + MAI_EK),  # tone before upper vowel
        ("ท" + MAI_EK + SARA_I, "ท" + SARA_I + MAI_EK),
        ("ก" + MAI_EK + SARA_U, "ก" + SARA_U + MAI_EK),  # tone before lower vowel (NFC)
    ],
)
def test_thai_typing_order(raw, expected):
    assert normalize(raw) == expected


def test_already_canonical_text_is_unchanged():
    for text in ["น้ำท่วม", "ที่นี่", "กำลัง", "ข้อมูลสถิติ", "คำสำคัญ", "ผู้ใช้"]:
        assert normalize(text) == text


@pytest.mark.parametrize("zw", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_removed(zw):
    assert normalize(f"ข้อ{zw}มูล") == "ข้อมูล"


def test_whitespace_collapsed_and_stripped():
    assert normalize("  ก\t\tข\n\nค\u00a0ง\u3000จ  ") == "ก ข ค ง จ"


def test_nfc():
    decomposed = "Cafe\u0301"
    assert normalize(decomposed) == "Café"
    assert unicodedata.is_normalized("NFC", normalize(decomposed))


def test_digits_not_converted():
    assert normalize("๒๕๖๖") == "๒๕๖๖"


def test_empty():
    assert normalize("") == ""
    assert normalize("   \u200b ") == ""


def test_idempotent():
    raw = " น\u0e4d\u0e49\u0e32\u200bท่วม  ก\u0e48\u0e35 "
    once = normalize(raw)
    assert normalize(once) == once


def test_thai_digits_to_arabic():
    assert thai_digits_to_arabic("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert thai_digits_to_arabic("ปี ๒๕๖๖ (2023)") == "ปี 2566 (2023)"


def test_normalize_for_search():
    assert normalize_for_search("  COVID-19 ปี ๒๕๖๖ ") == "covid-19 ปี 2566"
    # search-only fixes: doubled sara e, doubled marks
    assert normalize_for_search("เเผนที่") == "แผนที่"
    assert normalize_for_search("ก" + MAI_EK + MAI_EK + "อน") == "ก่อน"
    # ...which normalize() itself leaves alone
    assert normalize("เเผนที่") == "เเผนที่"
    assert normalize_for_search("น" + NIKHAHIT + SARA_AA) == normalize_for_search("นำ")
