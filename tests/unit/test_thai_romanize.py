"""ckanext.dgplan.thai.romanize (offline RTGS via PyThaiNLP royin)."""
from __future__ import annotations

import re

import pytest

from ckanext.dgplan.thai.romanize import DEFAULT_SLUG, romanize_word, slugify

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@pytest.mark.parametrize(
    "word, expected",
    [
        ("สถิติ", "sathiti"),
        ("ประชากร", "prachakon"),
        ("ข้อมูล", "khomun"),
        ("ไฟฟ้า", "faifa"),
        ("จังหวัด", "changwat"),
        ("สำนักงาน", "samnakngan"),
        ("กรุงเทพมหานคร", "krungthepmahanakhon"),
    ],
)
def test_romanize_word_rtgs(word, expected):
    assert romanize_word(word) == expected


def test_romanize_word_non_thai_and_edge_cases():
    assert romanize_word("PM2.5") == "PM2.5"
    assert romanize_word("๒๕๖๖") == "2566"
    assert romanize_word("") == ""
    assert romanize_word("ๆ") == ""
    assert romanize_word("ต่างๆ") == "tang tang"


def test_romanize_word_is_ascii():
    for word in ["เศรษฐกิจ", "ทะเบียนราษฎร", "ผู้ติดเชื้อ", "ภาพยนตร์", "น้ำ", "ฯลฯ"]:
        assert romanize_word(word).isascii()


def test_slugify_example():
    assert slugify("สถิติประชากร 2566") == "sathiti-prachakon-2566"
    assert slugify("สถิติประชากร ๒๕๖๖") == "sathiti-prachakon-2566"


def test_slugify_mixed_and_latin():
    assert slugify("ข้อมูลคุณภาพอากาศ PM2.5") == "khomun-khunphap-akas-pm2-5"
    assert slugify("Café Report (2023)") == "cafe-report-2023"
    assert slugify("COVID-19 Cases") == "covid-19-cases"


def test_slugify_splits_long_compounds():
    assert slugify("กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม").startswith("krathruang-dichithan-")


@pytest.mark.parametrize("title", ["", "   ", "!!!", "???", "\u200b", "ๆ", "x", None])
def test_slugify_nothing_usable(title):
    assert slugify(title) == DEFAULT_SLUG == "dataset"


def test_slugify_max_length_cuts_on_word_boundary():
    title = "จำนวนผู้ป่วยโรคไข้เลือดออก รายจังหวัด ปีงบประมาณ 2566"
    full = slugify(title)
    assert len(full) > 20
    short = slugify(title, max_length=20)
    assert len(short) <= 20
    assert full.startswith(short)
    assert full[len(short)] == "-"  # cut exactly at a word boundary
    assert SLUG_RE.fullmatch(short)


def test_slugify_max_length_hard_cut_for_single_long_word():
    assert slugify("a" * 50, max_length=10) == "a" * 10


def test_slugify_default_max_length():
    slug = slugify("สถิติประชากร " * 30)
    assert 0 < len(slug) <= 100
    assert SLUG_RE.fullmatch(slug)


def test_slugify_bad_max_length():
    with pytest.raises(ValueError):
        slugify("abc", max_length=1)


@pytest.mark.parametrize(
    "title",
    [
        "รายงานผลการดำเนินงาน สพฐ. ปี ๒๕๖๖",
        "ข้อมูล <b>ตัวหนา</b> & \"อ้างอิง\"",
        "น้ำ/ไฟฟ้า__ประปา -- 50%",
        "ราคาน้ำมันเชื้อเพลิง (บาท/ลิตร)",
    ],
)
def test_slugify_output_is_always_a_valid_ckan_name(title):
    slug = slugify(title)
    assert SLUG_RE.fullmatch(slug)
    assert 2 <= len(slug) <= 100
