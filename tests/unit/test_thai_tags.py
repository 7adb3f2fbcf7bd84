"""ckanext.dgplan.thai.tags."""
from __future__ import annotations

import pytest

from ckanext.dgplan.thai.errors import ThaiInputError, ThaiTagError
from ckanext.dgplan.thai.tags import (
    MAX_TAG_LENGTH,
    TAG_RE,
    check_tag,
    is_valid_tag,
    normalize_tag,
    split_tag_string,
)

GOOD_TAGS = [
    # from the brief
    "ข้อมูล", "สถิติ", "สพฐ.", "(ปณย.)", "ซัลเฟอร์ > 2%", "COVID-19", "อาคาร_โรงงานควบคุม",
    "Crude oil", "ผลผลิต/ไร่", "PM2.5", "ร.ร.", "น้ำมัน & ก๊าซ", "ค่า pH", "Café", "๒๕๖๖",
    # more real-world shapes
    "กรุงเทพฯ", "ต่างๆ", "ฯลฯ", "ราคา ฿", "ปริมาณ < 5 มก.", "<2%", "ก<ข", "a > b", "R&D",
    "ข้อมูล: สถิติ", "สำคัญ!", "ทำไม?", "[ร่าง]", "~ประมาณ", "#hashtag", "*หมายเหตุ",
    "user@agency", "ก–ข", "ก—ข", "ข้อมูล…", "ฯลฯ", "๑", "C", "(ร่าง)", "ก-",
    "• รายการ", "25 °C", "35 ℃", "µg/m³", "m²", "CO₂", "± 5", "3 × 4", "ร้อยละ ‰", "α-amylase",
    "Việt Nam", "São Paulo", "Ångström", "€ 5", "№ 1", "≥ 2.5", "→ ผลลัพธ์", "ก" , "x",
    "（ร่าง）", "ข้อมูล１２３", "a" * MAX_TAG_LENGTH, "ก้" * (MAX_TAG_LENGTH // 2),
]


@pytest.mark.parametrize("tag", GOOD_TAGS)
def test_good_tags_accepted(tag):
    assert check_tag(tag) == normalize_tag(tag)
    assert TAG_RE.fullmatch(normalize_tag(tag))
    assert is_valid_tag(tag)


def test_check_tag_returns_normalized():
    assert check_tag("  ข้อมูล   สถิติ ") == "ข้อมูล สถิติ"
    assert check_tag("น\u0e4d\u0e32\u200bมัน") == "นำมัน"
    assert check_tag("Cafe\u0301") == "Café"
    assert check_tag("COVID-19") == "COVID-19"  # case is kept


def test_normalize_tag():
    assert normalize_tag(" ก\u200bข  ค ") == "กข ค"
    assert normalize_tag("น\u0e49\u0e4d\u0e32") == "น้ำ"


def tag_error(tag) -> ThaiTagError:
    with pytest.raises(ThaiTagError) as info:
        check_tag(tag)
    e = info.value
    assert isinstance(e, ThaiInputError) and isinstance(e, ValueError)
    assert str(e) == f"{e.th} / {e.en}"
    assert not is_valid_tag(tag)
    return e


def test_forbidden_character_message_names_tag_and_char():
    e = tag_error("bad$tag")
    assert e.th == 'คำสำคัญ "bad$tag" มีอักขระที่ไม่อนุญาต: $'
    assert e.en == 'Tag "bad$tag" contains characters that are not allowed: $'


@pytest.mark.parametrize("char", ["$", "{", "}", "\\", "`", "|", "=", "^", "＄", "｛", "＝"])
def test_forbidden_characters(char):
    e = tag_error(f"ก{char}ข")
    assert e.th.endswith(f": {char}")
    assert e.en.endswith(f": {char}")
    assert not TAG_RE.fullmatch(f"ก{char}ข")


def test_template_injection_refused():
    e = tag_error("{{7*7}}")
    assert e.th.endswith(": { }")
    assert '"{{7*7}}"' in e.en
    tag_error("${7*7}")
    tag_error("{% if %}")


@pytest.mark.parametrize("tag", ["<script>", "<script>alert(1)</script>", "</b>", "<b>หนา</b>", "<!-- x -->",
                                 "<?php", "a<img src=x>", "x <svg onload=1>", "ก<a"])
def test_html_refused(tag):
    e = tag_error(tag)
    assert "HTML" in e.th and "HTML" in e.en
    assert not TAG_RE.fullmatch(tag)


def test_html_message():
    e = tag_error("<script>")
    assert e.th.startswith('คำสำคัญ "<script>" มีลักษณะเป็นแท็ก HTML')
    assert e.en.startswith('Tag "<script>" looks like HTML markup')


@pytest.mark.parametrize("tag, code", [("ก\nข", "U+000A"), ("ก\tข", "U+0009"), ("ข้อมูล\n", "U+000A"),
                                       ("ก\rข", "U+000D"), ("ก\x00ข", "U+0000"), ("ก\x07", "U+0007"),
                                       ("ก\x85ข", "U+0085"), ("ก\u2028ข", "U+2028"), ("ก\u202eข", "U+202E")])
def test_control_characters_refused(tag, code):
    e = tag_error(tag)
    assert "อักขระควบคุม" in e.th and code in e.th
    assert "control characters" in e.en and code in e.en
    # the quoted tag stays on one line
    assert "\n" not in e.th and "\n" not in e.en
    assert not TAG_RE.fullmatch(tag)


def test_control_message_names_character():
    e = tag_error("a\tb")
    assert e.en == 'Tag "a\\tb" contains invisible control characters: U+0009 (tab)'


def test_replacement_character_refused():
    e = tag_error("ข้อมู\ufffd")
    assert "เสียหาย" in e.th and "U+FFFD" in e.th
    assert "broken character" in e.en and "cut in the middle" in e.en
    assert 'Tag "ข้อมู\ufffd"' in e.en


@pytest.mark.parametrize("tag", ["", " ", "\u200b", "  \u00a0 "])
def test_empty_refused(tag):
    e = tag_error(tag)
    assert "ว่างเปล่า" in e.th
    assert "is empty" in e.en


def test_too_long_refused():
    tag = "ก" * (MAX_TAG_LENGTH + 1)
    e = tag_error(tag)
    assert f"ยาว {MAX_TAG_LENGTH + 1} ตัวอักษร" in e.th
    assert f"{MAX_TAG_LENGTH + 1} characters long" in e.en and "maximum is 100" in e.en
    assert not TAG_RE.fullmatch(tag)
    # length is counted after normalization
    assert check_tag("  " + "a" * MAX_TAG_LENGTH + "  ") == "a" * MAX_TAG_LENGTH


def test_non_string_refused():
    e = tag_error(None)
    assert "ต้องเป็นข้อความ" in e.th and "must be text" in e.en


def test_several_bad_characters_listed_once():
    e = tag_error("a$b$c|d")
    assert e.en.endswith(": $ |")


def test_invisible_bad_character_shown_as_codepoint():
    e = tag_error("ก\U0001f600")  # emoji is outside the allowed set
    assert e.en.endswith(": 😀")
    e = tag_error("ก\u0e3bข")  # unassigned Thai code point
    assert e.en.endswith(": U+0E3B")


def test_tag_re_is_anchored():
    assert TAG_RE.pattern.startswith("\\A") and TAG_RE.pattern.endswith("\\Z")
    assert TAG_RE.match("ok$") is None
    assert TAG_RE.search("$ok") is None
    assert TAG_RE.match("ok\n") is None


@pytest.mark.parametrize("tag", ["-", ".", "()", "...", "- -", "*", "–", "§", "° ±", "（）"])
def test_tag_without_letter_or_digit_refused(tag):
    e = tag_error(tag)
    assert "ไม่มีตัวอักษรหรือตัวเลข" in e.th and "has no letter or digit" in e.en
    assert f'"{normalize_tag(tag)}"' in e.en
    assert not TAG_RE.fullmatch(normalize_tag(tag))


@pytest.mark.parametrize("tag", ["'quoted'", '"quoted"', "it's", 'คำว่า "ข้อมูล"', "“ข้อมูล”", "‘ข้อมูล’",
                                 "«ข้อมูล»", "‹ก›", "„ก‟", "＂ก＂", "＇ก"])
def test_quotes_refused_naming_the_tag(tag):
    e = tag_error(tag)
    assert f'"{tag}"' in e.th and f'"{tag}"' in e.en
    assert "เครื่องหมายคำพูด" in e.th and "quotation marks" in e.en
    assert not TAG_RE.fullmatch(tag)


@pytest.mark.parametrize("tag", ["ข้อมูล; สถิติ", "a;b", "ก；ข", ";"])
def test_semicolon_refused_with_a_hint(tag):
    e = tag_error(tag)
    assert "อัฒภาค" in e.th and "จุลภาค (,)" in e.th
    assert "semicolon" in e.en and "commas (,)" in e.en
    assert not TAG_RE.fullmatch(tag)


def test_configured_length_limit_is_stated():
    assert check_tag("ก" * 20, max_length=20) == "ก" * 20
    e = tag_error_with("ก" * 21, max_length=20)
    assert "เกินกำหนด 20 ตัวอักษร" in e.th and "the maximum is 20" in e.en
    # never above what CKAN's tag.name column holds
    e = tag_error_with("ก" * (MAX_TAG_LENGTH + 1), max_length=1000)
    assert f"the maximum is {MAX_TAG_LENGTH}" in e.en
    assert not is_valid_tag("ก" * 21, max_length=20)


def tag_error_with(tag, **kwargs) -> ThaiTagError:
    with pytest.raises(ThaiTagError) as info:
        check_tag(tag, **kwargs)
    return info.value


def test_split_tag_string_on_semicolons():
    assert split_tag_string("ข้อมูล;สถิติ ; ประชากร") == ["ข้อมูล", "สถิติ", "ประชากร"]
    assert split_tag_string("ก；ข, ค") == ["ก", "ข", "ค"]
    assert split_tag_string(";;") == []


def test_split_tag_string():
    assert split_tag_string("ข้อมูล, สถิติ,ข้อมูล , ,  COVID-19 ") == ["ข้อมูล", "สถิติ", "COVID-19"]
    assert split_tag_string("ก，ข") == ["ก", "ข"]
    assert split_tag_string("  น\u0e4d\u0e32 , นำ") == ["นำ"]
    assert split_tag_string("") == []
    assert split_tag_string(None) == []
    assert split_tag_string(" , ,") == []
    assert split_tag_string("b,a,b,c,a") == ["b", "a", "c"]
    # parts are only normalized, not validated
    assert split_tag_string("ok,bad$tag") == ["ok", "bad$tag"]
