"""DataStore column names from Thai headers (ckanext/dgplan/thai/columns.py)."""
from __future__ import annotations

import unicodedata

from ckanext.dgplan.thai.columns import MAX_BYTES, column_names

LONG = "จำนวนผู้ได้รับการฉีดวัคซีนป้องกันโรคโควิด-19 เข็มที่ 3 (สะสม)"


def names(headers):
    return [name for name, _label in column_names(headers)]


def test_thai_headers_that_fit_are_kept_exactly():
    headers = ["จังหวัด", "ลำดับ", "จำนวนประชากร (คน)", "Province", "ปี 2566"]
    assert names(headers) == headers
    assert names(["ก" * 21]) == ["ก" * 21]  # 63 bytes exactly


def test_a_long_header_is_cut_on_a_character_cluster_with_a_stable_suffix():
    (name, label), = column_names([LONG])
    assert label == LONG
    assert len(name.encode("utf-8")) <= MAX_BYTES
    stem, _, digest = name.rpartition("~")
    assert LONG.startswith(stem) and len(digest) == 4
    # The cut never leaves a letter without the vowel or tone mark that followed it.
    assert unicodedata.category(LONG[len(stem)]) not in ("Mn", "Mc")
    assert names([LONG]) == [name]  # stable


def test_every_cut_position_keeps_whole_clusters():
    text = "ผู้ใหญ่บ้านที่ได้รับเลือกตั้งใหม่" * 3
    for end in range(22, len(text)):
        name = names([text[:end]])[0]
        assert len(name.encode("utf-8")) <= MAX_BYTES
        stem = name.rpartition("~")[0] if len(text[:end].encode()) > MAX_BYTES else name
        assert text.startswith(stem)
        if len(stem) < end:
            assert unicodedata.category(text[len(stem)]) not in ("Mn", "Mc")
            assert not stem.endswith(("เ", "แ", "โ", "ใ", "ไ"))


def test_long_headers_sharing_their_start_stay_distinct():
    a, b = names([LONG, LONG.replace("3", "4")])
    assert a != b


def test_empty_and_duplicate_headers():
    assert names(["จังหวัด", "", None, "จังหวัด", "จังหวัด", "column_2"]) == [
        "จังหวัด", "column_2", "column_3", "จังหวัด_2", "จังหวัด_3", "column_2_2"]


def test_duplicate_long_headers_stay_within_the_limit():
    result = names([LONG, LONG, LONG])
    assert len(set(result)) == 3 and all(len(n.encode()) <= MAX_BYTES for n in result)


def test_names_the_datastore_refuses_are_repaired_and_labelled():
    pairs = column_names(["_id", ' ชื่อ "เล่น" ', "a\nb", 2566, "\u200bปี"])
    assert [n for n, _ in pairs] == ["id", "ชื่อ เล่น", "a b", "2566", "ปี"]
    assert pairs[0][1] == "_id" and pairs[1][1] == 'ชื่อ "เล่น"'
