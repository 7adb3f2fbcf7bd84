"""GD Catalog (Thai Government Data Catalog) compatibility layer.

Pure Python: nothing here imports CKAN.  The tables live in
``data/gdc_choices.yaml``; this module indexes them and converts values
between the three spellings a choice can have:

* the stable ASCII **code** that ckanext-dgplan stores (``record``),
* the **GD Catalog string** that ckanext-thai_gdc stores
  (``ข้อมูลระเบียน``),
* the Thai and English **labels** and a few aliases, accepted on input.

Licences are mapped between GD Catalog's free strings and CKAN licence ids,
and the misnamed bounding-box fields (``north_bound_longitude`` holding a
latitude) between the old and the corrected names.

:func:`to_gdc` turns a ``package_show`` dict into the dict GD Catalog
expects; :func:`from_gdc` goes the other way.
"""
from __future__ import annotations

import copy
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

import yaml

__all__ = [
    "DATA_FILE",
    "OTHER_CODE",
    "Choice",
    "GdcValueError",
    "accepted_licenses",
    "choice_set",
    "choice_set_names",
    "choices_for",
    "field_choice_set",
    "from_gdc",
    "from_gdc_value",
    "from_gdc_values",
    "gdc_fields",
    "is_multiple",
    "is_other",
    "legacy_fields",
    "license_from_gdc",
    "license_to_gdc",
    "normalize_label",
    "rename_legacy_fields",
    "scheming_choices",
    "shown",
    "to_gdc",
    "to_gdc_value",
]

DATA_FILE = Path(__file__).resolve().parent / "data" / "gdc_choices.yaml"

#: the code of the "other" choice; its ``*_other`` companion then needs text
OTHER_CODE = "other"
#: CKAN licence ids for "some other licence" also need ``license_id_other``
_OTHER_LICENSE_PREFIX = "other-"

# zero-width characters that Thai text often carries (word-break hints)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


class GdcValueError(ValueError):
    """A value that is neither a code nor a known GD Catalog spelling.

    :ivar th: Thai message
    :ivar en: English message
    :ivar field: field name
    :ivar value: the value given
    :ivar accepted: the values that would have been accepted
    """

    def __init__(
        self,
        th: str,
        en: str,
        *,
        field: str = "",
        value: Any = None,
        accepted: Iterable[str] = (),
    ) -> None:
        super().__init__(f"{th} / {en}")
        self.th = th
        self.en = en
        self.field = field
        self.value = value
        self.accepted = tuple(accepted)


@dataclass(frozen=True)
class Choice:
    """One choice of a GD Catalog choice list."""

    code: str
    gdc: str
    th: str
    en: str
    aliases: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        return (self.code, self.gdc, self.th, self.en) + self.aliases


#: how much of a refused value an error message repeats
_SHOWN_MAX = 60


def shown(value: Any) -> str:
    """``value`` as an error message quotes it: at most 60 characters.

    A 100,000-character value would otherwise come back whole in the error (and in logs).
    """
    text = str(value)
    return text if len(text) <= _SHOWN_MAX else text[:_SHOWN_MAX] + "…"


def normalize_label(value: Any) -> str:
    """The key two spellings of one label share.

    NFKC (so ``ำ`` typed as ``ํา`` matches), no zero-width characters,
    single spaces, no space before ``ๆ`` (``อื่น ๆ`` = ``อื่นๆ``), casefolded.
    """
    text = unicodedata.normalize("NFKC", str(value)).translate(_ZERO_WIDTH)
    text = re.sub(r"\s+", " ", text).strip()
    text = text.replace(" ๆ", "ๆ")
    return text.casefold()


@dataclass(frozen=True)
class _Tables:
    sets: Mapping[str, tuple[Choice, ...]]
    index: Mapping[str, Mapping[str, str]]  # set -> normalized spelling -> code
    fields: Mapping[str, str]
    multiple: frozenset[str]
    legacy: Mapping[str, str]
    license_from: tuple[tuple[str, str], ...]  # (gdc string, ckan id)
    license_aliases: Mapping[str, str]
    license_to: Mapping[str, str]
    license_other: str


