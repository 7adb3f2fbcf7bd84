"""Typed access to the declared configuration options (see config_declaration.yaml)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def dgplan_search_enabled() -> bool:
    return tk.config["ckanext.dgplan.search.enabled"]


def dgplan_search_subwords() -> bool:
    return tk.config["ckanext.dgplan.search.subwords"]


def dgplan_search_loanwords() -> bool:
    return tk.config["ckanext.dgplan.search.loanwords"]


def dgplan_search_words_first() -> bool:
    return tk.config["ckanext.dgplan.search.words_first"]


def dgplan_search_mm() -> str:
    return tk.config["ckanext.dgplan.search.mm"] or "3<-1 5<40%"


def dgplan_extra_words_file() -> str:
    return tk.config["ckanext.dgplan.search.extra_words_file"] or ""


def dgplan_search_retry_intervals() -> list[int]:
    """Seconds between attempts to index a dataset saved while Solr was unreachable."""
    return [max(int(v), 0) for v in tk.config["ckanext.dgplan.search.retry_intervals"] or []] or [60]


def dgplan_search_retry_max() -> int:
    return max(int(tk.config["ckanext.dgplan.search.retry_max"]), 1)


def dgplan_plan_file() -> str:
    return tk.config["ckanext.dgplan.plan_file"] or ""


def dgplan_import_max_bytes() -> int:
    return int(tk.config["ckanext.dgplan.import.max_size_mb"]) * 1024 * 1024


def dgplan_import_max_rows() -> int:
    return int(tk.config["ckanext.dgplan.import.max_rows"])


def dgplan_import_max_cells() -> int:
    return int(tk.config["ckanext.dgplan.import.max_cells"])


def dgplan_import_max_unpacked_bytes() -> int:
    return int(tk.config["ckanext.dgplan.import.max_unpacked_mb"]) * 1024 * 1024


def dgplan_organization() -> str:
    return tk.config["ckanext.dgplan.organization"]


def dgplan_budget_max_baht() -> int:
    """Largest budget figure (baht) for one project and fiscal year."""
    return int(tk.config["ckanext.dgplan.budget.max_baht"])


def dgplan_title_max_chars() -> int:
    return int(tk.config["ckanext.dgplan.text.title_max_chars"])


def dgplan_notes_max_chars() -> int:
    return int(tk.config["ckanext.dgplan.text.notes_max_chars"])


def dgplan_field_max_chars() -> int:
    return int(tk.config["ckanext.dgplan.text.field_max_chars"])


def dgplan_json_max_depth() -> int:
    return int(tk.config["ckanext.dgplan.json.max_depth"])


def dgplan_free_text_max_chars() -> int:
    """Longest text an anonymous helper action (tag suggestions, slug preview) accepts."""
    return int(tk.config["ckanext.dgplan.free_text.max_chars"])


def dgplan_tag_max_chars() -> int:
    """Longest tag in characters; never above CKAN's MAX_TAG_LENGTH (100, the tag.name column)."""
    return min(int(tk.config["ckanext.dgplan.tags.max_chars"]), 100)


def dgplan_home_example_queries() -> list[str]:
    return [q for q in tk.config["ckanext.dgplan.home.example_queries"] or [] if q]


def dgplan_quality_interval_hours() -> float:
    """Hours between two daily quality runs; 0 turns the schedule off."""
    return max(float(tk.config["ckanext.dgplan.quality.interval_hours"]), 0.0)


def dgplan_quality_queue() -> str:
    """The jobs queue of the quality jobs (CKAN's unprefixed name)."""
    return str(tk.config["ckanext.dgplan.quality.queue"]).strip() or "default"


def dgplan_quality_min_description_chars() -> int:
    return max(int(tk.config["ckanext.dgplan.quality.min_description_chars"]), 0)


def dgplan_quality_link_timeout() -> float:
    return max(float(tk.config["ckanext.dgplan.quality.link_timeout"]), 0.1)


def dgplan_quality_link_host_interval() -> float:
    return max(float(tk.config["ckanext.dgplan.quality.link_host_interval"]), 0.0)


def dgplan_quality_link_budget() -> float:
    return max(float(tk.config["ckanext.dgplan.quality.link_budget"]), 1.0)


def dgplan_quality_link_allow_private() -> bool:
    return tk.config["ckanext.dgplan.quality.link_allow_private"]
