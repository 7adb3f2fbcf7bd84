"""Demo data: the real data.go.th records shipped in data/demo/corpus.jsonl, as datasets under their agencies.

Records are created through ``package_create`` with GD Catalog's own values (Thai choice strings, its
licence strings), so loading them exercises the same mapping that an agency's harvested records go
through. Loading is idempotent: datasets and organizations that already exist are left as they are.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any, Iterator

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ckanext.dgplan import gdc
from ckanext.dgplan.thai import romanize
from ckanext.dgplan.thai import tags as thai_tags
from ckanext.dgplan.thai.errors import ThaiInputError

log = logging.getLogger(__name__)

CORPUS = Path(__file__).resolve().parents[1] / "data" / "demo" / "corpus.jsonl"
# Goals and strategies of 150 of the records, judged by hand with a rationale each (plan-labels.md).
PLAN_LABELS = CORPUS.with_name("plan-labels.jsonl")

# data.go.th resource formats -> GD Catalog data_format strings; anything else is recorded as "other".
_FORMATS = {
    "CSV": "CSV", "XLS": "XLS", "XLSX": "XLS", "JSON": "JSON", "XML": "XML", "PDF": "PDF",
    "DOC": "DOC/DOCX", "DOCX": "DOC/DOCX", "HTML": "HTML", "TXT": "Text", "SHP": "Shapefile",
    "RDF": "RDF", "API": "Database", "JPEG": "Image", "JPG": "Image", "PNG": "Image",
}
_NAME_RE = re.compile(r"[^a-z0-9_-]+")


def dgplan_demo_records(path: Path = CORPUS) -> Iterator[dict[str, Any]]:
    """The corpus records, one dict each."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _dataset_name(record_id: str) -> str:
    name = _NAME_RE.sub("-", record_id.lower()).strip("-")[:100]
    if len(name) >= 2:
        return name
    return f"dataset-{hashlib.sha1(record_id.encode(), usedforsecurity=False).hexdigest()[:8]}"


def _org_name(title: str) -> str:
    # Readable and stable: the romanized agency name plus a short hash, so two agencies whose names
    # romanize alike never share an organization.
    digest = hashlib.sha1(title.encode("utf-8"), usedforsecurity=False).hexdigest()[:4]
    return f"{romanize.slugify(title, max_length=90)}-{digest}"


def _valid_tags(raw: list[str]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for tag in raw:
        try:
            name = thai_tags.check_tag(tag)
        except ThaiInputError:
            # Mirror tags cut mid-character (U+FFFD) cannot be stored; the rest of the record can.
            continue
        if name not in seen:
            seen.add(name)
            out.append({"name": name})
    return out


def _dataset_dict(record: dict[str, Any], owner_org: str) -> dict[str, Any]:
    formats = [f.upper() for f in record.get("formats") or []]
    gdc_formats = sorted({_FORMATS[f] for f in formats if f in _FORMATS})
    others = sorted({f for f in formats if f not in _FORMATS})
    if others:
        gdc_formats.append("อื่นๆ")
    if not gdc_formats:
        gdc_formats = ["ไม่ทราบ"]
    url = record.get("url") or ""
    data = {
        "name": _dataset_name(record["id"]),
        "title": record["title"],
        "notes": record.get("notes") or record["title"],
        "owner_org": owner_org,
        "data_type": "ข้อมูลหลากหลายประเภท",
        "maintainer": record.get("organization") or "ไม่ทราบ",
        "maintainer_email": "opendata@example.org",
        "objective": ["ไม่ทราบ"],
        "update_frequency_unit": "ไม่ทราบ",
        "geo_coverage": "ไม่ทราบ",
        "data_source": f"{record.get('organization') or ''} ({url})".strip(),
        "data_format": gdc_formats,
        "data_category": "ข้อมูลสาธารณะ",
        "license_id": record.get("license") or "Open Data Common",
        "reference_url_catalog": url,
        # The records come from data.go.th, the national catalogue: they were harvested there.
        "allow_harvest": "True",
        # GD Catalog requires a keyword; a record whose tags were all lost in the mirror gets its agency's name.
        "tags": _valid_tags(record.get("tags") or []) or _valid_tags([record.get("organization") or "ข้อมูลเปิด"]),
        "resources": [
            {"name": f"{record['title'][:80]} ({fmt})", "url": url, "format": fmt}
            for fmt in formats
        ],
    }
    if others:
        data["data_format_other"] = ", ".join(others)
    license_title = record.get("license") or "Open Data Common"
    try:
        gdc.license_from_gdc(license_title)
    except gdc.GdcValueError:
        # data.go.th also uses licence ids of its own (e.g. "ogl"); they are kept as "other, open".
        data["license_id"] = "อื่นๆ"
        data["license_id_other"] = license_title
    return data


def _plan_labels() -> dict[str, dict[str, list[str]]]:
    labels = {}
    for label in dgplan_demo_records(PLAN_LABELS):
        labels[label["id"]] = {"dgplan_goals": label["goals"], "dgplan_strategies": label["strategies"]}
    return labels


def dgplan_load_demo(limit: int | None = None) -> dict[str, int]:
    """Create the demo organizations and datasets that do not exist yet; returns counts.

    The hand-labelled records also get their plan goals and strategies, so that the plan pages and
    facets show real datasets; an existing demo dataset without them is given them.
    """
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    labels = _plan_labels()
    context: Context = {"user": site_user["name"], "ignore_auth": True}
    created = skipped = failed = orgs = 0
    known_orgs: dict[str, str] = {}
    for i, record in enumerate(dgplan_demo_records()):
        if limit is not None and i >= limit:
            break
        org_title = record.get("organization") or "ไม่ระบุหน่วยงาน"
        if org_title not in known_orgs:
            # An organization made by an earlier load keeps its name even if the romanization of
            # its title has changed since (URLs never change); look it up by title first.
            existing = model.Session.query(model.Group.name).filter(
                model.Group.title == org_title, model.Group.is_organization.is_(True),
                model.Group.state == "active").first()
            org_name = existing[0] if existing else _org_name(org_title)
            if not model.Group.get(org_name):
                tk.get_action("organization_create")(
                    context.copy(), {"name": org_name, "title": org_title})
                orgs += 1
            known_orgs[org_title] = org_name
        data = _dataset_dict(record, known_orgs[org_title])
        data.update(labels.get(record["id"], {}))
        existing = model.Package.get(data["name"])
        if existing:
            if record["id"] in labels and "dgplan_goals" not in existing.extras:
                tk.get_action("package_patch")(
                    context.copy(), {"id": existing.id, **labels[record["id"]]})
            skipped += 1
            continue
        try:
            tk.get_action("package_create")(context.copy(), data)
            created += 1
        except tk.ValidationError as err:
            # One bad record must not stop the rest; it is reported with its id.
            failed += 1
            log.warning("demo record %s not loaded: %s", record["id"], err.error_summary)
    return {"created": created, "skipped": skipped, "failed": failed, "organizations": orgs}
