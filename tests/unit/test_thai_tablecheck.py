"""Whether a CSV file can become a table, checked before xloader touches the DataStore
(ckanext/dgplan/thai/tablecheck.py)."""
from __future__ import annotations

import pytest

from ckanext.dgplan.thai.tablecheck import TableFileError, check_csv_file


def check(tmp_path, data: bytes, encoding: str = "utf-8") -> int:
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    return check_csv_file(str(path), encoding)


def test_a_good_table_counts_its_rows(tmp_path):
    assert check(tmp_path, "ลำดับ,จังหวัด\n1,เชียงใหม่\n\n2,ลำพูน,\n".encode("cp874"), "cp874") == 2
    assert check(tmp_path, "ลำดับ;จังหวัด\n1;เชียงใหม่\n".encode("utf-8-sig"), "utf-8-sig") == 1
    assert check(tmp_path, "ก\tข\n1\t2\n".encode("utf-16"), "utf-16") == 1


@pytest.mark.parametrize("data,encoding,en", [
    (b"", "utf-8", "The file is empty"),
    (b"\r\n\r\n  \n", "utf-8", "The file is empty"),
    (bytes(range(256)) * 4, "cp1252", "NUL bytes"),
    ("ลำดับ,จังหวัด\r\n".encode("cp874"), "cp874", "no data rows"),
    (b"a,b\n1,2\n3,4,5\n", "utf-8", "line 3"),
    ("ก,ข\n1,2\n".encode("utf-8") + b"\xff\n", "utf-8", "not valid utf-8 (line 3)"),
])
def test_files_that_cannot_become_a_table(tmp_path, data, encoding, en):
    with pytest.raises(TableFileError) as err:
        check(tmp_path, data, encoding)
    assert en in err.value.en and err.value.th and str(err.value) == f"{err.value.th} / {err.value.en}"
