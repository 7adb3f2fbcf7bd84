"""Thai words inside DataStore cells, for ``datastore_search`` ``q`` (the ``IDatastore`` hook).

The DataStore's full-text search matches whole lexemes of ``_full_text``, and a run of Thai (no
spaces between words) is one lexeme, so a Thai word inside a cell is never found. For a table that
has Thai, dgplan adds a trigram index (``pg_trgm``) on the row's text cells joined by spaces once
xloader has loaded it; a ``q`` with Thai then matches its Thai pieces as substrings of that text
(``LIKE``, which the trigram index answers), and its other words through the DataStore's own
text-search clause. The rank column stays the DataStore's (``ts_rank`` against the whole ``q``), so a
whole-lexeme match still ranks first.

Why the cells and not ``_full_text::text``: the trigram index only finds candidate rows, and every
candidate is rechecked against the indexed expression, so a word in 100,000 rows costs 100,000
evaluations of it (the API counts every match for its ``total``). Turning a tsvector into text
(quoted lexemes with positions) was most of that cost; joining a row's text columns is several times
cheaper, and it is what the publisher wrote, so a word is found exactly where it is in a cell. The
search reads the expression back from the index itself, so a table indexed either way is searched
with the expression its index has.

Tables without the index (the KPI tables dgplan writes itself, tables made through the API) are
searched exactly as before: no index, no change of the query.
"""
from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa

from ckanext.dgplan.thai.tablesearch import is_caseless, split_thai_query

log = logging.getLogger(__name__)

__all__ = ["dgplan_index_thai_table", "dgplan_thai_search", "thai_index_name"]

_FTS_CLAUSE = '_full_text @@ "query"'
# pg_trgm in a schema of its own: the DataStore's tables and functions live in ``public``, which CKAN's
# ``datastore`` test cleaning empties function by function (an extension's functions cannot go that way).
_SCHEMA = "dgplan_trgm"


def thai_index_name(resource_id: str) -> str:
    """The trigram index of a resource's table (index names are unique per schema)."""
    return f"{resource_id}_dgplan_thai"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text_columns(conn: Any, table: str) -> list[str]:
    # Thai can only be in text columns (xloader makes every column text unless the data dictionary
    # types it; a numeric or date column holds no Thai).
    return list(conn.execute(sa.text(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:t) AND attnum > 0 "
        "AND NOT attisdropped AND atttypid = 'text'::regtype ORDER BY attnum"), {"t": table}).scalars())


def _joined_cells(columns: list[str]) -> str:
    # Immutable (an index expression must be): coalesce and || on text, not concat_ws.
    return " || ' ' || ".join(f"coalesce({_quote(c)}, '')" for c in columns)


def dgplan_index_thai_table(resource_id: str) -> bool:
    """Create the trigram index on the joined text cells of a loaded table that has Thai text.

    Returns whether the table has the index. Run by the xloader job after its load, before the job
    reports ``complete``; xloader drops every index of the table before a reload, so the index always
    matches the loaded rows and columns. ``pg_trgm`` is a trusted extension: the DataStore's owner
    creates it (in its own schema, unless the database has it already).
    """
    from ckanext.datastore.backend.postgres import get_write_engine

    engine = get_write_engine()
    table, index = _quote(resource_id), _quote(thai_index_name(resource_id))
    with engine.begin() as conn:
        if conn.execute(sa.text("SELECT to_regclass(:t)"), {"t": table}).scalar() is None:
            return False
        if conn.execute(sa.text("SELECT to_regclass(:i)"), {"i": index}).scalar() is not None:
            return True
        columns = _text_columns(conn, table)
        if not columns:
            return False
        cells = _joined_cells(columns)
        has_thai = conn.execute(sa.text(
            f"SELECT EXISTS (SELECT 1 FROM {table} WHERE ({cells}) ~ '[\u0e01-\u0e5b]')".replace(":", "\\:")  # noqa: S608 - quoted identifiers
        )).scalar()
        if not has_thai:
            return False
        schema = conn.execute(sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'")).scalar()
        if schema is None:
            schema = _SCHEMA
            conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {_SCHEMA}"))
            conn.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA {_SCHEMA}"))
        conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
                             f"USING gin (({cells}) {_quote(schema)}.gin_trgm_ops)".replace(":", "\\:")))
    log.info("DataStore table %s: Thai trigram index created", resource_id)
    return True


def _indexed_text(connection: Any, resource_id: str) -> str | None:
    """The expression the table's Thai index holds, as SQL for ``sa.text``; ``None`` without one."""
    expression = connection.execute(
        sa.text("SELECT pg_get_indexdef(to_regclass(:i), 1, false)"),
        {"i": _quote(thai_index_name(resource_id))}).scalar()
    # A colon in a column name would read as a bind parameter.
    return None if expression is None else "(" + expression.replace(":", "\\:") + ")"


def dgplan_thai_search(context: Any, data_dict: dict[str, Any], query_dict: dict[str, Any]) -> dict[str, Any]:
    """``IDatastore.datastore_search``: Thai pieces of a plain ``q`` as substrings of the lexemes."""
    q = data_dict.get("q")
    if not isinstance(q, str) or not data_dict.get("plain", True) or data_dict.get("full_text"):
        return query_dict
    split = split_thai_query(q)
    where = query_dict.get("where") or []
    if split is None or not split.patterns or (_FTS_CLAUSE,) not in where:
        return query_dict
    connection = context.get("connection")
    text = None if connection is None else _indexed_text(connection, data_dict["resource_id"])
    if text is None:
        return query_dict
    clauses: list[tuple[Any, ...]] = []
    for n, pattern in enumerate(split.patterns):
        # Thai has no case: ILIKE (lower-casing every candidate row) only for pieces with letters that have.
        op = "LIKE" if is_caseless(pattern) else "ILIKE"
        clauses.append((f"{text} {op} :dgplan_thai_{n}", {f"dgplan_thai_{n}": pattern}))
    if split.rest:
        from ckanext.datastore.backend.postgres import _fts_lang

        clauses.append(("_full_text @@ plainto_tsquery(CAST(:dgplan_lang AS regconfig), :dgplan_rest)",
                        {"dgplan_lang": _fts_lang(data_dict.get("language")), "dgplan_rest": split.rest}))
    at = where.index((_FTS_CLAUSE,))
    query_dict["where"] = where[:at] + clauses + where[at + 1:]
    return query_dict
