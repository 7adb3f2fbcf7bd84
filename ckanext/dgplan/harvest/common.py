"""What leaves an agency portal, and the harvest job report's messages (no ckanext-harvest imports)."""
from __future__ import annotations

import json
from typing import Any, Optional

ALLOWED = "True"
# The Solr filter for datasets allowed for harvest (scheming fields are indexed under their own name).
ALLOWED_FQ = f"allow_harvest:{ALLOWED}"


def dgplan_allowed_fq(fq: Optional[str]) -> str:
    """A search filter narrowed to the datasets allowed for harvest."""
    return f"{fq} +{ALLOWED_FQ}" if fq else f"+{ALLOWED_FQ}"


# Seconds to wait for one answer of a source (a harvest source's config may set "timeout"):
# ckanext-harvest's and ckanext-dcat's own requests have none, so a source that stops answering
# held the gather consumer for good.
DEFAULT_TIMEOUT = 60


def dgplan_check_timeout(config: Optional[str]) -> None:
    """Raise ``ValueError`` (Thai and English) when a source config's ``timeout`` is not seconds above 0."""
    timeout = json.loads(config).get("timeout") if config else None
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                or timeout <= 0):
        raise ValueError(message("timeout ต้องเป็นจำนวนวินาทีที่มากกว่า 0",
                                 "timeout must be a number of seconds above 0"))


def dgplan_source_timeout(config: Optional[str]) -> Any:
    """The seconds a request to the source may wait: its config's ``timeout``, or the default (also
    for a config the source type did not check: ckanext-dcat's ``dcat_rdf`` takes any key)."""
    try:
        dgplan_check_timeout(config)
        timeout = json.loads(config).get("timeout") if config else None
    except (ValueError, AttributeError):
        return DEFAULT_TIMEOUT
    return DEFAULT_TIMEOUT if timeout is None else timeout


def dgplan_stopped_message(count: int, th_detail: str, en_detail: str) -> str:
    """The gather error of a listing cut short after ``count`` datasets (what was kept, what follows)."""
    return message(
        f"แหล่งหยุดตอบหลังส่งรายการชุดข้อมูลมา {count} ชุด{th_detail}: นำเข้าชุดที่ได้แล้ว ไม่ลบชุดข้อมูลใด "
        "และรอบถัดไปจะอ่านรายการทั้งหมดใหม่",
        f"The source stopped answering after listing {count} datasets: those are imported, no dataset "
        f"is deleted, and the next run reads the whole list again ({en_detail})")


def message(th: str, en: str) -> str:
    # Harvest job reports are read by the central catalogue's staff in either language.
    return f"{th} / {en}"


def _thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def dgplan_gather_message(detail: str) -> str:
    """A gather error of ckanext-harvest's code (English) with its Thai heading."""
    if _thai(detail) and " / " in detail:
        return detail
    return message("รวบรวมรายการชุดข้อมูลจากแหล่งไม่สำเร็จ", f"Gathering from the source failed: {detail}")


def dgplan_import_message(detail: str) -> str:
    """An import error of ckanext-harvest's code with its Thai heading (dgplan's own field errors in it
    are already in Thai and English)."""
    if detail.startswith("ชุดข้อมูล") and " / " in detail:
        return detail
    return message("นำเข้าชุดข้อมูลไม่สำเร็จ (ชุดข้อมูลเดิมไม่เปลี่ยน)",
                   f"The dataset could not be imported (any existing copy is unchanged): {detail}")
