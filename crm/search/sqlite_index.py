"""SQLite's FTS5 search indexes of a table's ``search_text`` and ``phonetic_key``.

On SQLite a substring search (``LIKE '%mueller%'``) cannot use a B-tree index. Two FTS5
tables per searched table index it instead, kept current by triggers (so every write,
through the ORM or a bulk insert, updates them): ``<table>_text`` (trigram tokenizer over
``search_text``) and ``<table>_sound`` (the Kölner Phonetik codes of ``phonetic_key`` as
words). The migrations create them (``create``); ``crm.search.match`` reads them.
"""

from __future__ import annotations

#: (suffix of the FTS table, indexed column, tokenizer)
INDEXES = (("text", "search_text", "trigram"), ("sound", "phonetic_key", "unicode61"))


def create(op, source: str) -> None:
    """Create (or rebuild) the FTS5 tables of ``source`` and their triggers (SQLite only)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for suffix, column, tokenizer in INDEXES:
        table = f"{source}_{suffix}"
        # IF NOT EXISTS: a test run drops the mapped tables, not this one; it is rebuilt below
        op.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5({column},"
            f" content='{source}', content_rowid='id', tokenize='{tokenizer}')"
        )
        op.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_insert AFTER INSERT ON {source} BEGIN"
            f" INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_delete AFTER DELETE ON {source} BEGIN"
            f" INSERT INTO {table}({table}, rowid, {column})"
            f" VALUES ('delete', old.id, old.{column}); END"
        )
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_update AFTER UPDATE OF {column} ON {source}"
            f" BEGIN INSERT INTO {table}({table}, rowid, {column})"
            f" VALUES ('delete', old.id, old.{column});"
            f" INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )


def drop(op, source: str) -> None:
    """Drop the FTS5 tables of ``source`` and their triggers (SQLite only)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for suffix, _column, _tokenizer in INDEXES:
        table = f"{source}_{suffix}"
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{event}")
        op.execute(f"DROP TABLE IF EXISTS {table}")
