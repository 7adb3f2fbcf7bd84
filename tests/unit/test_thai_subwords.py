"""Character bigrams weighted by general Thai frequency (pure; no CKAN)."""
from __future__ import annotations

from ckanext.dgplan.thai import subwords
from ckanext.dgplan.thai.segment import subword_ngrams


def test_shipped_table_is_what_pythainlp_gives():
    # The file is derived, not hand-made: regenerate it if PyThaiNLP's corpus changes.
    shipped = subwords.bigram_frequencies()
    assert list(shipped.items()) == subwords.build_frequency_table()
    assert len(shipped) > 10_000


def test_most_common_bigrams_are_left_out():
    common = subwords.common_bigrams()
    assert len(common) == subwords.COMMON_COUNT
    # การ and ที่ are everywhere in Thai; a word made only of common bigrams adds nothing.
    assert {"กา", "าร", "ที่"} <= common
    assert subwords.index_bigrams("การ") == []
    grams = subwords.index_bigrams("อินเทอร์เน็ต")
    assert grams and not set(grams) & common
    assert set(grams) <= set(subword_ngrams("อินเทอร์เน็ต"))


def test_two_spellings_share_most_of_their_bigrams():
    a, b = set(subwords.index_bigrams("อินเทอร์เน็ต")), set(subwords.index_bigrams("อินเตอร์เน็ต"))
    assert len(a & b) >= len(a | b) / 2
    assert set(subwords.index_bigrams("สิถิติ")) & set(subwords.index_bigrams("สถิติ"))


def test_query_bigrams_are_the_rarest_few():
    freqs = subwords.bigram_frequencies()
    text = "ผลผลิตข้าวโพดเลี้ยงสัตว์รายจังหวัด"
    picked = subwords.query_bigrams(text)
    assert len(picked) == subwords.QUERY_LIMIT == len(set(picked))
    rest = set(subwords.index_bigrams(text)) - set(picked)
    assert max(freqs.get(g, 0) for g in picked) <= min(freqs.get(g, 0) for g in rest)
    assert subwords.query_bigrams(text, limit=2) == picked[:2]


def test_abbreviations_give_no_bigrams():
    assert subwords.query_bigrams("กทม.") == []
    assert subwords.query_bigrams("ก.พ.ร.") == []
    assert subwords.query_bigrams("สพฐ") == []
    assert subwords.query_bigrams("กทม. สวนสาธารณะ") == subwords.query_bigrams("สวนสาธารณะ")


def test_no_thai_no_bigrams():
    assert subwords.query_bigrams("covid-19 2566") == []
    assert subwords.index_bigrams("") == []
