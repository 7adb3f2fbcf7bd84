"""Quality checks of one dataset against the GD Catalog standard, and its score.

Input is a ``package_show`` dict (dgplan's GD Catalog schema), CKAN's licence register as a list
of dicts (``id``, ``title``, ``od_conformance`` or ``is_okd_compliant``), the last link-check
outcome of each resource URL, and today's date. Nothing raises on bad input: a missing or
malformed value is itself a problem with a code.

Method (shown on the site at ``/plan/quality/method``)
------------------------------------------------------
Four dimensions, eight weighted checks; the weights add up to 100:

============== =================================================================== ======
dimension      check                                                               weight
============== =================================================================== ======
metadata       GD Catalog mandatory items filled (share of the items filled)          25
metadata       contact e-mail plausible (an address, not a placeholder domain)        10
metadata       description long enough (``min_description_chars`` after markup)      10
openness       an open licence from CKAN's register (OKD conformant)                  15
openness       formats: 3+ stars full, 2 stars (proprietary, e.g. XLS) half          15
timeliness     ``last_updated_date`` within the update frequency plus grace          15
availability   every resource has a URL that answers (share of resources)              6
availability   tabular resources (CSV, XLS, XLSX, TSV) loaded in the DataStore        4
============== =================================================================== ======

A check that does not apply (timeliness of data "not updated after collection", the DataStore
check of a dataset without tabular resources) is left out and the score is scaled to the weights
that do apply: ``score = round(100 * earned / applicable)``.

Tim Berners-Lee's stars for the best resource: 0 without an open licence; 1 open licence, any
format (PDF, images, HTML); 2 machine-readable but proprietary (XLS, XLSX, SHP); 3 open
machine-readable formats (CSV, JSON, XML, GeoJSON, ...); 4 RDF (RDF, Turtle, JSON-LD, N-Triples).
Five stars (linked to other data) cannot be read from metadata and is not given.

A dataset is **compliant** (the KPI counts these) when it has no metadata problem and an open
licence: every mandatory item, a plausible contact e-mail and a real description.

Timeliness: the update frequency (unit, and "times per unit" from ``update_frequency_interval``)
gives the period; the next update is due ``period`` days after ``last_updated_date``, and it is
overdue when today is more than ``grace`` days past that, with ``grace = max(grace_min_days,
grace_ratio * period)``. The problem says by how many days the update is late.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional

__all__ = [
    "DIMENSIONS",
    "MANDATORY",
    "PROBLEMS",
    "TABULAR_FORMATS",
    "WEIGHTS",
    "Problem",
    "ProblemType",
    "Result",
    "Settings",
    "evaluate",
    "format_stars",
    "frequency_days",
    "parse_date",
]

DIMENSIONS: dict[str, tuple[str, str]] = {
    "metadata": ("คำอธิบายข้อมูล (เมทาดาตา)", "Metadata"),
    "openness": ("ความเปิด", "Openness"),
    "timeliness": ("ความทันสมัย", "Timeliness"),
    "availability": ("การเข้าถึงได้", "Availability"),
}

#: check -> (dimension, weight). The weights add up to 100.
WEIGHTS: dict[str, tuple[str, int]] = {
    "mandatory": ("metadata", 25),
    "email": ("metadata", 10),
    "description": ("metadata", 10),
    "licence": ("openness", 15),
    "format": ("openness", 15),
    "timeliness": ("timeliness", 15),
    "links": ("availability", 6),
    "datastore": ("availability", 4),
}

#: GD Catalog's mandatory dataset items (``required: true`` in schemas/dgplan_dataset.yaml, less
#: the title and URL name, which CKAN itself requires): field -> (Thai, English).
MANDATORY: dict[str, tuple[str, str]] = {
    "data_type": ("ประเภทชุดข้อมูล", "Dataset type"),
    "maintainer": ("ชื่อผู้ติดต่อ", "Contact person"),
    "maintainer_email": ("อีเมลผู้ติดต่อ", "Contact email"),
    "tags": ("คำสำคัญ", "Tags"),
    "notes": ("คำอธิบายชุดข้อมูล", "Description"),
    "objective": ("วัตถุประสงค์", "Objective"),
    "update_frequency_unit": ("หน่วยความถี่ของการปรับปรุงข้อมูล", "Update frequency unit"),
    "geo_coverage": ("ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", "Geographic coverage"),
    "data_source": ("แหล่งที่มา", "Data source"),
    "data_format": ("รูปแบบการเก็บข้อมูล", "Data format"),
    "data_category": ("หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ", "Data category"),
    "license_id": ("สัญญาอนุญาต", "Licence"),
    "owner_org": ("หน่วยงาน", "Agency"),
}


@dataclass(frozen=True)
class ProblemType:
    """What a problem code means: its dimension, label and how to fix it (Thai and English)."""

    code: str
    dimension: str
    label_th: str
    label_en: str
    hint_th: str
    hint_en: str


def _p(code: str, dimension: str, label_th: str, label_en: str, hint_th: str, hint_en: str) -> ProblemType:
    return ProblemType(code, dimension, label_th, label_en, hint_th, hint_en)


#: Every problem code, in the order pages list them within a dimension. Codes never change.
PROBLEMS: dict[str, ProblemType] = {p.code: p for p in (
    _p("mandatory_missing", "metadata", "ขาดรายการข้อมูลที่ต้องกรอก", "Mandatory GD Catalog items missing",
       "กรอกรายการที่ขาดในแบบฟอร์มแก้ไขชุดข้อมูล", "Fill in the missing items in the dataset's edit form"),
    _p("email_implausible", "metadata", "อีเมลผู้ติดต่อใช้ไม่ได้", "Contact e-mail not plausible",
       "ใส่อีเมลจริงของผู้ดูแลข้อมูล (ไม่ใช่ example.org หรือค่าตัวอย่าง)",
       "Give a real address of the data's maintainer (not example.org or a placeholder)"),
    _p("description_short", "metadata", "คำอธิบายสั้นเกินไป", "Description too short",
       "อธิบายว่าข้อมูลคืออะไร ครอบคลุมอะไร และเก็บอย่างไร",
       "Say what the data is, what it covers and how it was collected"),
    _p("licence_unknown", "openness", "ไม่ระบุสัญญาอนุญาตหรือไม่อยู่ในทะเบียน", "Licence missing or not in the register",
       "เลือกสัญญาอนุญาตแบบเปิดจากรายการ เช่น Creative Commons Attribution",
       "Choose an open licence from the list, e.g. Creative Commons Attribution"),
    _p("licence_not_open", "openness", "สัญญาอนุญาตไม่เปิด", "Licence is not open",
       "ใช้สัญญาอนุญาตแบบเปิด (ตามนิยาม Open Definition)", "Use an open licence (Open Definition conformant)"),
    _p("no_machine_readable", "openness", "ไม่มีรูปแบบที่เครื่องอ่านได้", "No machine-readable format",
       "เพิ่มทรัพยากรในรูปแบบ CSV, JSON หรือ XML นอกจาก PDF หรือรูปภาพ",
       "Add a CSV, JSON or XML resource besides PDF or images"),
    _p("proprietary_format_only", "openness", "มีเฉพาะรูปแบบเฉพาะของผู้ผลิต", "Only proprietary formats",
       "เพิ่มไฟล์ CSV คู่กับไฟล์ Excel", "Add a CSV file next to the Excel file"),
    _p("frequency_missing", "timeliness", "ไม่ระบุความถี่ในการปรับปรุง", "Update frequency not given",
       "เลือกหน่วยความถี่ของการปรับปรุงข้อมูล (เช่น ปี เดือน)", "Choose the update frequency unit (e.g. yearly, monthly)"),
    _p("frequency_malformed", "timeliness", "ความถี่ในการปรับปรุงไม่ถูกต้อง", "Update frequency malformed",
       "ใช้หน่วยความถี่จากรายการ และค่าความถี่เป็นจำนวนบวก",
       "Use a unit from the list and a positive number of times per unit"),
    _p("last_updated_missing", "timeliness", "ไม่ระบุวันที่ปรับปรุงล่าสุด", "Last updated date missing",
       "กรอกวันที่ปรับปรุงข้อมูลล่าสุด", "Fill in the date the data was last updated"),
    _p("last_updated_malformed", "timeliness", "วันที่ปรับปรุงล่าสุดไม่ถูกต้อง", "Last updated date malformed",
       "กรอกวันที่ในรูปแบบ 2566-10-01 หรือ 1 ต.ค. 2566", "Give the date as 2023-10-01 or 1 ต.ค. 2566"),
    _p("last_updated_future", "timeliness", "วันที่ปรับปรุงล่าสุดอยู่ในอนาคต", "Last updated date in the future",
       "ตรวจสอบวันที่ (พ.ศ. หรือ ค.ศ.)", "Check the date (Buddhist or Common era)"),
    _p("overdue", "timeliness", "ข้อมูลไม่ได้ปรับปรุงตามความถี่", "Update overdue",
       "ปรับปรุงข้อมูลและวันที่ปรับปรุงล่าสุด หรือแก้ความถี่ให้ตรงกับความจริง",
       "Update the data and its last updated date, or correct the declared frequency"),
    _p("no_resources", "availability", "ไม่มีทรัพยากรข้อมูล", "No resources",
       "เพิ่มไฟล์หรือลิงก์ของข้อมูล", "Add the data as a file or a link"),
    _p("resource_url_missing", "availability", "ทรัพยากรไม่มี URL", "Resource without a URL",
       "อัปโหลดไฟล์หรือใส่ลิงก์ของทรัพยากร", "Upload the file or give the resource's link"),
    _p("datastore_not_loaded", "availability", "ตารางยังไม่อยู่ใน DataStore", "Table not loaded in the DataStore",
       "อัปโหลดไฟล์ตารางอีกครั้งหรือกดนำเข้า DataStore ในหน้าทรัพยากร",
       "Upload the table again or start the DataStore load from the resource page"),
    _p("link_broken", "availability", "ลิงก์ตอบข้อผิดพลาด", "Link answers with an error",
       "แก้ลิงก์ให้ชี้ไปยังไฟล์ที่มีอยู่", "Point the link at a file that exists"),
    _p("link_unreachable", "availability", "ติดต่อเซิร์ฟเวอร์ของลิงก์ไม่ได้", "Link's server unreachable",
       "ตรวจสอบชื่อโดเมนและเซิร์ฟเวอร์ของลิงก์", "Check the link's domain name and server"),
    _p("link_timeout", "availability", "ลิงก์ไม่ตอบภายในเวลา", "Link did not answer in time",
       "ตรวจสอบว่าเซิร์ฟเวอร์ของลิงก์ทำงานปกติ", "Check that the link's server works"),
    _p("link_redirect_loop", "availability", "ลิงก์ส่งต่อไม่สิ้นสุด", "Link redirects without end",
       "ใส่ลิงก์ปลายทางโดยตรง", "Give the final address directly"),
    _p("link_bad_url", "availability", "ลิงก์ไม่ถูกต้อง", "Link is not a valid web address",
       "ใช้ลิงก์ที่ขึ้นต้นด้วย https:// หรือ http://", "Use a link starting with https:// or http://"),
    _p("link_private_address", "availability", "ลิงก์ชี้ไปยังเครือข่ายภายใน", "Link points into a private network",
       "ใช้ลิงก์ที่ประชาชนเข้าถึงได้", "Use a link the public can reach"),
    _p("check_failed", "metadata", "ตรวจคุณภาพไม่ได้", "Quality check failed",
       "แจ้งผู้ดูแลระบบ", "Tell the portal's administrators"),
)}

#: Resource formats that xloader loads into the DataStore.
TABULAR_FORMATS = frozenset({"CSV", "TSV", "XLS", "XLSX"})
_FOUR_STARS = frozenset({"RDF", "TTL", "TURTLE", "JSON-LD", "JSONLD", "N3", "NT", "N-TRIPLES", "SPARQL", "RDF/XML"})
_THREE_STARS = frozenset({"CSV", "TSV", "JSON", "GEOJSON", "XML", "KML", "GML", "ODS", "API", "WMS", "WFS",
                          "GPX", "TOPOJSON", "NDJSON", "PARQUET", "NETCDF"})
_TWO_STARS = frozenset({"XLS", "XLSX", "SHP", "SHAPEFILE", "MDB", "DBF", "KMZ", "GEOTIFF", "SAV", "DTA"})
_EXTENSIONS = {"csv": "CSV", "tsv": "TSV", "json": "JSON", "geojson": "GEOJSON", "xml": "XML", "xls": "XLS",
               "xlsx": "XLSX", "pdf": "PDF", "rdf": "RDF", "ttl": "TTL", "jsonld": "JSON-LD", "kml": "KML",
               "ods": "ODS", "zip": "ZIP", "shp": "SHP", "doc": "DOC", "docx": "DOCX", "jpg": "JPG",
               "jpeg": "JPEG", "png": "PNG", "htm": "HTML", "html": "HTML", "txt": "TXT"}
#: update_frequency_unit code -> days in one unit; ``None``: not applicable (no update expected).
_UNIT_DAYS: dict[str, Optional[float]] = {
    "year": 365.0, "half_year": 182.5, "quarter": 91.25, "month": 30.4, "week": 7.0, "day": 1.0,
    "business_day": 3.0, "hour": 1.0, "minute": 1.0, "realtime": 1.0, "no_update": None,
}
# RFC 2606/6761 reserved names and common placeholders: an address there reaches nobody.
_PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net", "example", "test", "invalid", "localhost",
                        "email.com", "domain.com", "mail.com")
_PLACEHOLDER_LOCAL = {"test", "xxx", "none", "noreply", "no-reply", "-", "na", "n/a", "email", "abc"}
_EMAIL_RE = re.compile(r"^[^@\s<>(),;:\"\[\]]+@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                       r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)$")
_MARKUP_RE = re.compile(r"https?://\S+|[#*_`>\[\]()|~-]+|\s+")


@dataclass(frozen=True)
class Settings:
    """Thresholds of the method (defaults documented in the module docstring)."""

    min_description_chars: int = 50
    grace_ratio: float = 0.25
    grace_min_days: int = 7


@dataclass
class Problem:
    """One problem of one dataset: its code and details (fields missing, days late, resources...)."""

    code: str
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def type(self) -> ProblemType:
        return PROBLEMS[self.code]

    def to_dict(self) -> dict[str, Any]:
        kind = self.type
        return {"code": self.code, "dimension": kind.dimension, "label": {"th": kind.label_th, "en": kind.label_en},
                "hint": {"th": kind.hint_th, "en": kind.hint_en}, "detail": self.detail}


@dataclass
class Result:
    """Score (0-100), problems, stars and the points of each check (``None``: not applicable)."""

    score: int
    problems: list[Problem]
    stars: int
    compliant: bool
    points: dict[str, Optional[float]]

    @property
    def codes(self) -> list[str]:
        return sorted({p.code for p in self.problems})

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "stars": self.stars, "compliant": self.compliant,
                "problems": [p.to_dict() for p in self.problems], "points": self.points}


# ------------------------------------------------------------------------------------- values


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        if text in ("", "[]", "{}", "null"):
            return True
        if text.startswith("["):
            try:
                return not [v for v in json.loads(text) if not _blank(v)]
            except ValueError:
                return False
        return False
    if isinstance(value, (list, tuple, set, dict)):
        return not [v for v in value if not _blank(v)]
    return False


def _filled(pkg: Mapping[str, Any], name: str) -> bool:
    if name == "tags":
        tags = pkg.get("tags")
        names = [t.get("name") if isinstance(t, Mapping) else t for t in tags] if isinstance(tags, list) else []
        return not _blank(names) or not _blank(pkg.get("tag_string"))
    if name == "owner_org":
        return not _blank(pkg.get("owner_org")) or not _blank((pkg.get("organization") or {}).get("name")
                                                             if isinstance(pkg.get("organization"), Mapping) else None)
    return not _blank(pkg.get(name))


def parse_date(value: Any) -> Optional[_dt.date]:
    """``2023-10-01`` (also with a time, or a Buddhist-era year such as 2566-10-01) -> date.

    :raises ValueError: for text that is not such a date
    """
    if _blank(value):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.+Z-]*)?$", text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(g) for g in match.groups())
    if year > 2400:  # a Buddhist-era year typed where CE was expected
        year -= 543
    return _dt.date(year, month, day)


def frequency_days(unit: Any, interval: Any = None) -> tuple[Optional[float], Optional[str]]:
    """Days between two updates for a GD Catalog frequency, or the problem code that prevents it.

    :returns: ``(days, None)``; ``(None, None)`` when no update is expected (``no_update``);
        ``(None, "frequency_missing" | "frequency_malformed")`` otherwise
    """
    if _blank(unit) or unit in ("unknown", "other"):
        return None, "frequency_missing"
    if not isinstance(unit, str) or unit not in _UNIT_DAYS:
        return None, "frequency_malformed"
    days = _UNIT_DAYS[unit]
    if days is None:
        return None, None
    times = 1.0
    if not _blank(interval):
        try:
            times = float(str(interval).strip().replace(",", ""))
        except ValueError:
            return None, "frequency_malformed"
        if not times > 0 or times != times or times == float("inf"):
            return None, "frequency_malformed"
    return days / times, None


def _format_of(resource: Mapping[str, Any]) -> str:
    fmt = str(resource.get("format") or "").strip().lstrip(".").upper()
    if fmt:
        return fmt
    url = str(resource.get("url") or "").split("?")[0].split("#")[0]
    ext = url.rsplit(".", 1)[-1].lower() if "." in url.rsplit("/", 1)[-1] else ""
    return _EXTENSIONS.get(ext, "")


def format_stars(fmt: str) -> int:
    """Stars a format earns under an open licence (1-4)."""
    if fmt in _FOUR_STARS:
        return 4
    if fmt in _THREE_STARS:
        return 3
    if fmt in _TWO_STARS:
        return 2
    return 1


def _licence(pkg: Mapping[str, Any], register: Mapping[str, Mapping[str, Any]]) -> Optional[str]:
    license_id = pkg.get("license_id")
    if _blank(license_id) or license_id == "notspecified" or not isinstance(license_id, str):
        return "licence_unknown"
    entry = register.get(license_id)
    if entry is None:
        return "licence_unknown"
    is_open = entry.get("is_okd_compliant")
    if is_open is None:
        is_open = entry.get("od_conformance") == "approved" or bool(entry.get("is_open"))
    return None if is_open else "licence_not_open"


def _email_problem(value: Any) -> Optional[str]:
    if _blank(value):
        return None  # counted once, as a missing mandatory item
    text = str(value).strip()
    match = _EMAIL_RE.match(text)
    if not match:
        return "not_an_address"
    domain = match.group(1).lower()
    if any(domain == d or domain.endswith("." + d) for d in _PLACEHOLDER_DOMAINS):
        return "placeholder_domain"
    if text.split("@")[0].lower() in _PLACEHOLDER_LOCAL:
        return "placeholder_name"
    return None


def _description_chars(pkg: Mapping[str, Any]) -> int:
    notes = pkg.get("notes")
    if not isinstance(notes, str):
        return 0
    text = _MARKUP_RE.sub(" ", notes).strip()
    title = str(pkg.get("title") or "").strip()
    if title and text.replace(" ", "") == title.replace(" ", ""):
        return 0  # the title repeated says nothing more
    return len(text.replace(" ", ""))


# ------------------------------------------------------------------------------------- checks


def _metadata(pkg: Mapping[str, Any], settings: Settings, problems: list[Problem],
              points: dict[str, Optional[float]]) -> None:
    missing = [name for name in MANDATORY if not _filled(pkg, name)]
    if missing:
        problems.append(Problem("mandatory_missing", {"fields": missing}))
    points["mandatory"] = 1 - len(missing) / len(MANDATORY)
    email = _email_problem(pkg.get("maintainer_email"))
    if email:
        problems.append(Problem("email_implausible", {"reason": email}))
    points["email"] = 0.0 if email or _blank(pkg.get("maintainer_email")) else 1.0
    chars = _description_chars(pkg)
    if 0 < chars < settings.min_description_chars or (chars == 0 and not _blank(pkg.get("notes"))):
        problems.append(Problem("description_short", {"chars": chars, "min": settings.min_description_chars}))
    points["description"] = 1.0 if chars >= settings.min_description_chars else 0.0


def _openness(pkg: Mapping[str, Any], register: Mapping[str, Mapping[str, Any]], resources: list[Mapping[str, Any]],
              formats: list[str], problems: list[Problem], points: dict[str, Optional[float]]) -> tuple[int, bool]:
    licence = _licence(pkg, register)
    if licence:
        problems.append(Problem(licence, {"license_id": pkg.get("license_id")}))
    points["licence"] = 0.0 if licence else 1.0
    best = max((format_stars(f) for f in formats), default=0)
    if resources and best <= 1:
        problems.append(Problem("no_machine_readable", {"formats": sorted({f for f in formats if f})}))
    elif best == 2:
        problems.append(Problem("proprietary_format_only", {"formats": sorted({f for f in formats if f})}))
    points["format"] = 1.0 if best >= 3 else 0.5 if best == 2 else 0.0
    return (0 if licence or not resources else best), not licence


def _timeliness(pkg: Mapping[str, Any], today: _dt.date, settings: Settings, problems: list[Problem],
                points: dict[str, Optional[float]]) -> None:
    period, freq_problem = frequency_days(pkg.get("update_frequency_unit"), pkg.get("update_frequency_interval"))
    if period is None and freq_problem is None:
        points["timeliness"] = None  # no update expected after collection
        return
    points["timeliness"] = 0.0
    if freq_problem:
        problems.append(Problem(freq_problem, {"unit": pkg.get("update_frequency_unit"),
                                               "interval": pkg.get("update_frequency_interval")}))
    try:
        last = parse_date(pkg.get("last_updated_date"))
    except ValueError:
        problems.append(Problem("last_updated_malformed", {"value": str(pkg.get("last_updated_date"))[:60]}))
        return
    if last is None:
        problems.append(Problem("last_updated_missing"))
    elif last > today + _dt.timedelta(days=1):
        problems.append(Problem("last_updated_future", {"value": last.isoformat()}))
    elif period is not None:
        due = last + _dt.timedelta(days=round(period))
        late = (today - due).days
        grace = max(settings.grace_min_days, settings.grace_ratio * period)
        if late > grace:
            problems.append(Problem("overdue", {"days_overdue": late, "due": due.isoformat(),
                                                "last_updated": last.isoformat(), "grace_days": round(grace)}))
        else:
            points["timeliness"] = 1.0


def _availability(resources: list[Mapping[str, Any]], formats: list[str], links: Mapping[str, str],
                  problems: list[Problem], points: dict[str, Optional[float]]) -> None:
    if not resources:
        problems.append(Problem("no_resources"))
        points["links"] = 0.0
    else:
        no_url = [r.get("id") or r.get("name") for r in resources if _blank(r.get("url"))]
        if no_url:
            problems.append(Problem("resource_url_missing", {"resources": no_url}))
        bad: dict[str, list[str]] = {}
        for res in resources:
            url = res.get("url")
            if _blank(url) or res.get("url_type") in ("upload", "datastore"):
                continue  # files the portal serves itself are not checked over the network
            outcome = links.get(str(url))
            if outcome and outcome != "ok" and outcome in PROBLEMS:
                bad.setdefault(outcome, []).append(str(url))
        for code, urls in sorted(bad.items()):
            problems.append(Problem(code, {"urls": urls[:5], "count": len(urls)}))
        failing = len(no_url) + sum(len(u) for u in bad.values())
        points["links"] = max(0.0, 1 - failing / len(resources))
    tabular = [r for r, f in zip(resources, formats, strict=True) if f in TABULAR_FORMATS and not _blank(r.get("url"))]
    if not tabular:
        points["datastore"] = None
        return
    not_loaded = [r.get("id") or r.get("name") for r in tabular if not r.get("datastore_active")]
    if not_loaded:
        problems.append(Problem("datastore_not_loaded", {"resources": not_loaded[:5], "count": len(not_loaded)}))
    points["datastore"] = 1 - len(not_loaded) / len(tabular)


def evaluate(pkg: Mapping[str, Any], register: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]],
             links: Optional[Mapping[str, str]] = None, today: Optional[_dt.date] = None,
             settings: Settings = Settings()) -> Result:
    """Run every check on one dataset and score it.

    :param pkg: a ``package_show`` dict
    :param register: CKAN's licence register (list of licence dicts, or id -> dict)
    :param links: resource URL -> outcome of its last link check (``ok`` or a ``link_*`` code);
        a URL not in it has not been checked yet and counts as answering
    :param today: the date to judge timeliness against
    """
    if not isinstance(pkg, Mapping):
        return Result(0, [Problem("check_failed", {"error": "not a dataset"})], 0, False, {})
    if not isinstance(register, Mapping):
        register = {str(e.get("id")): e for e in register if isinstance(e, Mapping)}
    problems: list[Problem] = []
    points: dict[str, Optional[float]] = {}
    raw = pkg.get("resources")
    resources = [r for r in raw if isinstance(r, Mapping)] if isinstance(raw, list) else []
    formats = [_format_of(r) for r in resources]
    _metadata(pkg, settings, problems, points)
    stars, open_licence = _openness(pkg, register, resources, formats, problems, points)
    _timeliness(pkg, today or _dt.date.today(), settings, problems, points)
    _availability(resources, formats, links or {}, problems, points)
    applicable = sum(WEIGHTS[c][1] for c, v in points.items() if v is not None)
    earned = sum(WEIGHTS[c][1] * v for c, v in points.items() if v is not None)
    score = round(100 * earned / applicable) if applicable else 0
    compliant = open_licence and not any(PROBLEMS[p.code].dimension == "metadata" for p in problems)
    order = list(PROBLEMS)
    problems.sort(key=lambda p: order.index(p.code))
    return Result(score, problems, stars, compliant, points)
