"""ckanext.dgplan.thai.segment."""
from __future__ import annotations

import time

import pytest

from ckanext.dgplan.thai import segment as seg
from ckanext.dgplan.thai.segment import (
    agency_words,
    compound_parts,
    dictionary_trie,
    has_thai,
    index_tokens,
    load_words_file,
    segment,
    segment_for_index,
    subword_ngrams,
)


def test_basic_segmentation():
    assert segment("สถิติประชากร") == ["สถิติ", "ประชากร"]


def test_empty_and_blank():
    assert segment("") == []
    assert segment("   \u200b ") == []
    assert segment_for_index("") == ""


def test_normalized_for_search_first():
    # Thai digits -> ASCII, Latin lowercased, decomposed sara am composed.
    assert segment("สถิติ ๒๕๖๖ ABC") == ["สถิติ", "2566", "abc"]
    assert segment("น\u0e49\u0e4d\u0e32ท่วม") == segment("น้ำท่วม")


def test_whitespace_and_punctuation_dropped():
    words = segment("ข้อมูล (ปี 2566) , ; - ... ?!")
    assert words == ["ข้อมูล", "ปี", "2566"]
    assert all(w.strip() == w and w for w in words)


def test_agency_names_are_single_tokens():
    assert "สำนักงานพัฒนารัฐบาลดิจิทัล" in segment("รายงานของสำนักงานพัฒนารัฐบาลดิจิทัลประจำปี")
    assert "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม" in segment("ข้อมูลกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม")


def test_abbreviations_keep_their_dots():
    words = segment("ข้อมูลของ สพฐ. และ ก.พ.ร. ปี 2566")
    assert "สพฐ." in words
    assert "ก.พ.ร." in words
    assert segment("ข้อมูลของสพฐ.ปี 2566")[:3] == ["ข้อมูล", "ของ", "สพฐ."]


def test_latin_and_numbers_kept_together():
    words = segment("COVID-19 ค่า PM2.5 Café 1,234.50 บาท")
    assert "covid-19" in words
    assert "pm2.5" in words
    assert "café" in words
    assert "1,234.50" in words


def test_extra_words():
    text = "ข้อมูลโครงการพิเศษซุปเปอร์ดาต้า"
    assert "ซุปเปอร์ดาต้า" not in segment(text)
    assert "ซุปเปอร์ดาต้า" in segment(text, extra_words=["ซุปเปอร์ดาต้า"])
    assert "ซุปเปอร์ดาต้า" in segment(text, extra_words=frozenset({"ซุปเปอร์ดาต้า"}))
    # a bare string is one word, not a set of characters
    assert "ซุปเปอร์ดาต้า" in segment(text, extra_words="ซุปเปอร์ดาต้า")


def test_trie_is_cached():
    assert dictionary_trie() is dictionary_trie()
    assert dictionary_trie(["ก", "ข"]) is dictionary_trie(("ข", "ก"))
    assert dictionary_trie(["ก"]) is not dictionary_trie()


def test_trie_contains_default_and_agency_words():
    trie = dictionary_trie()
    assert "ประชากร" in trie
    assert "สำนักงานสถิติแห่งชาติ" in trie
    assert "สสช." in trie


def test_segment_for_index():
    assert segment_for_index("สถิติประชากร ๒๕๖๖") == "สถิติ ประชากร 2566"
    # abbreviations lose their dots so both spellings meet
    assert segment_for_index("ข้อมูล สพฐ.") == segment_for_index("ข้อมูล สพฐ")
    assert segment_for_index("ก.พ.ร.") == "กพร"
    assert segment_for_index("กรุงเทพฯ") == "กรุงเทพ"
    assert segment_for_index("ต่างๆ") == segment_for_index("ต่าง ๆ") == "ต่าง"


def test_segment_for_index_splits_spaced_dictionary_entries():
    out = segment_for_index("กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม")
    assert " " not in "".join(out.split(" "))
    assert "วิทยาศาสตร์" in out.split()


