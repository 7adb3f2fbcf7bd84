"""Validators of the GD Catalog dataset schema (``schemas/dgplan_dataset.yaml``).

Thin CKAN glue: the rules live in :mod:`ckanext.dgplan.gdc` (choices,
licences, old field names) and :mod:`ckanext.dgplan.thai` (tags, dates,
years, slugs).  Every message a user can see is given in Thai and English.

Validators whose first argument is ``field`` are scheming validators
(``@scheming_validator``): scheming calls them with the schema field to get
the real validator.
"""
from __future__ import annotations

import datetime as dt
import logging
import math
import re
from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import (
    Context,
    FlattenDataDict,
    FlattenErrorDict,
    FlattenKey,
    Validator,
)
from ckanext.scheming.validation import scheming_validator

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan import gdc
from ckanext.dgplan.messages import N_, dgplan_message, dgplan_pick
from ckanext.dgplan.thai import dates as thai_dates
from ckanext.dgplan.thai import romanize
from ckanext.dgplan.thai import tags as thai_tags
from ckanext.dgplan.thai.errors import ThaiInputError
from ckanext.dgplan.thai.numbers import ascii_number_text

log = logging.getLogger(__name__)

__all__ = [
    "dgplan_iso_date",
    "dgplan_be_year",
    "dgplan_gdc_choice",
    "dgplan_gdc_legacy_fields",
    "dgplan_input_guard",
    "dgplan_latitude",
    "dgplan_license_id",
    "dgplan_longitude",
    "dgplan_not_empty",
    "dgplan_other_required",
    "dgplan_required",
    "dgplan_slug_from_title",
    "dgplan_tag_length",
    "dgplan_tag_string",
    "dgplan_tag_name",
]

missing = tk.missing

#: CKAN refuses these dataset names (ckan.logic.validators.name_validator)
_RESERVED_NAMES = frozenset({"new", "edit", "search"})
_NAME_MAX = 100
_NAME_MIN = 2

# msgids (English; Thai in the catalog), written in the reader's language where they are used
MISSING_VALUE = N_("Missing value")
NOT_FINITE = N_("NaN and Infinity are not values that can be stored")
CONTROL_CHARACTER = N_("The text contains a control character (such as NUL) that cannot be stored")
LONE_SURROGATE = N_("The text contains a character that is not valid UTF-8 (a lone surrogate)")

# C0 controls but tab, newline and carriage return, and DEL: PostgreSQL cannot store NUL at all
# (psycopg2 raises, a 500), and none of the others belongs in metadata text
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a lone surrogate (JSON "\ud800") cannot be encoded to UTF-8 for PostgreSQL (another 500)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _thai_error(err: ThaiInputError) -> str:
    return dgplan_pick(err.th, err.en)


def _label(field: Optional[dict[str, Any]], lang: str) -> str:
    if not field:
        return ""
    label = field.get("label") or field.get("field_name", "")
    if isinstance(label, dict):
        return str(label.get(lang) or label.get("en") or next(iter(label.values())))
    return str(label)


class _Labels:
    """A field's label in each language, for a message placeholder (see messages.dgplan_message)."""

    def __init__(self, field: Optional[dict[str, Any]]) -> None:
        self.th = _label(field, "th")
        self.en = _label(field, "en")


NOT_ONE_VALUE = N_("This field takes one value (text or a number), not a list or an object")


def _one_value_error(value: Any) -> Optional[str]:
    """Why ``value`` cannot be the value of a single-valued field, or ``None``.

    ``unicode_safe`` would store a list or dict as its JSON text, and ``NaN`` as ``nan``.
    """
    if isinstance(value, (list, tuple, dict, set)):
        return dgplan_message(NOT_ONE_VALUE)
    if isinstance(value, float) and not math.isfinite(value):
        return dgplan_message(NOT_FINITE)
    return None


def _is_empty(value: Any) -> bool:
    if value is missing or value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return not value
    return False


# ------------------------------------------------------------- data_type


def _data_type(data: FlattenDataDict) -> Optional[str]:
    """The dataset's data_type code, whatever spelling was sent."""
    raw = data.get(("data_type",), missing)
    if _is_empty(raw):
        return None
    try:
        return gdc.from_gdc_value("data_type", raw)
    except (gdc.GdcValueError, KeyError):
        return None


