"""Counts over whole tables (the dashboard's figures, the reports' balances), computed once
and kept until one of the tables they read is written.

Such a count reads every row it counts: with 200,000 people the dashboard's and the Länder
balance's took 30 ms and more of the database's time per view, ten times what they took
with 20,000. ``cached(name, tables, compute, *key)`` returns ``compute()`` from a cache in
the worker's memory as long as none of ``tables`` has been written since; a view then
costs one small query (the tables' write stamps) whatever the size.

Every committed write marks its tables: an engine hook notes the table of each INSERT,
UPDATE and DELETE the connection runs (ORM flushes, bulk statements, raw SQL alike), and
when the transaction commits it stores a new random stamp for each of them in
``write_stamps``, in the same transaction (so a rolled-back write marks nothing, and every
worker sees the new stamp with the data). A cached value is kept under the stamps read
*before* it was computed, so a write committed meanwhile can only make it newer than its
stamps say, never older. Values over tables none of which has a stamp (``write_stamps``
just emptied) are not kept, nor is a value read by a transaction that has itself written
one of its tables. (Emptying ``write_stamps`` is safe; deleting single rows of it is not.)
Writes that bypass the app's engine (``psql`` by hand) are picked up after ``MAX_AGE``;
the migrations store no stamps (``migrations/env.py``), and a worker started after them
has an empty cache.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from crm.db import Base

write_stamps = sa.Table(
    "write_stamps",
    Base.metadata,
    sa.Column("table_name", sa.String(64), primary_key=True),
    #: a random value, new with every committed transaction that wrote the table
    sa.Column("stamp", sa.String(32), nullable=False),
)

#: seconds a cached value is kept at most (for writes the hook cannot see)
MAX_AGE = 600
#: values kept per worker (the oldest are dropped first)
MAX_ENTRIES = 256

_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.I)
_cache: OrderedDict[tuple, tuple[float, Any]] = OrderedDict()
_lock = threading.Lock()
_BUMP = sa.text(
    "INSERT INTO write_stamps (table_name, stamp) VALUES (:t, :s) "
    "ON CONFLICT (table_name) DO UPDATE SET stamp = excluded.stamp"
)


def _noted(conn, cursor, statement, parameters, context, executemany) -> None:
    match = _WRITE.match(statement)
    if match and match.group(1) != "write_stamps":
        conn.info.setdefault("written_tables", set()).add(match.group(1))


#: per database: whether it has the ``write_stamps`` table (an older schema has not)
_has_table: dict[str, bool] = {}


def _stamped(conn) -> bool:
    url = str(conn.engine.url)
    if url not in _has_table:
        _has_table[url] = sa.inspect(conn).has_table("write_stamps")
    return _has_table[url]


def schema_changed() -> None:
    """Look again whether the database has ``write_stamps`` (after the migrations ran)."""
    _has_table.clear()


def _stamp_on_commit(conn) -> None:
    written = conn.info.pop("written_tables", None)
    if not written or not conn.get_execution_options().get("write_stamps", True):
        return  # nothing written, or the migrations (migrations/env.py)
    if not _stamped(conn):
        return
    for table in sorted(written or ()):  # one order for every writer: no deadlock
        conn.execute(_BUMP, {"t": table, "s": secrets.token_hex(16)})
    conn.info.pop("written_tables", None)


def _forget(conn) -> None:
    conn.info.pop("written_tables", None)


def _checked_in(dbapi_connection, connection_record) -> None:
    # a connection back in the pool carries no note of writes into its next use
    connection_record.info.pop("written_tables", None)


def register() -> None:
    """Install the engine hooks once (for every engine the process creates)."""
    for target, name, hook in (
        (sa.engine.Engine, "after_cursor_execute", _noted),
        (sa.engine.Engine, "commit", _stamp_on_commit),
        (sa.engine.Engine, "rollback", _forget),
        (sa.pool.Pool, "checkin", _checked_in),
    ):
        if not sa.event.contains(target, name, hook):
            sa.event.listen(target, name, hook)


def stamps(session, tables: tuple[str, ...]) -> tuple | None:
    """Return the write stamps of ``tables`` (one query; None for a table without one), or
    None when none of them has one."""
    if not _stamped(session.connection()):
        return None
    found = dict(
        session.execute(
            sa.select(write_stamps.c.table_name, write_stamps.c.stamp).where(
                write_stamps.c.table_name.in_(tables)
            )
        ).all()
    )
    if not found:
        return None
    # a table never written since write_stamps was filled (or emptied) has none yet: the
    # others' random stamps still tell this state of the data from every earlier one
    return tuple(found.get(t) for t in tables)


def cached(session, name: str, tables: tuple[str, ...], compute: Callable[[], Any], *key) -> Any:
    """Return ``compute()``, from the cache while none of ``tables`` was written since.

    ``key`` holds what else the value depends on (the day, a filter). The value must be
    plain data (numbers, strings, tuples, dicts), not ORM objects bound to a session.
    """
    current = stamps(session, tables)  # first: its autoflush may write
    pending = session.connection().info.get("written_tables") or set()
    if current is None or pending.intersection(tables):  # its own writes, not yet committed
        return compute()
    entry_key = (str(session.get_bind().url), name, key, current)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(entry_key)
    if hit is not None and now - hit[0] <= MAX_AGE:
        return hit[1]
    value = compute()
    with _lock:
        _cache[entry_key] = (now, value)
        _cache.move_to_end(entry_key)
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return value
