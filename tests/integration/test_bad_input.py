"""Bad input on every dgplan write path, over HTTP as API clients send it (issue 16, hardening).

A parametrized sweep: every field of every dgplan schema (read from ``schemas/*.yaml``, so a new
field is covered without touching this file) times every kind of bad value (null, list, dict,
numbers where text is expected, text where a list is expected, a 100,000-character Thai string,
``NaN``/``Infinity`` JSON literals, ``-0.0``, ``10**400``, NUL and other control characters, a lone
surrogate, raw invalid UTF-8 in the body), sent as JSON to ``package_patch`` (which runs
``package_update``) and to ``resource_create``; plus bad bodies for ``package_create``,
``package_update``, ``package_patch``, ``resource_create`` and the two imports.

What must hold for every case:

* never a 500 (nor an exception escaping the app), and the answer is strict JSON (no ``NaN``);
* a refused value leaves the stored dataset exactly as it was (and creates nothing);
* an error on a field that dgplan validates is bilingual: ``"ไทย / English"``;
* an accepted value is stored sensibly: never as the ``repr``/JSON of a list or dict given for a
  text field, never as ``nan``/``inf``, never with NUL, other C0 control characters or a lone
  surrogate; a long text is stored whole.

Speed: the app, a sysadmin token and one valid dataset of each type are made once per module
(``world``) and each case patches that dataset; an accepted case is put back with a direct
``package_update``. CKAN's ``app`` fixture and ``clean_db`` are function-scoped, so ``world``
does what they do (reset the database and index, load the plugins of test.ini, build the app
with the helper the ``app`` fixture uses) once for the module.
"""
from __future__ import annotations

import json
import logging
import math
import re
import traceback
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schemas"
THAI = re.compile("[\u0e01-\u0e5b]")
_UNSET = object()

# ------------------------------------------------------------------------------------------------
# The schemas, read at collection time


def _presets() -> dict[str, dict[str, Any]]:
    import ckanext.scheming

    presets: dict[str, dict[str, Any]] = {}
    scheming_file = Path(ckanext.scheming.__file__).parent / "presets.json"
    for data in (json.loads(scheming_file.read_text("utf-8")),
                 *(yaml.safe_load(p.read_text("utf-8")) for p in sorted(SCHEMA_DIR.glob("*presets.yaml")))):
        for preset in data.get("presets") or ():
            presets[preset["preset_name"]] = preset.get("values") or {}
    return presets


