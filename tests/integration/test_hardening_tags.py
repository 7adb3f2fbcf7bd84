"""Issue 16 hardening: one tag rule on every path, tags of private datasets, slug lookups, preview size.

Real PostgreSQL and Solr; CKAN actions and the API as the portal answers them.
"""
from __future__ import annotations

import re
import time
from typing import Any

import pytest
from ckan import model
from ckan.lib import search
from ckan.logic import NotFound, ValidationError
from ckan.tests import factories, helpers

# The DataStore stays loaded: an app built here becomes the one later modules' url_for runs against
# outside a request, and the KPI tests need its routes there.
pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets datastore"),
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
]

THAI = re.compile("[\u0e01-\u0e5b]")
TITLE = "สถิติประชากรรายจังหวัด"


def _data(org: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": TITLE,
        "owner_org": org["id"],
        "data_type": "ข้อมูลสถิติ",
        "maintainer": "กลุ่มงานสถิติ",
        "maintainer_email": "stat@example.go.th",
        "tag_string": "ประชากร, สถิติ",
        "notes": "จำนวนประชากรแยกตามจังหวัด",
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


def _create(org: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return helpers.call_action("package_create", **_data(org, **extra))


def _refused(action: str, **data: Any) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        helpers.call_action(action, **data)
    err = info.value
    # CKAN's own formatting of the error must work (the API and the form print it)
    str(err)
    assert isinstance(err.error_summary, dict)
    return err


def _bilingual(message: str) -> bool:
    th, sep, en = message.partition(" / ")
    return bool(sep and THAI.search(th) and re.search("[A-Za-z]{3}", en))


def _store_tag(package_id: str, name: str) -> None:
    """A tag written by an older, looser rule (straight into the database)."""
    tag = model.Tag.by_name(name) or model.Tag(name=name)
    model.Session.add(tag)
    model.Session.flush()
    model.Session.add(model.PackageTag(package=model.Package.get(package_id), tag=tag, state="active"))
    model.Session.commit()
    search.rebuild(package_id)  # package_show answers from the index


def _tags(pkg: dict[str, Any]) -> list[str]:
    return sorted(t["name"] for t in pkg["tags"])


@pytest.fixture
def org() -> dict[str, Any]:
    return factories.Organization()


# --------------------------------------------------- fault 1: one tag rule


@pytest.mark.parametrize("bad", ["-", ".", "()"])
def test_tag_without_letter_or_digit_is_refused_on_create(org, bad):
    err = _refused("package_create", **_data(org, tag_string=f"ข้อมูล, {bad}"))
    [message] = err.error_dict["tag_string"]
    assert f'"{bad}"' in message and _bilingual(message)


def test_tags_list_errors_have_ckans_shape(org):
    data = _data(org, tags=[{"name": "ข้อมูล"}, {"name": "-"}])
    del data["tag_string"]
    err = _refused("package_create", **data)
    # ValidationError flattens CKAN's [{"name": [...]}] into one string per refused tag
    assert all(isinstance(m, str) for m in err.error_dict["tags"])
    assert '"-"' in err.error_dict["tags"][0] and _bilingual(err.error_dict["tags"][0])


def test_tag_errors_through_the_api_are_409_not_500(app, org):
    sysadmin = factories.Sysadmin()
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    data = _data(org, tags=[{"name": "-"}])
    del data["tag_string"]
    response = app.post("/api/3/action/package_create", json=data, headers=headers, status=409)
    assert '"-"' in response.json["error"]["tags"][0]


def test_one_rule_for_tags_and_tag_string(org):
    # a one-character word is a tag on both paths (CKAN's own tag_length_validator would refuse it
    # in `tags` only)
    pkg = _create(org, tag_string="ข้อมูล, R")
    assert _tags(pkg) == ["R", "ข้อมูล"]
    again = helpers.call_action("package_patch", id=pkg["id"], notes="อัปเดต")
    assert _tags(again) == ["R", "ข้อมูล"]
    patched = helpers.call_action("package_patch", id=pkg["id"], tags=[{"name": "x"}, {"name": "ข้อมูล"}])
    assert _tags(patched) == ["x", "ข้อมูล"]
    err = _refused("package_patch", id=pkg["id"], tags=[{"name": "-"}])
    assert '"-"' in err.error_dict["tags"][0]


@pytest.fixture
def stuck(org) -> dict[str, Any]:
    """A dataset carrying "-", which an older rule accepted and the current one refuses."""
    pkg = _create(org)
    _store_tag(pkg["id"], "-")
    return helpers.call_action("package_show", id=pkg["id"])


def test_resource_writes_keep_a_stored_refused_tag(stuck):
    assert "-" in _tags(stuck)
    res = helpers.call_action("resource_create", package_id=stuck["id"],
                              url="https://example.go.th/a.csv", name="ไฟล์")
    helpers.call_action("resource_patch", id=res["id"], name="ไฟล์ 2")
    helpers.call_action("resource_update", id=res["id"], url="https://example.go.th/b.csv", name="ไฟล์ 3")
    pkg = helpers.call_action("package_show", id=stuck["id"])
    assert [r["name"] for r in pkg["resources"]] == ["ไฟล์ 3"]
    assert _tags(pkg) == _tags(stuck)
    helpers.call_action("resource_delete", id=res["id"])


def test_editing_names_a_stored_refused_tag_and_a_fix_saves(stuck):
    err = _refused("package_patch", id=stuck["id"], notes="คำอธิบายใหม่")
    [message] = err.error_dict["tags"]
    assert '"-"' in message and _bilingual(message)
    assert "ก่อน" in message and "earlier" in message  # says it was stored before the rule
    # package_patch keeps the stored `tags` unless they are sent: the fix sends them
    fixed = helpers.call_action("package_patch", id=stuck["id"], notes="คำอธิบายใหม่",
                                tags=[{"name": "ประชากร"}, {"name": "สถิติ"}])
    assert _tags(fixed) == ["ประชากร", "สถิติ"]


def test_web_form_names_a_stored_refused_tag(app, org, stuck):
    sysadmin = factories.Sysadmin()
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    page = app.get(f"/dataset/edit/{stuck['name']}", headers=headers, status=200)
    assert "-" in page.body  # the form shows the stored tags, "-" among them
    form = {**_data(org), "name": stuck["name"], "objective": "ยุทธศาสตร์ชาติ", "data_format": "CSV",
            "tag_string": "ประชากร, สถิติ, -", "save": ""}
    refused = app.post(f"/dataset/edit/{stuck['name']}", headers=headers, data=form, status=200)
    assert "ไม่มีตัวอักษรหรือตัวเลข" in refused.body and "บันทึกไว้ก่อน" in refused.body
    app.post(f"/dataset/edit/{stuck['name']}", headers=headers, data={**form, "tag_string": "ประชากร, สถิติ"})
    assert _tags(helpers.call_action("package_show", id=stuck["id"])) == ["ประชากร", "สถิติ"]


# --------------------------------------------------------- junk tags


def test_semicolon_in_tag_string_separates_tags(org):
    pkg = _create(org, tag_string="ข้อมูล;สถิติ ; ประชากร")
    assert _tags(pkg) == ["ข้อมูล", "ประชากร", "สถิติ"]


def test_semicolon_in_tags_list_is_refused_with_a_hint(org):
    data = _data(org, tags=[{"name": "ข้อมูล;สถิติ"}])
    del data["tag_string"]
    err = _refused("package_create", **data)
    message = err.error_dict["tags"][0]
    assert '"ข้อมูล;สถิติ"' in message and "," in message and _bilingual(message)


@pytest.mark.parametrize("bad", ["'quoted'", '"quoted"', "“ข้อมูล”", "it's"])
def test_quotes_are_refused_naming_the_tag(org, bad):
    err = _refused("package_create", **_data(org, tag_string=f"ข้อมูล, {bad}"))
    [message] = err.error_dict["tag_string"]
    assert bad in message and _bilingual(message)
    data = _data(org, tags=[{"name": bad}])
    del data["tag_string"]
    err = _refused("package_create", **data)
    assert bad in err.error_dict["tags"][0]


def test_tag_length_limit_is_stated(org):
    err = _refused("package_create", **_data(org, tag_string="ก" * 101))
    assert "100" in err.error_dict["tag_string"][0]


@pytest.mark.ckan_config("ckanext.dgplan.tags.max_chars", "20")
def test_tag_length_limit_is_a_config_option(org):
    assert _create(org, tag_string="ก" * 20)
    err = _refused("package_create", **_data(org, tag_string="ก" * 21))
    assert "20" in err.error_dict["tag_string"][0]
    data = _data(org, tags=[{"name": "ข" * 21}])
    del data["tag_string"]
    err = _refused("package_create", **data)
    assert "20" in err.error_dict["tags"][0]


# ------------------------------------------ fault 8: tags of private datasets


@pytest.fixture
def tagged() -> dict[str, Any]:
    member, outsider = factories.User(), factories.User()
    org = factories.Organization(users=[{"name": member["name"], "capacity": "member"}])
    _create(org, name="public-one", tag_string="สาธารณะ, ร่วมกัน")
    _create(org, name="private-one", private=True, tag_string="ลับเฉพาะ, ร่วมกัน")
    return {"member": member, "outsider": outsider, "sysadmin": factories.Sysadmin()}


def _as(user: dict[str, Any] | None) -> dict[str, Any]:
    return {"user": user["name"] if user else "", "ignore_auth": False}


@pytest.mark.parametrize("who", [None, "outsider"])
def test_private_only_tag_is_hidden_from_others(tagged, who):
    context = _as(tagged[who] if who else None)
    names = helpers.call_action("tag_list", context=dict(context))
    assert "สาธารณะ" in names and "ร่วมกัน" in names and "ลับเฉพาะ" not in names
    full = helpers.call_action("tag_list", context=dict(context), all_fields=True)
    assert "ลับเฉพาะ" not in [t["name"] for t in full]
    assert helpers.call_action("tag_list", context=dict(context), query="ลับ") == []
    assert helpers.call_action("tag_autocomplete", context=dict(context), query="ลับ") == []
    assert helpers.call_action("tag_autocomplete", context=dict(context), query="ร่วม") == ["ร่วมกัน"]
    assert helpers.call_action("tag_search", context=dict(context), query="ลับ")["count"] == 0
    with pytest.raises(NotFound):
        helpers.call_action("tag_show", context=dict(context), id="ลับเฉพาะ")
    assert helpers.call_action("tag_show", context=dict(context), id="ร่วมกัน")["name"] == "ร่วมกัน"


@pytest.mark.parametrize("who", ["member", "sysadmin"])
def test_private_only_tag_is_seen_by_who_may_see_the_dataset(tagged, who):
    context = _as(tagged[who])
    assert "ลับเฉพาะ" in helpers.call_action("tag_list", context=dict(context))
    assert helpers.call_action("tag_autocomplete", context=dict(context), query="ลับ") == ["ลับเฉพาะ"]
    assert helpers.call_action("tag_show", context=dict(context), id="ลับเฉพาะ")["name"] == "ลับเฉพาะ"


def test_private_only_tag_through_the_api(app, tagged):
    app.get("/api/3/action/tag_show", query_string={"id": "ลับเฉพาะ"}, status=404)
    answer = app.get("/api/2/util/tag/autocomplete", query_string={"incomplete": "ลับ"}).json
    assert answer["ResultSet"]["Result"] == []
    names = app.get("/api/3/action/tag_list").json["result"]
    assert "ลับเฉพาะ" not in names and "สาธารณะ" in names


# --------------------------------------------- slug lookups reveal nothing


def test_slug_preview_ignores_datasets_the_caller_cannot_see(org):
    base = helpers.call_action("dgplan_slug_preview", title=TITLE)["slug"]
    member = factories.User()
    owner = factories.Organization(users=[{"name": member["name"], "capacity": "member"}])
    _create(owner, name=base, private=True)
    anonymous = helpers.call_action("dgplan_slug_preview", context=_as(None), title=TITLE)
    assert anonymous["slug"] == base
    outsider = helpers.call_action("dgplan_slug_preview", context=_as(factories.User()), title=TITLE)
    assert outsider["slug"] == base
    seen = helpers.call_action("dgplan_slug_preview", context=_as(member), title=TITLE)
    assert seen["slug"] == base + "-2"
    # the id of a dataset the caller cannot see changes nothing either
    hidden = helpers.call_action("dgplan_slug_preview", context=_as(None), title=TITLE, id=base)
    assert hidden["slug"] == base


def test_slug_preview_ignores_deleted_datasets(org):
    base = helpers.call_action("dgplan_slug_preview", title=TITLE)["slug"]
    pkg = _create(org, name=base)
    helpers.call_action("package_delete", id=pkg["id"])
    assert helpers.call_action("dgplan_slug_preview", context=_as(None), title=TITLE)["slug"] == base
    assert helpers.call_action("dgplan_slug_preview", context=_as(factories.User()), title=TITLE)["slug"] == base


def test_saved_name_is_still_unique(org):
    base = helpers.call_action("dgplan_slug_preview", title=TITLE)["slug"]
    _create(factories.Organization(), name=base, private=True)
    pkg = _create(org)  # no name: made from the title at save time
    assert pkg["name"] == base + "-2"
    err = _refused("package_create", **_data(org, name=base))
    assert err.error_dict["name"]


# ----------------------------------------- fault 10: preview text size


def test_slug_preview_refuses_long_text_quickly():
    limit = 5000
    assert helpers.call_action("dgplan_slug_preview", title="ก" * limit)["slug"]
    started = time.perf_counter()
    err = _refused("dgplan_slug_preview", title="ข้อมูลสถิติ " * 110_000)  # about 1.3 MB
    elapsed = time.perf_counter() - started
    [message] = err.error_dict["title"]
    assert str(limit) in message.replace(",", "") and _bilingual(message)
    assert elapsed < 0.5


@pytest.mark.ckan_config("ckanext.dgplan.free_text.max_chars", "50")
def test_slug_preview_limit_is_the_free_text_option(app):
    response = app.get("/api/3/action/dgplan_slug_preview", query_string={"title": "ก" * 51}, status=409)
    assert "50" in response.json["error"]["title"][0]