@lru_cache(maxsize=None)
def _tables() -> _Tables:
    with DATA_FILE.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)

    sets: dict[str, tuple[Choice, ...]] = {}
    index: dict[str, dict[str, str]] = {}
    for name, entries in raw["choice_sets"].items():
        choices = tuple(
            Choice(
                code=str(e["code"]),
                gdc=str(e["gdc"]),
                th=str(e.get("th", e["gdc"])),
                en=str(e["en"]),
                aliases=tuple(str(a) for a in e.get("aliases", ())),
            )
            for e in entries
        )
        lookup: dict[str, str] = {}
        for choice in choices:
            for spelling in choice.spellings():
                key = normalize_label(spelling)
                if lookup.setdefault(key, choice.code) != choice.code:
                    raise ValueError(
                        f"{DATA_FILE.name}: {name!r}: {spelling!r} names both "
                        f"{lookup[key]!r} and {choice.code!r}"
                    )
        sets[name] = choices
        index[name] = lookup

    fields = {str(k): str(v) for k, v in raw["fields"].items()}
    unknown = set(fields.values()) - set(sets)
    if unknown:
        raise ValueError(f"{DATA_FILE.name}: unknown choice sets {unknown}")

    lic = raw["licenses"]
    return _Tables(
        sets=sets,
        index=index,
        fields=fields,
        multiple=frozenset(raw.get("multiple", ())),
        legacy={str(k): str(v) for k, v in raw["legacy_fields"].items()},
        license_from=tuple(
            (str(e["gdc"]), str(e["id"])) for e in lic["from_gdc"]
        ),
        license_aliases={
            str(k): str(v) for k, v in lic.get("aliases", {}).items()
        },
        license_to={str(k): str(v) for k, v in lic["to_gdc"].items()},
        license_other=str(lic["other"]),
    )


# ---------------------------------------------------------------- choices


def choice_set_names() -> list[str]:
    """Names of all choice sets."""
    return list(_tables().sets)


def choice_set(name: str) -> tuple[Choice, ...]:
    """The choices of one set (``KeyError`` if there is no such set)."""
    return _tables().sets[name]


def gdc_fields() -> dict[str, str]:
    """Field name -> choice set, for every GD Catalog choice field."""
    return dict(_tables().fields)


def field_choice_set(field: str) -> Optional[str]:
    """The choice set of a field, or ``None`` if it is not a choice field."""
    return _tables().fields.get(field)


def choices_for(field: str) -> tuple[Choice, ...]:
    """The choices of a field (``KeyError`` if it is not a choice field)."""
    return choice_set(_tables().fields[field])


def is_multiple(field: str) -> bool:
    """Whether the field holds a list of choices."""
    return field in _tables().multiple


def scheming_choices(name: str) -> list[dict[str, Any]]:
    """A choice set as ckanext-scheming ``choices`` (value + th/en label)."""
    return [
        {"value": c.code, "label": {"th": c.th, "en": c.en}}
        for c in choice_set(name)
    ]


def _unknown_choice(field: str, value: Any) -> GdcValueError:
    codes = [c.code for c in choices_for(field)]
    return GdcValueError(
        f'"{shown(value)}" ไม่ใช่ตัวเลือกของช่อง {field} '
        f"(ใช้ได้: {', '.join(codes)} หรือชื่อภาษาไทยของตัวเลือก)",
        f'"{shown(value)}" is not a choice of {field} '
        f"(use one of: {', '.join(codes)}, or the choice's Thai label)",
        field=field,
        value=value,
        accepted=codes,
    )


def from_gdc_value(field: str, value: Any) -> str:
    """The code for one value of a choice field.

    Accepts the code, the GD Catalog string, the Thai or English label or an
    alias, in any case and with the spacing variants of
    :func:`normalize_label`.

    :raises KeyError: if ``field`` is not a GD Catalog choice field
    :raises GdcValueError: if the value is none of these
    """
    name = _tables().fields[field]
    if value is None or isinstance(value, (list, tuple, dict, set)):
        raise _unknown_choice(field, value)
    code = _tables().index[name].get(normalize_label(value))
    if code is None:
        raise _unknown_choice(field, value)
    return code


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                loaded = json.loads(text)
            except ValueError:
                pass
            else:
                if isinstance(loaded, list):
                    return loaded
        return [value]
    return [value]


