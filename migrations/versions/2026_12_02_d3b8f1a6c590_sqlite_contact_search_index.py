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

from crm.search import sqlite_index

# revision identifiers, used by Alembic.
revision = "d3b8f1a6c590"
down_revision = "b5d8e2f4a1c7"
branch_labels = None
depends_on = None


def upgrade():
    sqlite_index.create(op, "contacts")


def downgrade():
    sqlite_index.drop(op, "contacts")
