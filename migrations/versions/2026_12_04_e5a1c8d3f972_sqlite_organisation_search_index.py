"""SQLite: a trigram and a sound index for the organisation search

As for people (revision d3b8f1a6c590): on SQLite a substring search of organisations read
every row's ``search_text`` through a covering index (the global search for "gross": 5.9 ms
of CPU with 20,000 organisations, 0.7 ms with 2,000). Two FTS5 tables index it instead,
kept current by triggers on ``organisations`` (``crm.search.sqlite_index``): ``organisations_text`` (trigram tokenizer
over ``search_text``) and ``organisations_sound`` (the Kölner Phonetik codes of
``phonetic_key`` as words). PostgreSQL has its trigram GIN indexes and gets nothing here.

Revision ID: e5a1c8d3f972
Revises: c7d2e9a4f610
Create Date: 2026-12-04 19:30:00.000000

"""

from alembic import op

from crm.search import sqlite_index

# revision identifiers, used by Alembic.
revision = "e5a1c8d3f972"
down_revision = "c7d2e9a4f610"
branch_labels = None
depends_on = None


def upgrade():
    sqlite_index.create(op, "organisations")


def downgrade():
    sqlite_index.drop(op, "organisations")
