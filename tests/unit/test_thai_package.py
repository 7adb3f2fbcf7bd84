"""ckanext.dgplan.thai as a package: purity, data files, agencies, re-exports."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import ckanext.dgplan.thai as thai
from ckanext.dgplan.thai.agencies import abbreviations, expand_abbreviation, load_abbreviations
from ckanext.dgplan.thai.segment import AGENCIES_FILE, DATA_DIR

PACKAGE_DIR = Path(thai.__file__).resolve().parent


def _imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE_DIR.glob("*.py")), ids=lambda p: p.name)
def test_module_is_pure(path):
    """Only the standard library and PyThaiNLP; never CKAN."""
    imported = _imported_top_level_modules(path)
    allowed = set(sys.stdlib_module_names) | {"pythainlp", "__future__"}
    assert imported <= allowed, imported - allowed
    assert "ckan" not in imported and "ckanext" not in imported


@pytest.mark.parametrize("path", sorted(PACKAGE_DIR.glob("*.py")), ids=lambda p: p.name)
def test_module_style(path):
    source = path.read_text(encoding="utf-8")
    assert "from __future__ import annotations" in source
    assert ast.get_docstring(ast.parse(source)), f"{path.name} has no module docstring"


def test_data_files_present_and_cite_source():
    for name in ["agencies.txt", "abbreviations.tsv"]:
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
        assert "ราชกิจจานุเบกษา" in header and "2545" in header
        assert "ก.พ.ร." in header


def test_agencies_file_lists_twenty_ministries():
    lines = [line for line in AGENCIES_FILE.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    ministries = [line for line in lines if line.startswith("กระทรวง")]
    assert len(ministries) == 19  # + สำนักนายกรัฐมนตรี = 20 ministry-level bodies
    assert "สำนักนายกรัฐมนตรี" in lines
    assert len(lines) == len(set(lines))


def test_abbreviations_tsv_is_well_formed():
    path = DATA_DIR / "abbreviations.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        assert len(parts) == 2 and all(p.strip() == p and p for p in parts), (number, line)


@pytest.mark.parametrize(
    "abbr, full",
    [
        ("ดศ.", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"),
        ("สพร.", "สำนักงานพัฒนารัฐบาลดิจิทัล"),
        ("สสช.", "สำนักงานสถิติแห่งชาติ"),
        ("กทม.", "กรุงเทพมหานคร"),
        ("กทม", "กรุงเทพมหานคร"),
        ("สพฐ", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน"),
        ("DGA", "สำนักงานพัฒนารัฐบาลดิจิทัล"),
        ("dga", "สำนักงานพัฒนารัฐบาลดิจิทัล"),
        ("ก.พ.ร.", "สำนักงานคณะกรรมการพัฒนาระบบราชการ"),
    ],
)
def test_expand_abbreviation(abbr, full):
    assert full in expand_abbreviation(abbr)


def test_shared_abbreviation_lists_all_agencies():
    assert set(expand_abbreviation("ทช.")) == {"กรมทางหลวงชนบท", "กรมทรัพยากรทางทะเลและชายฝั่ง"}
    assert expand_abbreviation("ไม่มีจริง") == ()
    assert expand_abbreviation("") == ()


def test_every_abbreviated_agency_is_in_dictionary():
    from ckanext.dgplan.thai.segment import agency_words

    words = agency_words()
    for names in abbreviations().values():
        for name in names:
            if "(" not in name:
                assert name in words


def test_load_abbreviations(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("# comment\nกข.\tกรมกขค\nno tab line\nกข.\tกรมกขค\nกข.\tกรมอื่น\n\n", encoding="utf-8")
    table = load_abbreviations(path)
    assert table["กข."] == ("กรมกขค", "กรมอื่น")
    assert table["กข"] == ("กรมกขค", "กรมอื่น")


def test_package_reexports():
    assert thai.check_tag("ข้อมูล") == "ข้อมูล"
    assert thai.parse_year("2566") == 2566
    assert thai.slugify("สถิติ") == "sathiti"
    assert thai.segment_for_index("สถิติประชากร") == "สถิติ ประชากร"
    with pytest.raises(AttributeError):
        thai.no_such_name  # noqa: B018
