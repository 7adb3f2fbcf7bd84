"""GD Catalog fields <-> DCAT-AP 3 terms: the tables and conversions, without CKAN or rdflib.

The ``gdc`` RDF profile (:mod:`ckanext.dgplan.dcat.profile`) is the CKAN glue around these tables.
What has a DCAT-AP term is written with it; what has none is written under :data:`GDC_NS`, one
predicate per GD Catalog field name, holding the stored code, so the profile reads back exactly what
it wrote. Where a DCAT term loses detail (a frequency IRI for "every 3 months", one access-right IRI
for two GD Catalog fields) the exact values are also written under :data:`GDC_NS`; a harvester reading
DCAT from elsewhere falls back to the DCAT term.

Vocabularies:
* frequency: EU Publications Office authority table "frequency"
  (http://publications.europa.eu/resource/authority/frequency), the one DCAT-AP 3 requires;
* access rights: EU authority table "access-right" (PUBLIC, RESTRICTED, NON_PUBLIC);
* languages: EU authority table "language" (ISO 639-2/B-like three-letter codes);
* distribution formats: EU authority table "file-type", media types from IANA.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Optional

# The project's namespace for GD Catalog fields that have no DCAT term (documented in the README).
GDC_NS = "https://w3id.org/ckanext-dgplan/gdc#"

EU = "http://publications.europa.eu/resource/authority/"
FREQUENCY = EU + "frequency/"
ACCESS_RIGHT = EU + "access-right/"
LANGUAGE = EU + "language/"
FILE_TYPE = EU + "file-type/"
COUNTRY_THA = EU + "country/THA"
IANA = "https://www.iana.org/assignments/media-types/"

BE_OFFSET = 543

# (unit, interval) -> EU frequency code. Combinations not listed have no exact EU term: OTHER, and
# the exact unit and interval are kept under GDC_NS.
_FREQUENCY: dict[tuple[str, int], str] = {
    ("year", 1): "ANNUAL", ("year", 2): "BIENNIAL", ("year", 3): "TRIENNIAL",
    ("year", 4): "QUADRENNIAL", ("year", 5): "QUINQUENNIAL", ("year", 10): "DECENNIAL",
    ("half_year", 1): "ANNUAL_2",
    ("quarter", 1): "QUARTERLY",
    ("month", 1): "MONTHLY", ("month", 2): "BIMONTHLY", ("month", 3): "QUARTERLY", ("month", 6): "ANNUAL_2",
    ("month", 12): "ANNUAL",
    ("week", 1): "WEEKLY", ("week", 2): "BIWEEKLY",
    ("day", 1): "DAILY", ("day", 7): "WEEKLY",
    ("hour", 1): "HOURLY", ("hour", 2): "BIHOURLY", ("hour", 3): "TRIHOURLY", ("hour", 12): "12HRS",
    ("minute", 1): "1MIN", ("minute", 5): "5MIN", ("minute", 10): "10MIN", ("minute", 15): "15MIN",
    ("minute", 30): "30MIN",
}
# Units whose interval means nothing.
_FREQUENCY_FIXED = {"realtime": "UPDATE_CONT", "no_update": "NEVER", "unknown": "UNKNOWN", "other": "OTHER"}

# EU frequency code -> (unit, interval) for DCAT read from elsewhere: the first (unit, interval) in
# the table above, so each EU code has one GD Catalog reading.
_FREQUENCY_BACK: dict[str, tuple[str, Optional[int]]] = {}
for (_unit, _interval), _code in _FREQUENCY.items():
    _FREQUENCY_BACK.setdefault(_code, (_unit, _interval))
for _unit, _code in _FREQUENCY_FIXED.items():
    _FREQUENCY_BACK[_code] = (_unit, None)
_FREQUENCY_BACK.update({"CONT": ("realtime", None), "IRREG": ("other", None)})

# GD Catalog's data category and classification -> EU access right; the stricter of the two wins.
_ACCESS_ORDER = ["PUBLIC", "RESTRICTED", "NON_PUBLIC"]
_CATEGORY_ACCESS = {"public": "PUBLIC", "internal": "NON_PUBLIC", "personal": "RESTRICTED",
                    "security": "NON_PUBLIC", "official_secret": "NON_PUBLIC"}
_CLASSIFICATION_ACCESS = {"open": "PUBLIC", "internal": "NON_PUBLIC", "confidential": "NON_PUBLIC",
                          "secret": "NON_PUBLIC", "top_secret": "NON_PUBLIC"}
_ACCESS_BACK = {"PUBLIC": "public", "RESTRICTED": "personal", "NON_PUBLIC": "internal"}

# data_language codes -> EU language codes.
_LANGUAGE = {"th": "THA", "en": "ENG", "zh": "ZHO", "ms": "MSA", "my": "MYA", "lo": "LAO", "km": "KHM",
             "ja": "JPN", "ko": "KOR", "fr": "FRA", "de": "DEU", "ar": "ARA"}
_LANGUAGE_BACK = {v: k for k, v in _LANGUAGE.items()}

# Resource format (as CKAN stores it, upper-cased) -> (EU file type, IANA media type).
_FORMAT: dict[str, tuple[str, Optional[str]]] = {
    "CSV": ("CSV", "text/csv"), "XLSX": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "XLS": ("XLS", "application/vnd.ms-excel"), "JSON": ("JSON", "application/json"),
    "XML": ("XML", "application/xml"), "PDF": ("PDF", "application/pdf"), "HTML": ("HTML", "text/html"),
    "TXT": ("TXT", "text/plain"), "DOC": ("DOC", "application/msword"),
    "DOCX": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "ZIP": ("ZIP", "application/zip"), "GEOJSON": ("GEOJSON", "application/geo+json"),
    "KML": ("KML", "application/vnd.google-earth.kml+xml"), "SHP": ("SHP", None),
    "ODS": ("ODS", "application/vnd.oasis.opendocument.spreadsheet"), "RDF": ("RDF_XML", "application/rdf+xml"),
    "JPEG": ("JPEG", "image/jpeg"), "JPG": ("JPEG", "image/jpeg"), "PNG": ("PNG", "image/png"),
    "API": ("JSON", "application/json"),
}
_FORMAT_BACK = {ft: fmt for fmt, (ft, _media) in reversed(list(_FORMAT.items()))}

# GD Catalog's "other" choices (data/gdc_choices.yaml: "อื่นๆ" is other-open for licences): a frequency
# or licence read from DCAT that no table here knows is kept as their text instead of being dropped
# (both fields are required: dropping it would refuse the whole dataset).
OTHER_FREQUENCY = "other"
OTHER_LICENCE = "other-open"

# GD Catalog fields written with DCAT terms (everything else in the schema goes under GDC_NS).
DCAT_FIELDS = frozenset({
    "title", "notes", "tag_string", "name", "owner_org", "maintainer", "maintainer_email", "url",
    "license_id", "data_language", "first_year_of_data", "last_year_of_data", "west_bound_longitude",
    "east_bound_longitude", "north_bound_latitude", "south_bound_latitude", "dgplan_goals",
    "dgplan_strategies",
})
RESOURCE_DCAT_FIELDS = frozenset({"url", "name", "description", "format"})


def _one(value: Any) -> Optional[str]:
    if value is None or value == "" or value == []:
        return None
    return str(value)


def frequency_iri(unit: Any, interval: Any) -> Optional[str]:
    """The EU frequency IRI for GD Catalog's ``update_frequency_unit`` and ``_interval``."""
    unit = _one(unit)
    if not unit:
        return None
    if unit in _FREQUENCY_FIXED:
        return FREQUENCY + _FREQUENCY_FIXED[unit]
    try:
        every = int(str(interval).strip()) if _one(interval) else 1
    except ValueError:
        every = 0
    return FREQUENCY + _FREQUENCY.get((unit, every), "OTHER")


