"""CKAN's own date helper, Buddhist-era on Thai pages.

CKAN formats dates with Babel, whose Thai locale writes the Gregorian year with its era
("6 ธันวาคม ค.ศ. 2026"), next to the Buddhist-era dates of dgplan's fields ("1 ตุลาคม 2566").
``render_datetime`` is chained (``tk.chained_helper``, CKAN's mechanism for extending a core
helper) so that every core template (resource pages, activity stream, search results) shows
Thai dates in the Buddhist era; other languages and explicit ``date_format`` calls go to CKAN.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk

from ckanext.dgplan.helpers.plan import dgplan_lang
from ckanext.dgplan.thai import dates as thai_dates

__all__ = ["render_datetime"]


@tk.chained_helper
def render_datetime(next_helper: Callable[..., str], datetime_: Any, date_format: Optional[str] = None,
                    with_hours: bool = False, with_seconds: bool = False) -> str:
    """``6 ธันวาคม 2569`` (``, 14:05 น.`` with hours) on Thai pages; CKAN's rendering otherwise."""
    if date_format or dgplan_lang() != "th":
        return next_helper(datetime_, date_format=date_format, with_hours=with_hours, with_seconds=with_seconds)
    value = tk.h.date_str_to_datetime(datetime_) if isinstance(datetime_, str) else datetime_
    if not isinstance(value, dt.datetime):
        try:
            return next_helper(datetime_, date_format=date_format, with_hours=with_hours,
                               with_seconds=with_seconds)
        except (TypeError, ValueError):
            return ""
    text = thai_dates.format_thai_date(value.date(), style="long")
    if with_seconds:
        return f"{text} {value:%H:%M:%S} น."
    if with_hours:
        return f"{text} {value:%H:%M} น."
    return text
