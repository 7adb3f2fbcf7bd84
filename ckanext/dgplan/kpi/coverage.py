"""Is a KPI's data up to date? Staleness against the declared update frequency."""
from __future__ import annotations

from typing import Optional

__all__ = ["FREQUENCIES", "frequency_code", "frequency_years", "is_stale"]

#: Update frequency codes and the years between two values.
FREQUENCIES: dict[str, float] = {
    "monthly": 1 / 12,
    "quarterly": 0.25,
    "annual": 1.0,
    "biennial": 2.0,
    "irregular": 0.0,
}


def frequency_code(text: Optional[str]) -> Optional[str]:
    """``"biennial (UN survey years ...)"`` -> ``"biennial"``; unknown text -> ``None``."""
    if not text:
        return None
    word = str(text).strip().split()[0].strip(",;:").lower() if str(text).strip() else ""
    aliases = {"yearly": "annual", "รายปี": "annual", "ทุกปี": "annual", "ราย2ปี": "biennial",
               "ทุก2ปี": "biennial", "รายไตรมาส": "quarterly", "รายเดือน": "monthly"}
    word = aliases.get(word, word)
    return word if word in FREQUENCIES else None


def frequency_years(text: Optional[str]) -> Optional[float]:
    """Years between two values for a frequency; ``None`` when unknown or irregular."""
    code = frequency_code(text)
    if code is None or FREQUENCIES[code] == 0:
        return None
    return FREQUENCIES[code]


def is_stale(latest_year_be: Optional[int], frequency: Optional[str], current_year_be: int,
             grace_years: int = 1) -> Optional[bool]:
    """Whether the latest value is older than the frequency allows.

    The next value is due ``interval`` years after the latest one, and agencies get
    ``grace_years`` (default one fiscal year) to publish it. ``None`` means "cannot say":
    no data, or no regular frequency.
    """
    interval = frequency_years(frequency)
    if latest_year_be is None or interval is None:
        return None
    return current_year_be - latest_year_be > max(interval, 1.0) + grace_years