def frequency_from_iri(iri: Any) -> Optional[tuple[str, Optional[int]]]:
    """(unit, interval) for an EU frequency IRI; ``None`` for an IRI of another vocabulary."""
    iri = _one(iri)
    if not iri or not iri.startswith(FREQUENCY):
        return None
    return _FREQUENCY_BACK.get(iri[len(FREQUENCY):])


def access_right_iri(category: Any, classification: Any) -> Optional[str]:
    """The EU access right of a dataset: the stricter of its data category and classification."""
    found = [table[v] for table, v in ((_CATEGORY_ACCESS, _one(category)), (_CLASSIFICATION_ACCESS,
                                        _one(classification))) if v in table]
    if not found:
        return None
    return ACCESS_RIGHT + max(found, key=_ACCESS_ORDER.index)


def category_from_access_right(iri: Any) -> Optional[str]:
    iri = _one(iri)
    if not iri or not iri.startswith(ACCESS_RIGHT):
        return None
    return _ACCESS_BACK.get(iri[len(ACCESS_RIGHT):])


def language_iris(codes: Iterable[Any]) -> list[str]:
    return [LANGUAGE + _LANGUAGE[c] for c in codes if c in _LANGUAGE]


def languages_from_iris(iris: Iterable[Any]) -> list[str]:
    out = []
    for iri in iris:
        iri = str(iri)
        code = _LANGUAGE_BACK.get(iri[len(LANGUAGE):]) if iri.startswith(LANGUAGE) else None
        if code and code not in out:
            out.append(code)
    return out