def _schemas() -> list[dict[str, Any]]:
    out = []
    for path in sorted(SCHEMA_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(data, dict) and data.get("dataset_type"):
            out.append(data)
    return out


def _resolved(field: dict[str, Any], presets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    merged = dict(presets.get(field.get("preset", ""), {}))
    merged.update(field)
    return merged


_PRESETS = _presets()
SCHEMAS = {s["dataset_type"]: s for s in _schemas()}
DATASET_FIELDS = [(t, _resolved(f, _PRESETS)) for t, s in SCHEMAS.items() for f in s["dataset_fields"]]
RESOURCE_FIELDS = [(t, _resolved(f, _PRESETS)) for t, s in SCHEMAS.items() for f in s.get("resource_fields") or ()]


#: CKAN's and scheming's validators that can refuse a value with a message of their own (in the
#: site language only); a field checked by one of them is not held to the bilingual rule.
CORE_CHECKS = frozenset({
    "not_empty", "name_validator", "package_name_validator", "email_validator", "owner_org_validator",
    "scheming_choices", "scheming_multiple_choice", "scheming_required", "isodate", "tag_string_convert",
})


def _dgplan_validated(field: dict[str, Any]) -> bool:
    """Whether one of dgplan's own validators checks the field (then its errors are bilingual)."""
    names = f'{field.get("validators", "")} {field.get("output_validators", "")}'.split()
    return any(n.startswith("dgplan_") for n in names)


def _bilingual_errors(field: dict[str, Any]) -> bool:
    """Whether every error the field can get comes from dgplan (and so must be bilingual)."""
    names = str(field.get("validators", "")).split()
    return _dgplan_validated(field) and not CORE_CHECKS.intersection(names)


def _is_list_field(field: dict[str, Any]) -> bool:
    return "multiple" in str(field.get("validators", "")) or "scheming_multiple_choice_output" in str(
        field.get("output_validators", "")) or field["field_name"] == "tag_string"


# ------------------------------------------------------------------------------------------------
# The bad values

LONG_THAI = ("ข้อมูลสถิติประชากร" * 6000)[:100_000]
INVALID_UTF8 = object()  # marker: the body carries raw bytes that are not UTF-8

KINDS: dict[str, Any] = {
    "null": None,
    "list": ["ข้อมูล", "value"],
    "dict": {"th": "ข้อมูล", "en": "data"},
    "number": 42.5,
    "string_for_list": "ข้อมูล",
    "long_thai": LONG_THAI,
    "nan": math.nan,
    "infinity": math.inf,
    "neg_zero": -0.0,
    "huge_int": 10**400,
    "control": "ข้อมูล\x00\x07\x1bค่า",
    "lone_surrogate": "ข้อมูล\ud800ค่า",
    "invalid_utf8": INVALID_UTF8,
}

_FORBIDDEN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_NON_FINITE = re.compile(r"^[+-]?(nan|inf|infinity)$", re.I)

def _body(data: dict[str, Any], raw_field: str | None = None) -> bytes:
    """JSON as a client writes it; NaN/Infinity as the literals Python's json module reads back."""
    if raw_field is None:
        return json.dumps(data, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")
    data = dict(data, **{raw_field: "@@RAW@@"})
    text = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return text.replace(b'"@@RAW@@"', b'"\xff\xfe\xe0\x80 \xc3("')


def _params(fields: list[tuple[str, dict[str, Any]]]) -> Iterator[Any]:
    for dataset_type, field in fields:
        for kind in KINDS:
            if kind == "invalid_utf8" and field["field_name"] not in ("title", "name", "url"):
                # the body fails to decode before any field is read: the same 400 whichever field
                # holds the bytes, so a few fields stand for all (and test_bad_body per action)
                continue
            yield pytest.param(dataset_type, field, kind, id=f'{dataset_type}-{field["field_name"]}-{kind}')


# ------------------------------------------------------------------------------------------------
# The world: once per module


def _valid(dataset_type: str, org: dict[str, Any]) -> dict[str, Any]:
    if dataset_type == "dgplan-kpi":
        return {"type": dataset_type, "name": "bad-input-kpi", "title": "ตัวชี้วัด EGDI", "owner_org": org["id"],
                "dgplan_kpi_code": "KPI-EGDI-RANK", "dgplan_unit": "อันดับ", "dgplan_direction": "lower",
                "dgplan_baseline_year": "2565", "dgplan_baseline_value": "55", "dgplan_targets": "2570: 40",
                "dgplan_frequency": "biennial"}
    if dataset_type == "dgplan-project":
        return {"type": dataset_type, "name": "bad-input-project", "title": "โครงการทดสอบ", "owner_org": org["id"],
                "dgplan_project_status": "ongoing", "dgplan_strategies": ["S4"], "dgplan_fiscal_years": "2567"}
    return {"type": dataset_type, "name": f"bad-input-{dataset_type}", "title": "สถิติผู้สูงอายุรายจังหวัด",
            "owner_org": org["id"], "data_type": "statistical", "maintainer": "กลุ่มงานสถิติ",
            "maintainer_email": "stat@example.go.th", "tag_string": "สถิติ", "notes": "จำนวนผู้สูงอายุ",
            "objective": ["ยุทธศาสตร์ชาติ"], "update_frequency_unit": "ปี", "geo_coverage": "จังหวัด",
            "data_source": "สำนักงานสถิติแห่งชาติ", "data_format": ["CSV"], "data_category": "ข้อมูลสาธารณะ",
            "license_id": "cc-by", "created_date": "2566-10-01", "first_year_of_data": "2560",
            "dgplan_goals": ["G1"]}


def _resource(dataset_type: str, package_id: str) -> dict[str, Any]:
    return {"package_id": package_id, "url": "http://example.com/data.csv", "name": "ไฟล์ข้อมูล", "format": "CSV"}


class World:
    def __init__(self, app: Any, token: str, org: dict[str, Any], user: str) -> None:
        self.app = app
        self.token = token
        self.org = org
        self.user = user
        self.datasets: dict[str, str] = {}
        self._shown: dict[str, dict[str, Any]] = {}

    def current(self, id_: str) -> dict[str, Any]:
        """The dataset as stored, from the last look when nothing has been written since."""
        if id_ not in self._shown:
            self._shown[id_] = self.show(id_)
        return self._shown[id_]

    def seen(self, id_: str, shown: dict[str, Any]) -> None:
        self._shown[id_] = shown

    def post(self, action: str, body: bytes | None,
             content_type: str = "application/json") -> tuple[int, Any, str]:
        """Status, the decoded JSON answer (strict: no NaN) and the raw text; an escaping
        exception counts as a 500 with its traceback as the text, and so does an exception the
        API view logged (CKAN answers those with a bare "Internal Server Error")."""
        logged = _Collect()
        api_log = logging.getLogger("ckan.views.api")
        api_log.addHandler(logged)
        # test.ini's logging set-up disables the loggers that existed before it ran, this one too
        was_disabled, api_log.disabled = api_log.disabled, False
        try:
            res = self.app.post(f"/api/3/action/{action}", data=body,
                                headers={"Authorization": self.token, "Content-Type": content_type})
        except Exception:  # noqa: BLE001 - an exception escaping the app is the 500 we look for
            return 500, None, traceback.format_exc()
        finally:
            api_log.removeHandler(logged)
            api_log.disabled = was_disabled
        text = res.get_data(as_text=True)
        if logged.tracebacks:
            return 500, None, text + "\n" + "\n".join(logged.tracebacks)
        try:
            answer = json.loads(text, parse_constant=_no_constant)
        except ValueError as err:
            answer = {"_not_strict_json": str(err)}
        return res.status_code, answer, text

    def stamp(self, id_: str) -> Any:
        """When the dataset was last written: every package_update sets it, a refused one does not."""
        from ckan import model

        return (model.Session.query(model.Package.metadata_modified)
                .filter(model.Package.id == id_).scalar())

    def show(self, id_: str) -> dict[str, Any]:
        from ckan.tests import helpers

        return helpers.call_action("package_show", {"user": self.user}, id=id_)

    def count(self) -> int:
        from ckan.tests import helpers

        return helpers.call_action("package_search", {"user": self.user}, q="*:*", rows=0,
                                   include_private=True, include_drafts=True)["count"]

    def restore(self, before: dict[str, Any]) -> None:
        from ckan.tests import helpers

        helpers.call_action("package_update", {"user": self.user}, **before)
        self._shown.pop(before["id"], None)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.tracebacks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        exc = "".join(traceback.format_exception(*record.exc_info)) if record.exc_info else ""
        self.tracebacks.append(f"{record.getMessage()}\n{exc}")


def _no_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name} in the answer")


@pytest.fixture(scope="module")
def world(reset_db, reset_index, migrate_db_for) -> Iterator[World]:
    import ckan.config.middleware as middleware
    import ckan.plugins as plugins
    from ckan.lib.app_globals import _CONFIG_CACHE
    from ckan.tests import factories, helpers

    # building an app makes its request context the one url_for uses outside requests: put the
    # previous one back afterwards, or later modules' url_for runs against this module's app
    previous_context = middleware._internal_test_request_context
    reset_db()
    plugins.load_all()
    try:
        migrate_db_for("activity")
        migrate_db_for("harvest")  # indexing a dataset reads ckanext-harvest's table
        reset_index()
        _CONFIG_CACHE.clear()
        app = helpers._get_test_app()
        sysadmin = factories.Sysadmin()
        token = factories.APIToken(user=sysadmin["name"])["token"]
        org = factories.Organization(name="bad-input-org")
        w = World(app, token, org, sysadmin["name"])
        for dataset_type in SCHEMAS:
            pkg = helpers.call_action("package_create", {"user": sysadmin["name"]}, **_valid(dataset_type, org))
            w.datasets[dataset_type] = pkg["id"]
        yield w
    finally:
        # what CKAN's with_plugins fixture calls: 2.12 dropped unload_non_system_plugins for unload_all
        getattr(plugins, "unload_non_system_plugins", plugins.unload_all)()
        middleware._internal_test_request_context = previous_context


# ------------------------------------------------------------------------------------------------
# Checks


def _bilingual(message: Any) -> bool:
    th, sep, en = str(message).partition(" / ")
    return bool(sep and THAI.search(th) and re.search("[A-Za-z]{3}", en))


def _messages(errors: Any) -> list[str]:
    if isinstance(errors, str):
        return [errors]
    if isinstance(errors, list):
        return [m for e in errors for m in _messages(e)]
    if isinstance(errors, dict):
        return [m for e in errors.values() for m in _messages(e)]
    return [str(errors)]


def _assert_answer(status: int, answer: Any, text: str) -> None:
    assert status != 500, f"500:\n{text[:3000]}"
    assert status in (200, 400, 403, 404, 409), f"{status}: {text[:1000]}"
    assert "_not_strict_json" not in (answer or {}), f"answer is not strict JSON: {text[:500]}"


def _assert_refusal(field: dict[str, Any], status: int, answer: dict[str, Any]) -> None:
    error = answer.get("error") if isinstance(answer, dict) else answer
    assert error, answer
    if status != 409:
        return  # a body CKAN could not read (400): CKAN's own message, nothing reached dgplan
    name = field["field_name"]
    own = {k: v for k, v in error.items() if k not in ("__type", "message")}
    assert own, error
    if _bilingual_errors(field) and name in own:
        bad = [m for m in _messages(own[name]) if not _bilingual(m)]
        assert not bad, f"not bilingual: {bad!r}"
    # no error echoes the whole 100,000-character value back
    assert len(json.dumps(error, ensure_ascii=False)) < 5_000, "the error repeats the whole value"


def _assert_sensible(field: dict[str, Any], kind: str, sent: Any, stored: Any, before: Any) -> None:
    """An accepted value is stored as something a reader of the dataset can use."""
    # null: cleared, kept, or CKAN's default (a title falls back to the name); checked like the rest
    values = stored if isinstance(stored, list) else [stored]
    for value in values:
        if isinstance(value, float):
            assert math.isfinite(value), stored
        if not isinstance(value, str):
            continue
        assert not _FORBIDDEN_TEXT.search(value), f"control character or surrogate stored: {value[:80]!r}"
        assert not _NON_FINITE.match(value.strip()), f"{value!r} stored"
        if isinstance(sent, (list, dict)) and not _is_list_field(field):
            for form in (repr(sent), str(sent), json.dumps(sent), json.dumps(sent, ensure_ascii=False)):
                assert value != form, f"the {type(sent).__name__} was stored as its text {value!r}"
    if kind == "long_thai" and isinstance(stored, str) and stored != before:
        assert stored == LONG_THAI, "a long text was cut without an error"


# ------------------------------------------------------------------------------------------------
# Sweep 1: every dataset field through package_patch (= package_update)


@pytest.mark.parametrize(("dataset_type", "field", "kind"), list(_params(DATASET_FIELDS)))
def test_dataset_field(world: World, dataset_type: str, field: dict[str, Any], kind: str) -> None:
    pkg_id = world.datasets[dataset_type]
    name = field["field_name"]
    before = world.current(pkg_id)
    stamp = world.stamp(pkg_id)
    sent = KINDS[kind]
    if sent is INVALID_UTF8:
        body = _body({"id": pkg_id}, raw_field=name)
    else:
        body = _body({"id": pkg_id, name: sent})
    status, answer, text = world.post("package_patch", body)
    _assert_answer(status, answer, text)
    if status != 200 and world.stamp(pkg_id) == stamp:
        _assert_refusal(field, status, answer)
        return
    after = world.show(pkg_id)
    world.seen(pkg_id, after)
    if status == 200:
        try:
            _assert_sensible(field, kind, sent, after.get(name), before.get(name))
        finally:
            world.restore(before)
        return
    _assert_refusal(field, status, answer)
    assert after == before, "a refused patch changed the dataset"


# ------------------------------------------------------------------------------------------------
# Sweep 2: every resource field through resource_create


@pytest.mark.parametrize(("dataset_type", "field", "kind"), list(_params(RESOURCE_FIELDS)))
def test_resource_field(world: World, dataset_type: str, field: dict[str, Any], kind: str) -> None:
    pkg_id = world.datasets[dataset_type]
    name = field["field_name"]
    before = world.current(pkg_id)
    stamp = world.stamp(pkg_id)
    sent = KINDS[kind]
    base = _resource(dataset_type, pkg_id)
    if sent is INVALID_UTF8:
        body = _body(base, raw_field=name)
    else:
        body = _body(dict(base, **{name: sent}))
    status, answer, text = world.post("resource_create", body)
    _assert_answer(status, answer, text)
    if status != 200 and world.stamp(pkg_id) == stamp:
        _assert_refusal(field, status, answer)
        return
    after = world.show(pkg_id)
    world.seen(pkg_id, after)
    if status == 200:
        try:
            resource = answer["result"]
            _assert_sensible(field, kind, sent, resource.get(name), base.get(name))
        finally:
            world.restore(before)
        return
    _assert_refusal(field, status, answer)
    assert after == before, "a refused resource_create changed the dataset"


# ------------------------------------------------------------------------------------------------
# Sweep 3: whole bodies that are not a dataset at all

BAD_BODIES: dict[str, bytes | None] = {
    "no_body": None,
    "empty_object": b"{}",
    "array": b"[]",
    "null": b"null",
    "string": b'"package"',
    "number": b"42",
    "nan": b"NaN",
    "truncated": '{"title": "ข้อมูล'.encode("utf-8"),
    "invalid_utf8": b'{"title": "\xff\xfe"}',
    "utf16": '{"title": "ข้อมูล"}'.encode("utf-16"),
    "deep_nesting": b'{"title": ' + b"[" * 5000 + b"]" * 5000 + b"}",
}
WRITE_ACTIONS = ["package_create", "package_update", "package_patch", "resource_create",
                 "dgplan_kpi_import", "dgplan_project_import"]


def _body_params() -> Iterator[Any]:
    for action in WRITE_ACTIONS:
        for body_kind in BAD_BODIES:
            yield pytest.param(action, body_kind, id=f"{action}-{body_kind}")


@pytest.mark.parametrize(("action", "body_kind"), list(_body_params()))
def test_bad_body(world: World, action: str, body_kind: str) -> None:
    count = world.count()
    befores = {t: world.show(i) for t, i in world.datasets.items()}
    status, answer, text = world.post(action, BAD_BODIES[body_kind])
    _assert_answer(status, answer, text)
    assert status != 200, text[:500]
    assert world.count() == count
    assert {t: world.show(i) for t, i in world.datasets.items()} == befores


# ------------------------------------------------------------------------------------------------
# Sweep 4: package_create of each type with one bad value in each field the type requires or
# dgplan validates (create runs the slug and KPI-code checks that update does not)


def _create_params() -> Iterator[Any]:
    for dataset_type, field in DATASET_FIELDS:
        if not (field.get("required") or _dgplan_validated(field)):
            continue
        for kind in ("null", "list", "dict", "nan", "huge_int", "control", "lone_surrogate"):
            yield pytest.param(dataset_type, field, kind, id=f'{dataset_type}-{field["field_name"]}-{kind}')


@pytest.mark.parametrize(("dataset_type", "field", "kind"), list(_create_params()))
def test_create_field(world: World, dataset_type: str, field: dict[str, Any], kind: str) -> None:
    from ckan.tests import helpers

    count = world.count()
    name = field["field_name"]
    data = _valid(dataset_type, world.org)
    data["name"] = f"bad-create-{abs(hash((dataset_type, name, kind))) % 10**8}"
    if dataset_type == "dgplan-kpi":
        data["dgplan_kpi_code"] = "KPI-EGDI-SCORE"  # the world's KPI dataset holds KPI-EGDI-RANK
    sent = KINDS[kind]
    data[name] = sent
    status, answer, text = world.post("package_create", _body(data))
    _assert_answer(status, answer, text)
    if status == 200:
        created = answer["result"]
        try:
            _assert_sensible(field, kind, sent, created.get(name), None)
        finally:
            helpers.call_action("dataset_purge", {"user": world.user}, id=created["id"])
        return
    _assert_refusal(field, status, answer)
    assert world.count() == count, "a refused package_create stored a dataset"


# ------------------------------------------------------------------------------------------------
# Sweep 5: the imports' own parameters


IMPORT_KINDS = {k: v for k, v in KINDS.items() if k not in ("string_for_list",)}


def _import_params() -> Iterator[Any]:
    for action in ("dgplan_kpi_import", "dgplan_project_import"):
        for param in ("upload", "filename"):
            for kind in IMPORT_KINDS:
                yield pytest.param(action, param, kind, id=f"{action}-{param}-{kind}")


@pytest.mark.parametrize(("action", "param", "kind"), list(_import_params()))
def test_import_param(world: World, action: str, param: str, kind: str) -> None:
    befores = {t: world.show(i) for t, i in world.datasets.items()}
    sent = IMPORT_KINDS[kind]
    base: dict[str, Any] = {"upload": "kpi_code,fiscal_year_be,value\n", "filename": "values.csv"}
    body = _body(base, raw_field=param) if sent is INVALID_UTF8 else _body(dict(base, **{param: sent}))
    status, answer, text = world.post(action, body)
    _assert_answer(status, answer, text)
    assert status != 200 or answer["result"].get("rows", 0) == 0, text[:500]
    if status == 409:
        bad = [m for m in _messages({k: v for k, v in answer["error"].items() if k not in ("__type", "message")})
               if not _bilingual(m)]
        assert not bad, f"not bilingual: {bad!r}"
    assert {t: world.show(i) for t, i in world.datasets.items()} == befores
