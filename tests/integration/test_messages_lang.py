"""Issue 17: messages in the reader's language.

A page writes its messages in the page's language only; an API call in the language its URL prefix
(``/th/api``, ``/en/api``) or its ``Accept-Language`` asks for, and in both (Thai, then English)
when it asks for none, as every API answer did before.
"""
from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets"),
    pytest.mark.usefixtures("clean_db", "with_plugins"),
]

STATUS_TH = 'สถานะ "bogus" ไม่ถูกต้อง'
STATUS_EN = 'Unknown status "bogus"'
GOAL_TH = 'ไม่พบเป้าหมายรหัส "G9"'
GOAL_EN = 'No goal with code "G9"'


def _status_refusal(app, prefix: str = "", headers: dict[str, str] | None = None) -> str:
    res = app.get(f"{prefix}/api/3/action/dgplan_kpi_list", query_string={"status": "bogus"},
                  headers=headers or {}, status=409)
    return res.json["error"]["status"][0]


def test_api_without_a_language_answers_in_thai_then_english(app):
    message = _status_refusal(app)
    assert message.startswith(STATUS_TH) and f" / {STATUS_EN}" in message


@pytest.mark.parametrize(("prefix", "headers", "lang"), [
    ("/en", {}, "en"),
    ("/th", {}, "th"),
    ("", {"Accept-Language": "en-GB,en;q=0.9"}, "en"),
    ("", {"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"}, "th"),
    # the URL's prefix is CKAN's own language choice and wins over the header
    ("/en", {"Accept-Language": "th"}, "en"),
    ("/th", {"Accept-Language": "en"}, "th"),
])
def test_api_in_the_language_asked_for(app, prefix, headers, lang):
    message = _status_refusal(app, prefix, headers)
    if lang == "en":
        assert message.startswith(STATUS_EN) and STATUS_TH not in message
    else:
        assert message.startswith(STATUS_TH) and STATUS_EN not in message


def test_api_language_neither_thai_nor_english_gets_both(app):
    message = _status_refusal(app, headers={"Accept-Language": "fr"})
    assert STATUS_TH in message and STATUS_EN in message


def test_api_not_found_in_the_language_asked_for(app):
    both = app.get("/api/3/action/dgplan_goal_show", query_string={"id": "G9"}, status=404).json["error"]["message"]
    english = app.get("/en/api/3/action/dgplan_goal_show", query_string={"id": "G9"},
                      status=404).json["error"]["message"]
    assert GOAL_TH in both and GOAL_EN in both
    assert GOAL_EN in english and GOAL_TH not in english


@pytest.fixture
def editor() -> dict[str, Any]:
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return {"org": org, "token": factories.APIToken(user=user["name"])["token"]}


def _form(org: dict[str, Any]) -> dict[str, str]:
    # The dataset form as a publisher sends it, with no tag and a title over the 500-character limit.
    return {"name": "messages-lang", "title": "ก" * 600, "owner_org": org["id"], "notes": "ทดสอบ",
            "data_type": "statistical", "objective": "national_strategy", "data_format": "csv",
            "update_frequency_unit": "year", "update_frequency_interval": "1", "geo_coverage": "province",
            "data_category": "public", "license_id": "cc-by", "allow_harvest": "True",
            "maintainer": "กลุ่มงานสถิติ", "maintainer_email": "stat@example.go.th", "data_source": "กรมการปกครอง",
            "tag_string": "", "save": ""}


@pytest.mark.parametrize(("prefix", "shown", "hidden"), [
    ("", ["กรุณาระบุคำสำคัญอย่างน้อยหนึ่งคำ", "ข้อความยาวเกิน 500 ตัวอักษร (ส่งมา 600 ตัวอักษร)"],
     ["At least one tag is required", "Text is longer than"]),
    ("/en", ["At least one tag is required", "Text is longer than 500 characters (600 given)"],
     ["กรุณาระบุคำสำคัญอย่างน้อยหนึ่งคำ", "ข้อความยาวเกิน"]),
])
def test_dataset_form_errors_in_the_page_language_only(app, editor, prefix, shown, hidden):
    res = app.post(f"{prefix}/dataset/new", data=_form(editor["org"]),
                   headers={"Authorization": editor["token"]}, status=200)
    for text in shown:
        assert text in res.body
    for text in hidden:
        assert text not in res.body
