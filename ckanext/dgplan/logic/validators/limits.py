"""Size limits on what a dataset may hold, checked before any other validator parses the input.

Why each limit exists:

* CKAN sends every dataset field that is not one of its own columns to Solr's catch-all ``*``
  field, a *string* field: the whole value is one term, and Lucene refuses terms over 32,766 bytes
  ("immense term"), which CKAN turns into a 500 after the database write. ``title`` is copied to
  ``title_string`` (for sorting) the same way, resource URLs and formats to ``res_url`` and
  ``res_format``, ``license_id`` and ``url`` to string fields of their own. A Thai character takes
  three bytes in UTF-8, so a title of ~11,000 Thai characters is already too long.
* PostgreSQL indexes ``package.title`` and ``resource.url`` with b-trees, whose entries may not
  exceed 2,704 bytes.
* Lists and JSON nested 100,000 levels deep exhaust Python's stack (``RecursionError``) wherever
  they are parsed or printed; no dataset field needs more than two levels.

:func:`dgplan_input_limits` runs as the schemas' ``before_validators``: a value over a limit gets a
bilingual error naming the limit, and is replaced (cut to the limit, or dropped when too deeply
nested) so that the field's own validators never see it. :func:`dgplan_nesting_too_deep` is also
used at the parse sites themselves, for schemas that use the presets without this guard.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Optional, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict, ErrorDict, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.dgplan import config as dgplan_config
from ckanext.dgplan.messages import dgplan_message

__all__ = ["dgplan_input_limits", "dgplan_text"]

#: Lucene's largest term, in bytes of UTF-8: the most any single-term (string) field can hold.
SOLR_TERM_MAX_BYTES = 32_766
#: PostgreSQL's largest b-tree entry is 2,704 bytes; kept below it for the other indexed columns.
BTREE_MAX_BYTES = 2_600
# Flattened keys (last element) indexed by PostgreSQL b-trees (package.title, resource.url).
_BTREE_FIELDS = {("title",), ("resources", "url")}
# Long prose, indexed as words (tokenized fields), so only the characters limit applies.
_PROSE_FIELDS = {("notes",), ("resources", "description")}
_TITLE_FIELDS = {("title",), ("dgplan_title_en",)}
# Identifiers with a length fixed elsewhere: CKAN's names (PACKAGE_NAME_MAX_LENGTH), e-mail
# addresses (RFC 5321), KPI codes. Cut here, the validators after this one (which quote the value
# in their errors) never see more than this.
_SHORT_FIELDS = {("name",): 100, ("maintainer_email",): 254, ("author_email",): 254,
                 ("dgplan_kpi_code",): 100}


def _shape(key: FlattenKey) -> tuple[Any, ...]:
    """``("resources", 0, "url")`` -> ``("resources", "url")``: the key without list positions."""
    return tuple(part for part in key if not isinstance(part, int))


def _chars_limit(shape: tuple[Any, ...]) -> int:
    if shape in _SHORT_FIELDS:
        return _SHORT_FIELDS[shape]
    if shape in _TITLE_FIELDS:
        return dgplan_config.dgplan_title_max_chars()
    if shape in _PROSE_FIELDS:
        return dgplan_config.dgplan_notes_max_chars()
    return dgplan_config.dgplan_field_max_chars()


def too_long_message(limit: int, given: int) -> str:
    return dgplan_message("Text is longer than %(limit)s characters (%(given)s given)",
                          limit=f"{limit:,}", given=f"{given:,}")


def _too_many_bytes_message(limit: int, given: int) -> str:
    return dgplan_message("Text is longer than %(limit)s bytes in UTF-8 (%(given)s given)",
                          limit=f"{limit:,}", given=f"{given:,}")


def nesting_message(limit: int) -> str:
    return dgplan_message("Lists or JSON objects are nested deeper than %(limit)s levels", limit=limit)


def dgplan_nesting_too_deep(value: Any, max_depth: Optional[int] = None) -> bool:
    """Whether ``value`` (a list/dict, or JSON text) nests deeper than ``max_depth``.

    Without recursion, and stopping at the first level too many, so ``[[[...]]]`` 100,000 deep
    costs a few steps. JSON text is scanned for brackets outside string literals.
    """
    limit = dgplan_config.dgplan_json_max_depth() if max_depth is None else max_depth
    if isinstance(value, str):
        depth = 0
        in_string = escaped = False
        for char in value:
            if in_string:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif char in "[{":
                depth += 1
                if depth > limit:
                    return True
            elif char in "]}":
                depth -= 1
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, (list, tuple, dict)):
            continue
        if depth > limit:
            return True
        children: Iterable[Any] = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (list, tuple, dict)))
    return False


def _check(key: FlattenKey, value: Any, data: FlattenDataDict, errors: FlattenErrorDict) -> None:
    shape = _shape(key)
    if isinstance(value, (list, tuple, dict)) or (isinstance(value, str) and value.lstrip()[:1] in ("[", "{")):
        max_depth = dgplan_config.dgplan_json_max_depth()
        if dgplan_nesting_too_deep(value, max_depth):
            errors.setdefault(key, []).append(nesting_message(max_depth))
            data[key] = tk.missing  # the field's own validators never parse it
            return
    if not isinstance(value, str):
        return
    limit = _chars_limit(shape)
    if len(value) > limit:
        errors.setdefault(key, []).append(too_long_message(limit, len(value)))
        data[key] = value[:limit]  # bounded, so later validators (slug, segmentation) stay cheap
        return
    if shape in _PROSE_FIELDS:
        return
    max_bytes = BTREE_MAX_BYTES if shape in _BTREE_FIELDS else SOLR_TERM_MAX_BYTES
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        errors.setdefault(key, []).append(_too_many_bytes_message(max_bytes, size))


def dgplan_input_limits(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
                        context: Context) -> None:
    """Refuse over-long text and over-deep nesting in every field (a ``before_validators`` entry).

    Limits: ``ckanext.dgplan.text.title_max_chars`` (title, English title),
    ``ckanext.dgplan.text.notes_max_chars`` (description, resource descriptions),
    ``ckanext.dgplan.text.field_max_chars`` (everything else) and ``ckanext.dgplan.json.max_depth``;
    besides, 32,766 bytes for single-term Solr fields and 2,600 for b-tree-indexed columns.
    """
    for item_key in list(data):
        if item_key[-1:] == ("__before",):
            continue
        value = data[item_key]
        if item_key in (("__extras",), ("__junk",)) and isinstance(value, dict):
            # Fields outside the schema: checked too (they may still be indexed), reported by name.
            for extra_key in list(value):
                inner = {(extra_key,) if isinstance(extra_key, str) else extra_key: value[extra_key]}
                _check(next(iter(inner)), value[extra_key], inner, errors)
                value[extra_key] = next(iter(inner.values()))
            continue
        _check(item_key, value, data, errors)


def dgplan_free_text_check(data_dict: DataDict, names: Iterable[str]) -> None:
    """Refuse text parameters over ``ckanext.dgplan.free_text.max_chars`` (anonymous helper actions).

    Checked before anything else reads them, so a megabyte of text costs a length check, not a
    word segmentation.

    :raises ckan.plugins.toolkit.ValidationError: naming each parameter over the limit
    """
    limit = dgplan_config.dgplan_free_text_max_chars()
    problems: ErrorDict = {}
    for name in names:
        value = data_dict.get(name)
        if isinstance(value, (list, tuple)):
            size = sum(len(v) if isinstance(v, str) else 0 for v in value)
        else:
            size = len(value) if isinstance(value, str) else 0
        if size > limit:
            problems[name] = [too_long_message(limit, size)]
    if problems:
        raise tk.ValidationError(problems)


def dgplan_text(value: Any) -> Any:
    """A single text value: CKAN's ``unicode_safe``, except that a list or object is refused.

    ``unicode_safe`` stores a list sent for a text field as its JSON text (``'["a", "b"]'``), which
    then shows on pages and in downloads; an API client that sends one has made a mistake it should
    be told about.
    """
    if isinstance(value, (list, dict)):
        raise tk.Invalid(dgplan_message("Must be a single text, not a list or object"))
    unicode_safe = cast("Callable[[Any], Any]", tk.get_validator("unicode_safe"))
    return unicode_safe(value)
