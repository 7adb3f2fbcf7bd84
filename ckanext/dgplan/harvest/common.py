"""What leaves an agency portal, and the harvest job report's messages (no ckanext-harvest imports)."""
from __future__ import annotations

from typing import Optional

ALLOWED = "True"
# The Solr filter for datasets allowed for harvest (scheming fields are indexed under their own name).
ALLOWED_FQ = f"allow_harvest:{ALLOWED}"


def dgplan_allowed_fq(fq: Optional[str]) -> str:
    """A search filter narrowed to the datasets allowed for harvest."""
    return f"{fq} +{ALLOWED_FQ}" if fq else f"+{ALLOWED_FQ}"


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
