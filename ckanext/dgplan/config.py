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


def dgplan_plan_file() -> str:
    return tk.config["ckanext.dgplan.plan_file"] or ""


def dgplan_import_max_bytes() -> int:
    return int(tk.config["ckanext.dgplan.import.max_size_mb"]) * 1024 * 1024


def dgplan_organization() -> str:
    return tk.config["ckanext.dgplan.organization"]