def _applies(field: dict[str, Any], data: FlattenDataDict) -> bool:
    """Whether the field applies to the dataset's data_type.

    A field without ``dgplan_types`` applies to every type; one with them
    applies only once a listed type is chosen.
    """
    types = field.get("dgplan_types") or ()
    if not types:
        return True
    return _data_type(data) in types


@scheming_validator
def dgplan_required(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """Like ``scheming_required``, but data_type aware.

    A field with ``required: true`` must have a value when it applies to the
    chosen data_type (see ``dgplan_types``); otherwise, and for optional
    fields, a missing value stops validation of the field.
    """
    required = bool(field.get("required"))

    def validator(key: FlattenKey, data: FlattenDataDict,
                  errors: FlattenErrorDict, context: Context) -> None:
        value = data.get(key, missing)
        wrong = _one_value_error(value) if not _is_empty(value) else None
        if wrong:
            errors[key].append(wrong)
            raise tk.StopOnError
        if required and _applies(field, data):
            if _is_empty(value) and value not in (False, 0):
                errors[key].append(dgplan_message(MISSING_VALUE))
                raise tk.StopOnError
            return
        if value is missing or value is None:
            data.pop(key, None)
            raise tk.StopOnError

    return validator


def dgplan_not_empty(key: FlattenKey, data: FlattenDataDict,
                     errors: FlattenErrorDict, context: Context) -> None:
    """``not_empty`` with a Thai and English message."""
    value = data.get(key, missing)
    if _is_empty(value) and value not in (False, 0):
        errors[key].append(dgplan_message(MISSING_VALUE))
        raise tk.StopOnError


# --------------------------------------------------------------- choices


def _field_choice_code(field: dict[str, Any], value: Any) -> str:
    """Code of ``value`` among a field's own scheming choices (any label)."""
    key = gdc.normalize_label(value)
    for choice in field.get("choices") or ():
        label = choice.get("label", "")
        labels = label.values() if isinstance(label, dict) else [label]
        for spelling in (choice["value"], *labels):
            if gdc.normalize_label(spelling) == key:
                return str(choice["value"])
    raise gdc.GdcValueError("", "", field=field.get("field_name", ""), value=value)


def _choice_error(field: dict[str, Any], value: Any) -> str:
    codes = ", ".join(str(c["value"]) for c in field.get("choices") or ())
    value = gdc.shown(value)
    return dgplan_message(
        "\"%(value)s\" is not a choice of \"%(field)s\" (use one of %(codes)s, or the choice's Thai label)",
        value=value, field=_Labels(field), codes=codes)


def _present(values: list[Any]) -> list[Any]:
    return [v for v in values if not _is_empty(v)]


@scheming_validator
def dgplan_gdc_choice(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """Accept a choice as its code, GD Catalog's Thai string or a label.

    Put it before ``scheming_choices`` / ``scheming_multiple_choice``: it
    replaces the value by its code (a list of codes for multiple-choice
    fields), so the scheming check then sees a code.  A value that is none
    of these is refused with the accepted codes.
    """
    name = field["field_name"]
    known = gdc.field_choice_set(name) is not None
    multiple = (
        gdc.is_multiple(name) if known
        else "multiple" in str(field.get("validators", ""))
    )

    def one(value: Any) -> str:
        if known:
            return gdc.from_gdc_value(name, value)
        return _field_choice_code(field, value)

    required = bool(field.get("required"))

    def none_chosen(key: FlattenKey, data: FlattenDataDict,
                    errors: FlattenErrorDict) -> None:
        # scheming_multiple_choice would say "Select at least one" in
        # English only, and whatever the data_type
        if _applies(field, data):
            errors[key].append(dgplan_message(MISSING_VALUE))
        else:
            data[key] = "[]"
        raise tk.StopOnError

    def validator(key: FlattenKey, data: FlattenDataDict,
                  errors: FlattenErrorDict, context: Context) -> None:
        value = data.get(key, missing)
        if value is missing or value is None or value == "" or value == []:
            if multiple and required:
                none_chosen(key, data, errors)
            elif multiple and value is None:
                # null clears the choices (scheming_multiple_choice refuses None in English only)
                data[key] = []
            return
        try:
            if multiple:
                if known and isinstance(value, str):
                    codes = gdc.from_gdc_values(name, value)
                else:
                    items = value if isinstance(value, list) else [value]
                    codes = []
                    for item in _present(items):
                        found = (gdc.from_gdc_values(name, item) if known
                                 else [one(item)])
                        codes.extend(c for c in found if c not in codes)
                data[key] = codes
                if required and not codes:
                    none_chosen(key, data, errors)
            else:
                data[key] = one(value)
        except gdc.GdcValueError as err:
            errors[key].append(_choice_error(field, err.value))
            raise tk.StopOnError from err

    return validator


def _find_field(schema: dict[str, Any], name: str) -> Optional[dict[str, Any]]:
    for group in ("dataset_fields", "resource_fields", "fields"):
        for f in schema.get(group) or ():
            if f.get("field_name") == name:
                return f
    return None


def _selects_other(base: str, value: Any,
                   base_field: Optional[dict[str, Any]]) -> bool:
    if _is_empty(value):
        return False
    if base == "license_id" or gdc.field_choice_set(base) is not None:
        return gdc.is_other(base, value)
    items = value if isinstance(value, list) else [value]
    for item in items:
        try:
            code = _field_choice_code(base_field or {}, item)
        except gdc.GdcValueError:
            code = str(item)
        if code == gdc.OTHER_CODE:
            return True
    return False


@scheming_validator
def dgplan_other_required(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """Require ``X_other`` when "อื่นๆ / other" is chosen in ``X``.

    ``X`` is the field name without ``_other``; for ``license_id`` any
    CKAN ``other-*`` licence counts as other.  Not required when the field
    does not apply to the dataset's data_type.
    """
    name = field["field_name"]
    base = name[: -len("_other")] if name.endswith("_other") else ""
    base_field = _find_field(schema, base) if base else None

    def validator(key: FlattenKey, data: FlattenDataDict,
                  errors: FlattenErrorDict, context: Context) -> None:
        value = data.get(key, missing)
        wrong = _one_value_error(value) if not _is_empty(value) else None
        if wrong:
            errors[key].append(wrong)
            raise tk.StopOnError
        if base and _applies(field, data):
            base_value = data.get(key[:-1] + (base,), missing)
            if _selects_other(base, base_value, base_field) and _is_empty(value):
                errors[key].append(dgplan_message(
                    "\"Other\" is chosen in \"%(field)s\": please describe it", field=_Labels(base_field)))
                raise tk.StopOnError
        if value is missing or value is None:
            data.pop(key, None)
            raise tk.StopOnError

    return validator


# ------------------------------------------------------------------ tags


#: Context flag set by the chained resource actions (logic/action_tags.py): the package_update they
#: run keeps the dataset's stored tags as they are, even those the current rule refuses.
KEEP_STORED_TAGS = "dgplan_keep_stored_tags"


def _stored_tags(context: Context) -> frozenset[str]:
    """Free tags the dataset being updated carries now (empty on create)."""
    package = context.get("package")
    if package is None or not getattr(package, "id", None):
        return frozenset()
    cache = context.setdefault("dgplan_stored_tags", {})
    if package.id not in cache:
        cache[package.id] = frozenset(t.name for t in package.get_tags())
    return cache[package.id]


def _tag_error(err: ThaiInputError, value: Any, context: Context) -> str:
    """The rule's message; for a tag the dataset already carries, also how it got there."""
    if isinstance(value, str) and value in _stored_tags(context):
        return dgplan_message(
            "%(error)s (this tag was saved earlier, before this rule: correct or remove it and save again)",
            error=err)
    return _thai_error(err)


def _check_tag(value: Any, context: Context) -> str:
    return thai_tags.check_tag(value, dgplan_config.dgplan_tag_max_chars())


def dgplan_tag_name(value: Any, context: Context) -> Any:
    """Check and normalize one tag name (an entry of ``tags``).

    Thai words with vowel and tone marks pass (ข้อมูล, สถิติ); symbols such
    as ``$`` or ``<``, quotes, ``;`` and tags without a letter or digit do
    not (:func:`ckanext.dgplan.thai.tags.check_tag`, with the length limit
    ``ckanext.dgplan.tags.max_chars``).  Replaces CKAN's
    ``tag_name_validator``, which refuses most Thai words.

    A tag the dataset already carries, which an older rule accepted, is
    kept unchanged when a resource is written (the resource actions set
    :data:`KEEP_STORED_TAGS`): adding a file must not fail on a keyword the
    uploader did not touch.  Editing the dataset itself names it, so the
    publisher can correct it.
    """
    if value is missing or value is None:
        return value
    if context.get(KEEP_STORED_TAGS) and isinstance(value, str) and value in _stored_tags(context):
        return value
    try:
        return _check_tag(value, context)
    except ThaiInputError as err:
        raise tk.Invalid(_tag_error(err, value, context)) from err


def dgplan_tag_length(value: Any, context: Context) -> Any:
    """Replaces CKAN's ``tag_length_validator`` (minimum 2, English only).

    The length is part of the one tag rule that :func:`dgplan_tag_name` (CKAN's
    ``tag_name_validator``, which runs next) checks, with a bilingual message
    stating the limit; checking it here too would report a tag twice.
    """
    return value


def _tag_keys(data: FlattenDataDict) -> list[FlattenKey]:
    return [k for k in data
            if len(k) == 3 and k[0] == "tags" and k[2] == "name"]


@scheming_validator
def dgplan_tag_string(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """Replace CKAN's ``tag_string_convert`` with the Thai tag rule.

    Accepts a comma-separated string (split by
    ``ckanext.dgplan.thai.tags.split_tag_string``: commas, and semicolons
    typed instead of them) or a list, checks every tag with the rule of
    :func:`dgplan_tag_name` and adds the normalized tags to ``tags`` (tags
    already there are not added twice).  Every refused tag is named in the
    error.  With ``required: true`` at least one tag (here or in ``tags``)
    is needed in the dataset form only: GD Catalog's own schema validates
    ``tag_string`` with ``ignore_missing tag_string_convert``, so agency
    scripts written against its API send datasets without tags.
    """
    required = bool(field.get("required"))

    def validator(key: FlattenKey, data: FlattenDataDict,
                  errors: FlattenErrorDict, context: Context) -> None:
        value = data.get(key, missing)
        if _is_empty(value):
            raw: list[Any] = []
        elif isinstance(value, str):
            raw = thai_tags.split_tag_string(value)
        elif isinstance(value, (list, tuple)):
            raw = [v for v in value if not _is_empty(v)]
        else:
            errors[key].append(dgplan_message("Tags must be a comma-separated string or a list of strings"))
            raise tk.StopOnError

        tag_keys = _tag_keys(data)
        present = set()
        for k in tag_keys:
            existing = data[k]
            if isinstance(existing, str) and existing:
                try:
                    present.add(thai_tags.normalize_tag(existing))
                except ThaiInputError:
                    present.add(existing)

        new: list[str] = []
        for tag in raw:
            if not isinstance(tag, str):
                tag = str(tag)
            try:
                checked = _check_tag(tag, context)
            except ThaiInputError as err:
                errors[key].append(_tag_error(err, tag, context))
                continue
            if checked not in present and checked not in new:
                new.append(checked)
        if errors[key]:
            raise tk.StopOnError

        start = max([int(k[1]) for k in tag_keys] + [-1]) + 1
        for offset, tag in enumerate(new):
            data[("tags", start + offset, "name")] = tag

        # CKAN's dataset form views (ckan/views/dataset.py, _prepare) put ``save`` in the context;
        # API calls, resource forms and scripts calling actions do not.
        if required and "save" in context and not new and not present:
            errors[key].append(dgplan_message("At least one tag is required"))
            raise tk.StopOnError

    return validator


# ----------------------------------------------------------------- slugs


def _clean_slug(slug: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", (slug or "").lower())
    return re.sub(r"-{2,}", "-", slug).strip("-_")


def _slug_taken(name: str, exclude_id: Optional[str],
                counts: Optional[Callable[[model.Package], bool]] = None) -> bool:
    if name in _RESERVED_NAMES:
        return True
    found = model.Package.get(name)
    if found is None or found.id == exclude_id:
        return False
    return counts is None or counts(found)


def unique_slug(title: str, exclude_id: Optional[str] = None,
                counts: Optional[Callable[[model.Package], bool]] = None) -> str:
    """A free dataset name made from ``title``.

    ``slugify`` romanizes the Thai title; ``-2``, ``-3``, ... is added until
    no other dataset (deleted and private ones included) has the name: the
    name must be unique when the dataset is saved.

    :param exclude_id: id of the dataset being edited (its own name is free)
    :param counts: which existing datasets make a name taken (default: all).
        The public preview passes "those the caller may see", so that its
        answer reveals nothing about private or deleted datasets.
    """
    base = _clean_slug(romanize.slugify(title, max_length=_NAME_MAX))
    if not base:
        base = "dataset"
    elif len(base) < _NAME_MIN:
        base = f"dataset-{base}"
    base = base[:_NAME_MAX].strip("-_") or "dataset"

    candidate, number = base, 1
    while _slug_taken(candidate, exclude_id, counts):
        number += 1
        suffix = f"-{number}"
        candidate = base[: _NAME_MAX - len(suffix)].rstrip("-_") + suffix
    return candidate


def dgplan_slug_from_title(key: FlattenKey, data: FlattenDataDict,
                           errors: FlattenErrorDict, context: Context) -> None:
    """Fill an empty ``name`` from the title.

    When the dataset is being updated, an empty name keeps the current one;
    when it is created, a readable Latin slug is made from the (Thai) title
    and made unique.  A given name is left for ``name_validator`` and
    ``package_name_validator`` to check.
    """
    value = data.get(key, missing)
    if not _is_empty(value):
        return

    package = context.get("package")
    if package is not None and getattr(package, "name", None):
        data[key] = package.name
        return

    title = data.get(key[:-1] + ("title",), missing)
    if _is_empty(title) or not isinstance(title, str):
        errors[key].append(dgplan_message("Give a title or a URL name"))
        raise tk.StopOnError
    data[key] = unique_slug(title)


# ----------------------------------------------------------------- dates


def dgplan_iso_date(value: Any, context: Context) -> Any:
    """A date stored as ISO ``YYYY-MM-DD`` (Gregorian, whatever era it was written in).

    Accepts ISO dates, Buddhist-era dates (``2566-10-01``) and Thai forms
    (``1 ต.ค. 2566``), via ``ckanext.dgplan.thai.dates.parse_date``.
    """
    if value is missing or value is None or value == "":
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        parsed = thai_dates.parse_date(text)
    except ThaiInputError as err:
        # an ISO timestamp ("2023-10-01T00:00:00") from another catalogue
        if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text):
            try:
                parsed = thai_dates.parse_date(text[:10])
            except ThaiInputError:
                raise tk.Invalid(_thai_error(err)) from err
        else:
            raise tk.Invalid(_thai_error(err)) from err
    if isinstance(parsed, dt.datetime):
        parsed = parsed.date()
    return parsed.isoformat()


def dgplan_be_year(value: Any, context: Context) -> Any:
    """A year stored as the Buddhist-era year (``"2566"``).

    Accepts ``2566``, ``๒๕๖๖`` and ``2023`` via
    ``ckanext.dgplan.thai.dates.parse_year``.
    """
    if value is missing or value is None or value == "":
        return value
    if isinstance(value, bool):
        raise tk.Invalid(dgplan_message("Not a year"))
    try:
        year = thai_dates.parse_year(value if isinstance(value, int) else str(value).strip())
    except ThaiInputError as err:
        raise tk.Invalid(_thai_error(err)) from err
    return str(int(year))


# ----------------------------------------------------------- coordinates


def _coordinate(value: Any, limit: int, msgid: str) -> Any:
    if value is missing or value is None or value == "":
        return value
    text = ascii_number_text(str(value).strip())
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if math.isnan(number) or math.isinf(number) or not -limit <= number <= limit:
        value = gdc.shown(value)
        raise tk.Invalid(dgplan_message(msgid, value=value, limit=limit))
    return text


def dgplan_latitude(value: Any, context: Context) -> Any:
    """A latitude in decimal degrees (-90 to 90); Thai digits accepted."""
    return _coordinate(value, 90,
                       N_("\"%(value)s\" is not a valid latitude (decimal degrees, -%(limit)s to %(limit)s)"))


def dgplan_longitude(value: Any, context: Context) -> Any:
    """A longitude in decimal degrees (-180 to 180); Thai digits accepted."""
    return _coordinate(value, 180,
                       N_("\"%(value)s\" is not a valid longitude (decimal degrees, -%(limit)s to %(limit)s)"))


# -------------------------------------------------------------- licences


def dgplan_license_id(key: FlattenKey, data: FlattenDataDict,
                      errors: FlattenErrorDict, context: Context) -> None:
    """A licence id of the site's licence register.

    Also accepts GD Catalog's licence strings ("Creative Commons
    Attributions" -> ``cc-by``) and licence titles.  When the mapping loses
    detail the GD Catalog string is kept in ``license_id_other`` (if that is
    empty), so ``dgplan_gdc_dataset_show`` can give it back unchanged.
    """
    value = data.get(key, missing)
    if _is_empty(value):
        return
    register = model.Package.get_license_register()
    ids = list(register.keys())
    titles = {lic.title: lic.id for lic in register.values()}
    try:
        license_id, keep = gdc.license_from_gdc(value, ids, titles)
    except gdc.GdcValueError as err:
        errors[key].append(dgplan_pick(err.th, err.en))
        raise tk.StopOnError from err
    data[key] = license_id
    if keep:
        other_key = key[:-1] + ("license_id_other",)
        if _is_empty(data.get(other_key, missing)):
            data[other_key] = keep


# ------------------------------------------------------------ raw input


def _unstorable(value: Any, depth: int = 0) -> Optional[str]:
    """Why ``value`` (or something inside it) cannot be stored (a msgid), or ``None``."""
    if isinstance(value, str):
        if _CONTROL_RE.search(value):
            return CONTROL_CHARACTER
        if _SURROGATE_RE.search(value):
            return LONE_SURROGATE
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else NOT_FINITE
    if depth > 20:  # the JSON parser has already bounded the nesting; this only bounds the walk
        return None
    if isinstance(value, dict):
        items: Any = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        return None
    for item in items:
        reason = _unstorable(item, depth + 1)
        if reason:
            return reason
    return None


def dgplan_input_guard(key: FlattenKey, data: FlattenDataDict,
                       errors: FlattenErrorDict, context: Context) -> None:
    """Refuse values no field can store, before any field validator sees them.

    A ``__before`` validator (schema key ``before_validators``): NUL and other control
    characters and lone surrogates crash PostgreSQL's driver (a 500 instead of an error), and
    ``NaN``/``Infinity`` (JSON literals Python's parser accepts) would be stored as ``nan``.  Each
    offending field gets a Thai and English error; resources' fields too.  So does a value that
    is not text in a CKAN field that CKAN code reads as text before validating it (``owner_org``,
    ``url``, ``format``; a list or object as a resource's ``name`` or ``description``).
    """
    for field_key, value in list(data.items()):
        if field_key and field_key[-1] == "__extras" and isinstance(value, dict):
            for name, extra in list(value.items()):
                reason = _unstorable(extra) or _unstorable(name)
                if reason:
                    errors.setdefault(field_key[:-1] + (str(name),), []).append(dgplan_message(reason))
                    value.pop(name)
            continue
        reason = (_unstorable(value) or _unstorable(field_key[-1] if field_key else "")
                  or _not_core_text(field_key, value))
        if reason:
            errors.setdefault(field_key, []).append(dgplan_message(reason))
            # The error already stops the write; the value is also replaced so that no later
            # validator sends it to PostgreSQL (package_name_validator queries with the name).
            data[field_key] = _storable(value)


#: CKAN's own fields that CKAN code handles as strings before any validator can refuse another
#: type (owner_org is looked up in the database, url goes to the uploader, format is lower-cased,
#: a resource's name and description are saved as they come): anything else there is a 500.
_CORE_TEXT = frozenset({"owner_org", "url", "format"})
_CORE_ONE_VALUE = frozenset({"name", "description"})
MUST_BE_TEXT = N_("This field must be text")


def _not_core_text(key: FlattenKey, value: Any) -> Optional[str]:
    if not (len(key) == 1 or (len(key) == 3 and key[0] == "resources")):
        return None
    if value is None or value is missing or isinstance(value, str):
        return None
    if key[-1] in _CORE_TEXT:
        return MUST_BE_TEXT
    if key[-1] in _CORE_ONE_VALUE and isinstance(value, (list, tuple, dict, set)):
        return NOT_ONE_VALUE
    return None


def _storable(value: Any) -> Any:
    """A harmless stand-in for a refused value (the error already stops the write)."""
    if isinstance(value, str):
        return _SURROGATE_RE.sub("", _CONTROL_RE.sub("", value))
    return ""


# ------------------------------------------------------ old field names


def dgplan_gdc_legacy_fields(key: FlattenKey, data: FlattenDataDict,
                             errors: FlattenErrorDict, context: Context) -> None:
    """Accept GD Catalog's misnamed bounding-box fields.

    A ``__before`` validator (schema key ``before_validators``): moves
    ``north_bound_longitude`` / ``south_bound_longitude`` (which hold
    latitudes) to ``north_bound_latitude`` / ``south_bound_latitude``
    unless those are given too.
    """
    extras = data.get(("__extras",))
    if not isinstance(extras, dict):
        return
    for old, new in gdc.legacy_fields().items():
        if old not in extras:
            continue
        value = extras.pop(old)
        if _is_empty(data.get((new,), missing)):
            data[(new,)] = value
