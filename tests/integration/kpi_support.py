"""Shared set-up of the KPI integration tests (imported by tests/integration/test_kpi_*.py)."""
from __future__ import annotations

import io
from typing import Any

import pytest
from ckan.tests import factories, helpers

SCHEMAS = ("ckanext.dgplan:schemas/dgplan_dataset.yaml ckanext.dgplan:schemas/dgplan_kpi.yaml "
           "ckanext.dgplan:schemas/dgplan_project.yaml")

#: Marks every KPI integration test needs: our schemas, the plugins, clean database and index.
kpi_marks = [
    pytest.mark.ckan_config("scheming.dataset_schemas", SCHEMAS),
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets datastore activity"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_datastore"),
]


def kpi_dataset(org: dict[str, Any], code: str = "KPI-EGDI-RANK", private: bool = False, **extra: Any) -> dict:
    data = {
        "type": "dgplan-kpi", "name": code.lower(), "title": f"ตัวชี้วัด {code}", "owner_org": org["id"],
        "dgplan_kpi_code": code, "dgplan_unit": "อันดับ", "dgplan_direction": "lower",
        "dgplan_baseline_year": "2565", "dgplan_baseline_value": "55", "dgplan_targets": "2570: 40",
        "dgplan_frequency": "biennial", "private": private,
    }
    data.update(extra)
    return helpers.call_action("package_create", {"user": _sysadmin_name()}, **data)


def project_dataset(org: dict[str, Any], name: str = "proj-a", private: bool = False, **extra: Any) -> dict:
    data = {"type": "dgplan-project", "name": name, "title": f"โครงการ {name}", "owner_org": org["id"],
            "dgplan_project_status": "ongoing", "dgplan_strategies": ["S4"], "private": private}
    data.update(extra)
    return helpers.call_action("package_create", {"user": _sysadmin_name()}, **data)


_SYSADMIN: dict[str, str] = {}


def _sysadmin_name() -> str:
    name = _SYSADMIN.get("name")
    from ckan import model

    if not name or model.User.get(name) is None:
        _SYSADMIN["name"] = factories.Sysadmin()["name"]
    return _SYSADMIN["name"]


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


class Upload(io.BytesIO):
    """A file as the action gets it from a multipart request."""

    def __init__(self, data: bytes, filename: str) -> None:
        super().__init__(data)
        self.filename = filename
        self.stream = self


@pytest.fixture
def roles() -> dict[str, Any]:
    """DGA with an editor and an admin, another organization with its editor, a sysadmin."""
    dga_editor = factories.User()
    dga_admin = factories.User()
    other_editor = factories.User()
    member = factories.User()
    dga = factories.Organization(name="dga", users=[
        {"name": dga_editor["name"], "capacity": "editor"},
        {"name": dga_admin["name"], "capacity": "admin"},
        {"name": member["name"], "capacity": "member"},
    ])
    other = factories.Organization(name="other-agency", users=[{"name": other_editor["name"], "capacity": "editor"}])
    return {"dga": dga, "other": other, "dga_editor": dga_editor, "dga_admin": dga_admin,
            "other_editor": other_editor, "member": member, "sysadmin": {"name": _sysadmin_name()}}


@pytest.fixture
def kpi_app(app):
    """The test app; the KPI pages are on the dgplan_kpi blueprint that views.py exposes."""
    assert "dgplan_kpi" in app.flask_app.blueprints
    return app


def token(user: dict[str, Any]) -> dict[str, str]:
    """Authorization header of a fresh API token of ``user``."""
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}
