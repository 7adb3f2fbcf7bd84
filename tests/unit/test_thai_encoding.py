"""The encoding of a Thai table file, decided on the whole file (ckanext/dgplan/thai/encoding.py)."""
from __future__ import annotations

import pytest

from ckanext.dgplan.thai.encoding import detect_encoding, detect_file_encoding, normalize_encoding_name

TABLE = "ลำดับ,จังหวัด,หมายเหตุ\r\n1,กรุงเทพมหานคร,“เมืองหลวง” …\r\n2,เชียงใหม่,ภาคเหนือ\r\n"


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp874", "cp874"),
    ("utf-16", "utf-16"), ("utf-16-be", None), ("utf-16-le", None),
])
def test_each_encoding_of_a_thai_table(encoding, expected):
    data = TABLE.encode(encoding)
    if expected is None:  # a BOM written by hand, as UTF-16 exporters do
        data = ("\ufeff" + TABLE).encode(encoding)
        expected = "utf-16"
    assert detect_encoding([data]).encoding == expected
    assert data.decode(detect_encoding([data]).encoding).lstrip("\ufeff") == TABLE


def test_plain_ascii_is_utf8():
    assert detect_encoding([b"a,b\n1,2\n"]).encoding == "utf-8"
    assert detect_encoding([b""]).encoding == "utf-8"


def test_thai_after_thousands_of_ascii_rows_in_small_chunks():
    data = ("id,name\n" + "".join(f"{i},row{i}\n" for i in range(20000)) + TABLE).encode("cp874")
    chunks = [data[i:i + 4096] for i in range(0, len(data), 4096)]
    assert detect_encoding(chunks).encoding == "cp874"


def test_utf8_cut_across_chunks_stays_utf8():
    data = TABLE.encode("utf-8") * 50
    chunks = [data[i:i + 7] for i in range(0, len(data), 7)]  # splits multi-byte characters
    assert detect_encoding(chunks).encoding == "utf-8"


def test_latin1_accents_are_not_taken_for_thai():
    assert detect_encoding(["Café,Zürich,naïve,résumé\n".encode("cp1252")]).encoding == "cp1252"


def test_damaged_utf8_is_not_read_as_a_code_page():
    data = TABLE.encode("utf-8") + b"\xff\xfe broken\n"
    found = detect_encoding([data])
    assert (found.encoding, found.reason) == ("utf-8", "damaged-utf-8")


def test_garbage_bytes_are_single_byte():
    assert detect_encoding([bytes(range(256)) * 4]).encoding == "cp1252"


def test_file_read_in_chunks_is_not_changed(tmp_path):
    path = tmp_path / "t.csv"
    data = TABLE.encode("cp874") * 1000
    path.write_bytes(data)
    assert detect_file_encoding(str(path), chunk_size=1000).encoding == "cp874"
    assert path.read_bytes() == data


@pytest.mark.parametrize("name,expected", [
    ("", None), (None, None), ("auto", None), ("TIS-620", "cp874"), ("windows-874", "cp874"),
    ("UTF-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("UTF-16", "utf-16"), ("latin-1", "cp1252"),
])
def test_encoding_names(name, expected):
    assert normalize_encoding_name(name) == expected
