"""Shared set-up of the plan tests: datasets tagged with plan codes, seen by three kinds of user.

Needs the plan fields in the dataset schema (``schemas/dgplan_dataset.yaml``) and
``ckanext.dgplan:schemas/dgplan_plan_presets.yaml`` in ``scheming.presets`` (test.ini).
"""
from __future__ import annotations

import re
from typing import Any

import pytest
from ckan.tests import factories, helpers

THAI = re.compile("[\u0e01-\u0e5b]")


def bilingual(message: str) -> bool:
    """Thai, then " / ", then English."""
    th, sep, en = str(message).partition(" / ")
    return bool(sep and THAI.search(th) and re.search("[A-Za-z]{3}", en))


def dataset_data(org: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A valid GD Catalog dataset (codes for choices) with the given plan fields."""
    data: dict[str, Any] = {
        "title": "สถิติผู้สูงอายุรายจังหวัด",
        "owner_org": org["id"],
        "data_type": "statistical",
        "maintainer": "กลุ่มงานสถิติ",
        "maintainer_email": "stat@example.go.th",
        "tag_string": "สถิติ",
        "notes": "จำนวนผู้สูงอายุแยกตามจังหวัด",
        "objective": ["ยุทธศาสตร์ชาติ"],
        "update_frequency_unit": "ปี",
        "geo_coverage": "จังหวัด",
        "data_source": "สำนักงานสถิติแห่งชาติ",
        "data_format": ["CSV"],
        "data_category": "ข้อมูลสาธารณะ",
        "license_id": "Creative Commons Attributions",
    }
    data.update(extra)
    return data


def create_dataset(org: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return helpers.call_action("package_create", **dataset_data(org, **extra))


def as_user(user: dict[str, Any] | None) -> dict[str, Any]:
    """Context of a real call by ``user`` (``None``: anonymous); authorization is not skipped."""
    return {"user": user["name"] if user else "", "ignore_auth": False}


@pytest.fixture
def world() -> dict[str, Any]:
    """Two organizations, three users and four datasets.

    ========== ====== ======= ================ ================== ===============
    dataset    org    private goals            strategies         kpis
    ========== ====== ======= ================ ================== ===============
    elderly    A      no      G1               S1
    budget     A      no      G1 G3            S1 S3              KPI-EGDI-RANK
    secret     A      yes     G1 G4            S1 S4
    export     B      no      G2               S2
    ========== ====== ======= ================ ================== ===============

    ``owner`` is an editor of A (sees ``secret``); ``other`` is an editor of B (does not).
    """
    owner = factories.UserWithToken()
    other = factories.UserWithToken()
    org_a = factories.Organization(users=[{"name": owner["name"], "capacity": "editor"}])
    org_b = factories.Organization(users=[{"name": other["name"], "capacity": "editor"}])
    datasets = {
        "elderly": create_dataset(org_a, name="plan-elderly", title="จำนวนผู้สูงอายุ",
                                  dgplan_goals=["G1"], dgplan_strategies=["S1"]),
        "budget": create_dataset(org_a, name="plan-budget", title="งบประมาณรายจ่ายประจำปี",
                                 dgplan_goals="G3, g1", dgplan_strategies=["S3", "S1"],
                                 dgplan_kpis=["KPI-EGDI-RANK"]),
        "secret": create_dataset(org_a, name="plan-secret", title="ทะเบียนลับเฉพาะ", private=True,
                                 dgplan_goals=["G1", "G4"], dgplan_strategies=["S1", "S4"]),
        "export": create_dataset(org_b, name="plan-export", title="มูลค่าการส่งออก",
                                 dgplan_goals=["G2"], dgplan_strategies=["S2"]),
    }
    return {"owner": owner, "other": other, "org_a": org_a, "org_b": org_b, "datasets": datasets}
