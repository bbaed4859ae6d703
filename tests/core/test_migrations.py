"""The Alembic history builds the schema, matches the models, and downgrades to base."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from crm.extensions import db


def _differences():
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
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
