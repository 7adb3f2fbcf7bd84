"""Template helpers of the quality pages and the dataset badge.

The pages' texts are kept here as ``{th, en}`` pairs (like the plan's own labels) and written in
the page's language by :func:`dgplan_quality_text`.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk
from markupsafe import Markup

from ckanext.dgplan.helpers.plan import dgplan_lang
from ckanext.dgplan.kpi import charts
from ckanext.dgplan.quality import DIMENSIONS, PROBLEMS, WEIGHTS
from ckanext.dgplan.quality.checks import MANDATORY, Settings
from ckanext.dgplan.quality.summary import KPI_CODE

__all__ = [
    "dgplan_quality_badge",
    "dgplan_quality_detail",
    "dgplan_quality_dimensions",
    "dgplan_quality_kpi_code",
    "dgplan_quality_problem_types",
    "dgplan_quality_text",
    "dgplan_quality_trend_chart",
    "dgplan_quality_weights",
]

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("คุณภาพข้อมูลเปิด", "Open-data quality"),
    "portal_title": ("คุณภาพข้อมูลเปิดของพอร์ทัล", "Open-data quality of the portal"),
    "agency_title": ("คุณภาพข้อมูลเปิดของหน่วยงาน", "Open-data quality of the agency"),
    "score": ("คะแนนคุณภาพ", "Quality score"),
    "score_of": ("คะแนนเฉลี่ย (เต็ม 100)", "Mean score (of 100)"),
    "datasets": ("ชุดข้อมูล", "Datasets"),
    "compliant": ("เป็นไปตามมาตรฐาน GD Catalog", "Meet the GD Catalog standard"),
    "share": ("สัดส่วนที่เป็นไปตามมาตรฐาน", "Share meeting the standard"),
    "not_checked": ("ยังไม่ได้ตรวจ", "Not checked yet"),
    "trend": ("แนวโน้ม (ชุดข้อมูลสาธารณะ)", "Trend (public datasets)"),
    "run": ("การตรวจครั้งที่", "Run"),
    "run_at": ("เวลาที่ตรวจ", "Checked at"),
    "problems": ("ปัญหาที่พบบ่อยที่สุดก่อน", "Problems, most frequent first"),
    "problem": ("ปัญหา", "Problem"),
    "count": ("จำนวนชุดข้อมูล", "Datasets"),
    "how_to_fix": ("วิธีแก้", "How to fix"),
    "what_to_fix": ("สิ่งที่ต้องแก้ (ชุดข้อมูลคะแนนต่ำสุดก่อน)", "What to fix (lowest scores first)"),
    "edit": ("แก้ไข", "Edit"),
    "dataset": ("ชุดข้อมูล", "Dataset"),
    "none": ("ไม่พบปัญหา", "No problem found"),
    "agencies": ("หน่วยงาน", "Agencies"),
    "agency": ("หน่วยงาน", "Agency"),
    "method": ("วิธีคำนวณตัวชี้วัดคุณภาพข้อมูลเปิด", "How the open-data quality indicator is computed"),
    "method_link": ("วิธีคำนวณ", "Method"),
    "kpi_link": ("ตัวชี้วัดของแผน", "The plan's KPI"),
    "stars": ("ระดับความเปิด (ดาว)", "Openness stars"),
    "badge": ("คุณภาพข้อมูล", "Data quality"),
    "private": ("ส่วนตัว", "Private"),
    "no_runs": ("ยังไม่มีผลการตรวจ", "No run yet"),
    "filter": ("ค้นหาชุดข้อมูลที่มีปัญหานี้", "Find datasets with this problem"),
    "dimension": ("ด้าน", "Dimension"),
    "check": ("การตรวจ", "Check"),
    "weight": ("น้ำหนัก", "Weight"),
    "days_overdue": ("เลยกำหนด %s วัน", "%s days overdue"),
    "fields": ("รายการที่ขาด", "Missing"),
    "refresh_note": ("ผลการตรวจปรับปรุงทุกวันโดยงานเบื้องหลัง ผู้ดูแลหน่วยงานสั่งตรวจใหม่ได้ผ่าน API dgplan_quality_refresh",
                     "Results are refreshed daily by a background job; agency admins can refresh through the "
                     "dgplan_quality_refresh API action"),
    "privacy_note": ("ตัวชี้วัดและแนวโน้มนับเฉพาะชุดข้อมูลสาธารณะ", "The KPI and the trend count public datasets only"),
}

_CHECKS: dict[str, tuple[str, str]] = {
    "mandatory": ("กรอกรายการบังคับของ GD Catalog ครบ (คิดตามสัดส่วนที่กรอก)",
                  "GD Catalog mandatory items filled (in proportion)"),
    "email": ("อีเมลผู้ติดต่อใช้ได้จริง", "Contact e-mail plausible"),
    "description": ("คำอธิบายยาวพอจะบอกว่าข้อมูลคืออะไร", "Description long enough to say what the data is"),
    "licence": ("สัญญาอนุญาตแบบเปิดจากทะเบียนของ CKAN", "An open licence from CKAN's register"),
    "format": ("รูปแบบที่เครื่องอ่านได้: 3 ดาวขึ้นไปได้เต็ม 2 ดาวได้ครึ่ง",
               "Machine-readable formats: 3+ stars full, 2 stars half"),
    "timeliness": ("ปรับปรุงตามความถี่ที่ระบุ (บวกระยะผ่อนผัน)", "Updated within the declared frequency plus grace"),
    "links": ("ทรัพยากรทุกรายการมีลิงก์ที่ตอบได้", "Every resource has a link that answers"),
    "datastore": ("ตาราง (CSV, XLS, XLSX, TSV) อยู่ใน DataStore", "Tables (CSV, XLS, XLSX, TSV) loaded in the DataStore"),
}


def dgplan_quality_text(key: str, lang: Optional[str] = None) -> str:
    """A text of the quality pages in the page's language."""
    th, en = _TEXTS.get(key, (key, key))
    return th if (lang or dgplan_lang()) == "th" else en