def test_compound_parts():
    assert compound_parts("กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม") == [
        "กระทรวง", "ดิจิทัล", "เพื่อ", "เศรษฐกิจ", "และ", "สังคม",
    ]
    # short ordinary words are left alone
    assert compound_parts("ประชากร") == []
    assert compound_parts("ข้อมูล") == []
    assert compound_parts("abcdefghij") == []
    assert compound_parts("") == []


def test_segment_for_index_with_compound_parts():
    out = segment_for_index("ข้อมูลกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", compound_parts=True).split()
    assert "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม" in out
    assert "ดิจิทัล" in out and "เศรษฐกิจ" in out
    assert index_tokens("สถิติประชากร", compound_parts=True) == ["สถิติ", "ประชากร"]


def test_subword_ngrams():
    assert subword_ngrams("น้ำท่วม") == ["น้ำ", "ำท่", "ท่ว", "วม"]
    assert subword_ngrams("สถิติ") == ["สถิ", "ถิติ"]
    assert subword_ngrams("สถิติ", n=3) == ["สถิติ"]
    assert subword_ngrams("ประชากร", n=3) == ["ประ", "ระช", "ะชา", "ชาก", "ากร"]
    # ฯ and ๆ are marks of abbreviation and repetition, not letters of a word.
    assert subword_ngrams("กรุงเทพฯ") == subword_ngrams("กรุงเทพ")
    assert subword_ngrams("ต่างๆ") == ["ต่า", "าง"]
    assert subword_ngrams("ประชา", n=1) == ["ป", "ร", "ะ", "ช", "า"]
    assert subword_ngrams("ก") == ["ก"]
    assert subword_ngrams("abc 123") == []
    assert subword_ngrams("ก ข") == ["ก", "ข"]
    assert subword_ngrams("") == []
    assert subword_ngrams("๒๕๖๖ ปี") == ["ปี"]
    with pytest.raises(ValueError):
        subword_ngrams("ก", n=0)


def test_has_thai():
    assert has_thai("ข้อมูล")
    assert has_thai("data ข้อมูล")
    assert has_thai("๒๕๖๖")
    assert not has_thai("data 2566")
    assert not has_thai("")


def test_load_words_file(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text(
        "\ufeff# comment line\n\nคำหนึ่ง\n  คำสอง  \nคำสาม # trailing comment\nน\u0e4d\u0e32\nคำหนึ่ง\n",
        encoding="utf-8",
    )
    assert load_words_file(path) == frozenset({"คำหนึ่ง", "คำสอง", "คำสาม", "นำ"})
    assert load_words_file(str(path)) == load_words_file(path)
    with pytest.raises(OSError):
        load_words_file(tmp_path / "missing.txt")


def test_bundled_agency_words():
    words = agency_words()
    for name in [
        "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "ดศ.",
        "สำนักงานพัฒนารัฐบาลดิจิทัล", "สพร.",
        "สำนักงานสถิติแห่งชาติ", "สสช.",
        "กรุงเทพมหานคร", "กทม.",
    ]:
        assert name in words
    assert sum(1 for w in words if w.startswith("กระทรวง")) >= 19
    assert not any(w.startswith("#") for w in words)


def test_agency_words_do_not_hijack_ordinary_words():
    # dotless abbreviations that would cut ordinary text were left out
    assert segment("หมอกปนควัน") == ["หมอก", "ปน", "ควัน"]


def test_segment_speed():
    title = "สถิติประชากรจากการทะเบียนราษฎร จำแนกตามอายุ เพศ และจังหวัด พ.ศ. 2566 กรมการปกครอง กระทรวงมหาดไทย"
    segment(title)  # warm the trie cache
    n = 50
    start = time.perf_counter()
    for _ in range(n):
        segment(title)
    per_call = (time.perf_counter() - start) / n
    # ~0.2 ms on the reference machine; generous bound against slow CI.
    assert per_call < 0.02


def test_module_has_no_ckan_dependency():
    assert "ckan" not in seg.__dict__