def from_gdc_values(field: str, value: Any) -> list[str]:
    """The codes for a multiple-choice field.

    ``value`` may be a list, a JSON list (as GD Catalog stores it), a single
    value, or several values separated by commas (no label of a multiple
    choice field contains a comma).  Duplicates are dropped, order is kept.

    :raises GdcValueError: naming the first value that is not a choice
    """
    codes: list[str] = []
    for item in _as_list(value):
        try:
            found = [from_gdc_value(field, item)]
        except GdcValueError:
            if not isinstance(item, str) or "," not in item:
                raise
            found = [
                from_gdc_value(field, part)
                for part in item.split(",")
                if part.strip()
            ]
        for code in found:
            if code not in codes:
                codes.append(code)
    return codes


def to_gdc_value(field: str, value: Any) -> Any:
    """The GD Catalog string(s) for a stored value.

    Multiple-choice fields give a list.  Values that are not codes of the
    field (and fields that are not choice fields) come back unchanged.
    """
    name = _tables().fields.get(field)
    if name is None:
        return value
    by_code = {c.code: c.gdc for c in _tables().sets[name]}

    def one(v: Any) -> Any:
        return by_code.get(v, v) if isinstance(v, str) else v

    if field in _tables().multiple:
        return [one(v) for v in _as_list(value)]
    return one(value)


def is_other(field: str, value: Any) -> bool:
    """Whether ``value`` selects "other" in ``field``.

    For ``license_id`` that is any CKAN ``other-*`` licence id (or the GD
    Catalog string "อื่นๆ"); for a choice field the ``other`` choice, given
    as a code or any spelling, alone or in a list.
    """
    if field == "license_id":
        if not isinstance(value, str) or not value:
            return False
        if value.startswith(_OTHER_LICENSE_PREFIX):
            return True
        try:
            license_id, _keep = license_from_gdc(value)
        except GdcValueError:
            return False
        return license_id.startswith(_OTHER_LICENSE_PREFIX)
    if field_choice_set(field) is None:
        return False
    for item in _as_list(value):
        try:
            if from_gdc_value(field, item) == OTHER_CODE:
                return True
        except GdcValueError:
            continue
    return False


# --------------------------------------------------------------- licences


def accepted_licenses() -> list[str]:
    """GD Catalog licence strings accepted on input, in GD Catalog order."""
    return [gdc for gdc, _id in _tables().license_from]


def license_from_gdc(
    value: Any,
    known_ids: Optional[Iterable[str]] = None,
    titles: Optional[Mapping[str, str]] = None,
) -> tuple[str, Optional[str]]:
    """The CKAN licence id for a licence given as an id or a GD Catalog string.

    :param value: a CKAN licence id, a GD Catalog licence string, an alias,
        or (with ``titles``) a CKAN licence title
    :param known_ids: the ids of the site's licence register; when given,
        ids are matched against them and a mapped id missing from them is
        refused
    :param titles: licence title -> id, from the site's licence register
    :returns: ``(license_id, keep)``: ``keep`` is the GD Catalog string to
        store in ``license_id_other`` when the mapping loses detail (e.g.
        "Creative Commons Attribution No-Derivs" -> ``other-closed``), else
        ``None``
    :raises GdcValueError: with the accepted values
    """
    tables = _tables()
    ids = list(known_ids) if known_ids is not None else None
    key = normalize_label(value) if isinstance(value, str) else ""

    def refuse() -> GdcValueError:
        accepted = [
            gdc for gdc, license_id in tables.license_from
            if ids is None or license_id in ids
        ] + (ids if ids is not None else [])
        listed = ", ".join(f'"{a}"' for a in accepted)
        return GdcValueError(
            f'ไม่รู้จักสัญญาอนุญาต "{shown(value)}" (ค่าที่ใช้ได้อยู่ท้ายข้อความ)',
            f'Unknown licence "{shown(value)}"; accepted values: {listed}',
            field="license_id",
            value=value,
            accepted=accepted,
        )

    if not key:
        raise refuse()

    def usable(license_id: str) -> bool:
        return ids is None or license_id in ids

    # 1. a CKAN licence id
    candidates = ids if ids is not None else (
        [i for _g, i in tables.license_from] + list(tables.license_to)
    )
    for license_id in candidates:
        if normalize_label(license_id) == key:
            return license_id, None

    # 2. a GD Catalog string
    for gdc, license_id in tables.license_from:
        if normalize_label(gdc) == key:
            if not usable(license_id):
                raise refuse()
            canonical = tables.license_to.get(license_id, tables.license_other)
            keep = None if canonical == gdc else gdc
            return license_id, keep

    # 3. another spelling
    for alias, license_id in tables.license_aliases.items():
        if normalize_label(alias) == key and usable(license_id):
            return license_id, None

    # 4. a title from the site's register
    for title, license_id in (titles or {}).items():
        if normalize_label(title) == key and usable(license_id):
            return license_id, None

    raise refuse()


