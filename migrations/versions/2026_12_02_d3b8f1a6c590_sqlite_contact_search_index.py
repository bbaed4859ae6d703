"""SQLite: a trigram and a sound index for the people search

On SQLite a substring search (``LIKE '%mueller%'``) cannot use a B-tree index, so with
200,000 people every search read all of ``search_text`` (120–150 ms of CPU). Two FTS5 tables
index it instead, kept current by triggers on ``contacts`` (so every write, through the ORM
or a bulk insert, updates them): ``contacts_text`` (trigram tokenizer over ``search_text``:
``LIKE`` finds substrings of three letters or more through it) and ``contacts_sound`` (the
Kölner Phonetik codes of ``phonetic_key`` as words). PostgreSQL has its trigram GIN indexes
(revision 3a7c1e9d5b20) and gets nothing here.

Revision ID: d3b8f1a6c590
Revises: b5d8e2f4a1c7
Create Date: 2026-12-02 20:05:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "d3b8f1a6c590"
down_revision = "b5d8e2f4a1c7"
branch_labels = None
depends_on = None

#: (FTS table, column of contacts, tokenizer)
INDEXES = (("contacts_text", "search_text", "trigram"), ("contacts_sound", "phonetic_key", "unicode61"))


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, column, tokenizer in INDEXES:
        # IF NOT EXISTS: a test run drops the mapped tables, not this one; it is rebuilt below
        op.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5({column},"
            f" content='contacts', content_rowid='id', tokenize='{tokenizer}')"
        )
        op.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_insert AFTER INSERT ON contacts BEGIN"
            f" INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_delete AFTER DELETE ON contacts BEGIN"
            f" INSERT INTO {table}({table}, rowid, {column})"
            f" VALUES ('delete', old.id, old.{column}); END"
        )
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_update AFTER UPDATE OF {column} ON contacts"
            f" BEGIN INSERT INTO {table}({table}, rowid, {column})"
            f" VALUES ('delete', old.id, old.{column});"
            f" INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, _column, _tokenizer in INDEXES:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{event}")
        op.execute(f"DROP TABLE IF EXISTS {table}")