def be_year_start(year: Any) -> Optional[str]:
    """``2566`` (BE) -> ``2023-01-01``, the xsd:date a period of that year starts on."""
    try:
        return f"{int(str(year)) - BE_OFFSET:04d}-01-01" if _one(year) else None
    except ValueError:
        return None


def be_year_end(year: Any) -> Optional[str]:
    try:
        return f"{int(str(year)) - BE_OFFSET:04d}-12-31" if _one(year) else None
    except ValueError:
        return None


def be_year_from_date(value: Any) -> Optional[str]:
    """An xsd:date / dateTime / gYear (CE) -> the Buddhist-era year as stored (``"2566"``)."""
    match = re.match(r"\s*(\d{4})", str(value or ""))
    return str(int(match.group(1)) + BE_OFFSET) if match else None


def bbox_wkt(pkg: Mapping[str, Any]) -> Optional[str]:
    """The bounding box as a WKT polygon (longitude latitude), or ``None`` if a side is missing."""
    sides = [_one(pkg.get(k)) for k in ("west_bound_longitude", "east_bound_longitude",
                                        "north_bound_latitude", "south_bound_latitude")]
    if not all(sides):
        return None
    w, e, n, s = sides
    return f"POLYGON(({w} {s},{e} {s},{e} {n},{w} {n},{w} {s}))"


def bbox_from_wkt(value: Any) -> dict[str, str]:
    """The four GD Catalog bounds from a WKT polygon written by :func:`bbox_wkt` (or any polygon)."""
    numbers = re.findall(r"-?\d+(?:\.\d+)?", str(value or ""))
    if len(numbers) < 8:
        return {}
    xs, ys = numbers[0::2], numbers[1::2]
    return {
        "west_bound_longitude": min(xs, key=float), "east_bound_longitude": max(xs, key=float),
        "north_bound_latitude": max(ys, key=float), "south_bound_latitude": min(ys, key=float),
    }


def format_terms(fmt: Any) -> tuple[Optional[str], Optional[str]]:
    """(EU file-type IRI, IANA media type IRI) of a resource format such as ``CSV``."""
    key = (_one(fmt) or "").strip().upper()
    if key not in _FORMAT:
        return None, None
    file_type, media = _FORMAT[key]
    return FILE_TYPE + file_type, (IANA + media if media else None)


def format_from_iri(iri: Any) -> Optional[str]:
    iri = _one(iri)
    if iri and iri.startswith(FILE_TYPE):
        return _FORMAT_BACK.get(iri[len(FILE_TYPE):], iri[len(FILE_TYPE):])
    return None


def plan_theme_code(iri: Any) -> Optional[tuple[str, str]]:
    """("goal" | "strategy", code) of a plan concept IRI as /plan.ttl publishes it, on any portal."""
    match = re.search(r"/plan/(goal|strategy)/([^/#?]+)$", str(iri or ""))
    return (match.group(1), match.group(2)) if match else None


def gdc_term(field: str) -> str:
    return GDC_NS + field


def gdc_field(iri: Any) -> Optional[str]:
    iri = str(iri or "")
    return iri[len(GDC_NS):] if iri.startswith(GDC_NS) else None


def _is_iri(value: Any) -> bool:
    return isinstance(value, str) and re.match(r"[a-z][a-z0-9+.-]*:", value) is not None


def unknown_terms(dataset: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, value) of each frequency or licence IRI a DCAT reader kept as "other" text, unknown to
    the vocabularies above (so that a harvest can report it)."""
    found = []
    if dataset.get("update_frequency_unit") == OTHER_FREQUENCY and _is_iri(dataset.get("update_frequency_unit_other")):
        found.append(("update_frequency_unit", str(dataset["update_frequency_unit_other"])))
    if dataset.get("license_id") == OTHER_LICENCE and _is_iri(dataset.get("license_id_other")):
        found.append(("license_id", str(dataset["license_id_other"])))
    return found