def dgplan_quality_kpi_code() -> str:
    return KPI_CODE


def dgplan_quality_dimensions() -> dict[str, tuple[str, str]]:
    return DIMENSIONS


def dgplan_quality_weights() -> list[dict[str, Any]]:
    """The method's table: dimension, check, weight (for the method page)."""
    lang = dgplan_lang()
    return [{"check": check, "dimension": DIMENSIONS[dim][0 if lang == "th" else 1],
             "label": _CHECKS[check][0 if lang == "th" else 1], "weight": weight}
            for check, (dim, weight) in WEIGHTS.items()]


def dgplan_quality_problem_types() -> list[dict[str, Any]]:
    lang = dgplan_lang()
    return [{"code": p.code, "dimension": DIMENSIONS[p.dimension][0 if lang == "th" else 1],
             "label": p.label_th if lang == "th" else p.label_en,
             "hint": p.hint_th if lang == "th" else p.hint_en} for p in PROBLEMS.values()]


def dgplan_quality_detail(problem: dict[str, Any]) -> str:
    """A short text of a problem's detail: the missing items, the days overdue, the formats."""
    lang = dgplan_lang()
    detail = problem.get("detail") or {}
    if problem.get("code") == "overdue" and "days_overdue" in detail:
        return dgplan_quality_text("days_overdue", lang) % detail["days_overdue"]
    if detail.get("fields"):
        names = [MANDATORY.get(f, (f, f))[0 if lang == "th" else 1] for f in detail["fields"]]
        return f"{dgplan_quality_text('fields', lang)}: {', '.join(names)}"
    if detail.get("formats"):
        return ", ".join(detail["formats"])
    if "chars" in detail:
        return f"{detail['chars']} / {detail.get('min', Settings().min_description_chars)}"
    if detail.get("count"):
        return str(detail["count"])
    return ""


def dgplan_quality_badge(pkg: dict[str, Any]) -> Optional[dict[str, Any]]:
    """``dgplan_quality_show`` of one dataset for its page, or ``None`` (not a plain dataset, or an error)."""
    if not pkg or pkg.get("type", "dataset") != "dataset":
        return None
    try:
        return tk.get_action("dgplan_quality_show")({}, {"id": pkg["id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None


def dgplan_quality_trend_chart(trend: list[dict[str, Any]], title: str) -> Markup:
    """SVG line of the share meeting the standard, run by run."""
    lang = dgplan_lang()
    runs = list(range(1, len(trend) + 1))
    svg = charts.line_chart_svg(
        runs, [float(r["share"]) if r.get("share") is not None else None for r in trend], [None] * len(runs),
        title=title, desc=dgplan_quality_text("trend", lang),
        value_label=dgplan_quality_text("share", lang), target_label="",
        x_title=dgplan_quality_text("run", lang), y_title="%", chart_id="chart-quality-trend")
    return Markup(svg)  # noqa: S704 - built by charts.py, which escapes every text it writes
