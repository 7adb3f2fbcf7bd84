"""Agency and portal summaries of dataset results, and the KPI value.

The KPI (``KPI-OPEN-DATA-QUALITY``) is the share, in per cent, of *open* datasets (public, not
private) that are compliant: every GD Catalog mandatory item, a plausible contact e-mail, a real
description and an open licence (see :mod:`.checks`). The same share is computed per agency.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from ckanext.dgplan.quality.checks import PROBLEMS

__all__ = ["KPI_CODE", "share", "summarize"]

KPI_CODE = "KPI-OPEN-DATA-QUALITY"


def share(compliant: int, total: int) -> Optional[float]:
    """Per cent with one decimal; ``None`` for an agency without datasets."""
    return round(100.0 * compliant / total, 1) if total else None


def summarize(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Summary of dataset results (``score``, ``compliant``, ``codes``): counts, mean score, share
    of compliant datasets, and each problem with how many datasets have it, most frequent first."""
    total = compliant = score_sum = 0
    counts: dict[str, int] = {}
    for row in rows:
        total += 1
        score_sum += int(row.get("score") or 0)
        compliant += bool(row.get("compliant"))
        for code in set(row.get("codes") or ()):
            counts[code] = counts.get(code, 0) + 1
    order = list(PROBLEMS)
    problems = [{"code": code, "count": n, "dimension": PROBLEMS[code].dimension,
                 "label": {"th": PROBLEMS[code].label_th, "en": PROBLEMS[code].label_en},
                 "hint": {"th": PROBLEMS[code].hint_th, "en": PROBLEMS[code].hint_en}}
                for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])
                                                                       if kv[0] in order else 99))
                if code in PROBLEMS]
    return {"datasets": total, "compliant": compliant, "share": share(compliant, total),
            "score": round(score_sum / total, 1) if total else None, "problems": problems}