def license_to_gdc(
    license_id: Any,
    license_other: Any = None,
    license_title: Any = None,
) -> tuple[Any, Any]:
    """The GD Catalog licence string for a CKAN licence id.

    :returns: ``(license string, license_id_other)``.  Ids GD Catalog has no
        string for become "อื่นๆ" with the licence title (or the id) as the
        other-licence text, unless ``license_other`` already has text.
    """
    tables = _tables()
    if not license_id or not isinstance(license_id, str):
        return license_id, license_other

    # the original GD Catalog string kept by license_from_gdc
    if isinstance(license_other, str) and license_other:
        for gdc, mapped in tables.license_from:
            if gdc == license_other and mapped == license_id:
                return gdc, ""

    if license_id in tables.license_to:
        return tables.license_to[license_id], license_other

    # already a GD Catalog string (data saved before the mapping existed)
    if license_id in {gdc for gdc, _i in tables.license_from}:
        return license_id, license_other

    text = license_other or license_title or license_id
    return tables.license_other, text


# ------------------------------------------------------------ field names


def legacy_fields() -> dict[str, str]:
    """GD Catalog's old field name -> ckanext-dgplan's field name."""
    return dict(_tables().legacy)


def rename_legacy_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with the old bounding-box names renamed.

    A value under the new name wins over one under the old name.
    """
    out = dict(data)
    for old, new in _tables().legacy.items():
        if old in out:
            value = out.pop(old)
            if out.get(new) in (None, ""):
                out[new] = value
    return out


# ---------------------------------------------------------- whole records


def _map_fields(record: dict[str, Any], fn) -> None:
    for field in list(record):
        if field_choice_set(field) is not None:
            record[field] = fn(field, record[field])


def to_gdc(pkg_dict: Mapping[str, Any]) -> dict[str, Any]:
    """A dataset dict as GD Catalog expects it.

    Choice codes become GD Catalog's Thai strings (lists for multiple-choice
    fields), ``license_id`` becomes GD Catalog's licence string (with
    ``license_id_other``), ``north_bound_latitude``/``south_bound_latitude``
    go back to GD Catalog's ``*_longitude`` names.  Resources are converted
    too; every other key is copied unchanged.  ``pkg_dict`` is not modified.
    """
    out = copy.deepcopy(dict(pkg_dict))
    _map_fields(out, to_gdc_value)

    if out.get("license_id"):
        license_id, other = license_to_gdc(
            out.get("license_id"),
            out.get("license_id_other"),
            out.get("license_title"),
        )
        out["license_id"] = license_id
        if other is not None or "license_id_other" in out:
            out["license_id_other"] = "" if other is None else other

    for old, new in _tables().legacy.items():
        if new in out:
            out[old] = out.pop(new)

    resources = out.get("resources")
    if isinstance(resources, list):
        for resource in resources:
            if isinstance(resource, dict):
                _map_fields(resource, to_gdc_value)
    return out


def from_gdc(
    gdc_dict: Mapping[str, Any],
    known_license_ids: Optional[Iterable[str]] = None,
    strict: bool = True,
) -> dict[str, Any]:
    """A GD Catalog dataset dict with codes, licence ids and the new names.

    :param strict: raise :class:`GdcValueError` for a value that is not a
        choice (else leave it as it is for the validators to report)
    """
    out = rename_legacy_fields(copy.deepcopy(dict(gdc_dict)))

    def convert(field: str, value: Any) -> Any:
        if value in (None, "", []):
            return value
        try:
            if is_multiple(field):
                return from_gdc_values(field, value)
            return from_gdc_value(field, value)
        except GdcValueError:
            if strict:
                raise
            return value

    _map_fields(out, convert)

    if out.get("license_id"):
        try:
            license_id, keep = license_from_gdc(
                out["license_id"], known_license_ids
            )
        except GdcValueError:
            if strict:
                raise
        else:
            out["license_id"] = license_id
            if keep and not out.get("license_id_other"):
                out["license_id_other"] = keep

    resources = out.get("resources")
    if isinstance(resources, list):
        for resource in resources:
            if isinstance(resource, dict):
                _map_fields(resource, convert)
    return out
