"""The loanword table (PyThaiNLP's Thai-English transliteration dictionary) as the index uses it."""
from __future__ import annotations

from ckanext.dgplan.thai import loanwords
from ckanext.dgplan.thai import segment as seg


def test_both_directions():
    assert "covid" in loanwords.english_forms("โควิด")
    assert "โควิด" in loanwords.thai_forms("COVID")
    assert loanwords.english_forms("ทะเบียน") == ()
    assert loanwords.thai_forms("quokka") == ()


def test_latin_words_of_a_document_give_their_thai_spellings():
    thai, latin = loanwords.cross_script_forms([], ["Daily COVID-19 cases", "Internet usage"])
    assert "โควิด" in thai and "อินเทอร์เน็ต" in thai
    assert latin == []


def test_thai_loanword_gives_its_english_word_and_other_spellings():
    thai, latin = loanwords.cross_script_forms(["ราคา", "แก๊ส"], [])
    assert latin == ["gas"]
    assert thai == ["ก๊าซ"]  # the document's own spelling is not repeated
    assert loanwords.cross_script_forms(["ราคา", "ข้าว"], ["รายงาน 2566", "ok"]) == ([], [])


def test_long_loanwords_are_single_segmentation_words():
    # Without the table newmm cuts an unknown loanword into syllables that match unrelated words.
    word = "คริปโทเคอร์เรนซี"
    assert word in loanwords.dictionary_words()
    assert seg.segment(f"ราคา{word}รายวัน") == ["ราคา", word, "รายวัน"]
    # Short spellings stay out: they are also pieces of ordinary Thai words.
    assert all(len(w) >= 5 for w in loanwords.dictionary_words())
