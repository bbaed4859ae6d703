"""The Alembic history builds the schema, matches the models, and downgrades to base."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from crm.db import include_name, include_object
from crm.extensions import db


def _differences():
    with db.engine.connect() as conn:
        opts = {
            "compare_type": True,
            "include_name": include_name,
            "include_object": include_object,
        }
        ctx = MigrationContext.configure(conn, opts=opts)
        return compare_metadata(ctx, db.metadata)


def test_upgrade_check_downgrade(app):
    db.session.remove()
    assert _differences() == []
    downgrade(revision="base")
    tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
    upgrade()
    assert _differences() == []
    assert "contacts" in sa.inspect(db.engine).get_table_names()


def test_flask_db_check_command(runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_phonetic_keys_are_filled_for_existing_rows(app):
    """The phonetic-key revision computes the key of rows stored before it."""
    db.session.remove()
    downgrade(revision="c4a14180806d")
    with db.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO contacts (salutation, first_name, last_name, legal_basis,"
                " is_no_contact, search_text, sort_key, version, created_at, updated_at)"
                " VALUES ('', 'Anna', 'Meißner', 'consent', false, 'meissner anna',"
                " 'meissner anna', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO organisations (name, kind, state, search_text, sort_key, version,"
                " created_at, updated_at) VALUES ('Stadt Jena', 'city', 'TH', 'stadt jena',"
                " 'stadt jena', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    upgrade()
    with db.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT phonetic_key FROM contacts")) == "6867 06"
        assert conn.scalar(sa.text("SELECT phonetic_key FROM organisations")) == "822 06"
    assert _differences() == []


def test_sqlite_search_index_triggers_survive_the_history(app):
    """The FTS5 search tables of people and organisations are kept by triggers on
    ``contacts`` and ``organisations``; a later migration that rebuilds one of them (a batch
    ALTER copies the table on SQLite) would drop them silently, so after the whole history
    all twelve must still be there."""
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        names = set(
            conn.scalars(
                sa.text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    " AND tbl_name IN ('contacts', 'organisations')"
                )
            )
        )
    expected = {
        f"{table}_{index}_{e}"
        for table in ("contacts", "organisations")
        for index in ("text", "sound")
        for e in ("insert", "delete", "update")
    }
    assert expected <= names, names
