"""Dataset URL names follow RTGS for new datasets; an existing dataset's name never changes (issue 19)."""
from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from .plan_helpers import create_dataset

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets"),
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
]


def test_new_dataset_slug_follows_rtgs():
    org = factories.Organization()
    assert create_dataset(org, title="จำนวนประชากร เชียงใหม่")["name"] == "chamnuan-prachakon-chiang-mai"
    assert create_dataset(org, title="สถิติ ศรีสะเกษ")["name"] == "sathiti-sisaket"
    preview = helpers.call_action("dgplan_slug_preview", title="ข้อมูล สมุทรปราการ")
    assert preview["slug"] == "khomun-samut-prakan"


def test_name_made_by_the_old_romanization_is_kept():
    """A dataset named before the RTGS rules (เชียงใหม่ → chiang-aim) keeps its URL on every
    update: a new title, an update without a name, a patch."""
    org = factories.Organization()
    old = create_dataset(org, title="จำนวนประชากร เชียงใหม่", name="chamnon-prachakon-chiang-aim")
    data = dict(old)
    data.pop("name")
    data["title"] = "จำนวนประชากร เชียงใหม่ 2567"
    updated = helpers.call_action("package_update", **data)
    assert updated["name"] == "chamnon-prachakon-chiang-aim"
    patched = helpers.call_action("package_patch", id=old["id"], title="สถิติ ศรีสะเกษ", name="")
    assert patched["name"] == "chamnon-prachakon-chiang-aim"
    assert helpers.call_action("package_show", id="chamnon-prachakon-chiang-aim")["id"] == old["id"]
