"""A DataStore q split into LIKE patterns for its Thai pieces (ckanext/dgplan/thai/tablesearch.py)."""
from __future__ import annotations

from ckanext.dgplan.thai.tablesearch import is_caseless, split_thai_query


def test_thai_pieces_become_patterns_and_other_words_stay_text_search():
    q = split_thai_query("ข้อมูลเปิด open data")
    assert q is not None and q.patterns == ("%ข้อมูลเปิด%",) and q.rest == "open data"


def test_a_thai_term_is_cut_where_the_parser_cuts():
    q = split_thai_query("ข้อมูล-เปิด, GDPไทย")
    assert q is not None and q.patterns == ("%ข้อมูล%", "%เปิด%", "%gdpไทย%") and q.rest == ""


def test_no_thai_no_change():
    assert split_thai_query("open data") is None


def test_only_pieces_with_cased_letters_need_case_folding():
    assert is_caseless("%ข้อมูลเปิด%") and is_caseless("%๒๕๖๗%") and is_caseless("%2567%")
    assert not is_caseless("%gdpไทย%")
