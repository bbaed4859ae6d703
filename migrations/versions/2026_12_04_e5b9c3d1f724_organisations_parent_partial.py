"""organisations_parent_partial: index only organisations with a parent, so SQLite's
statistics no longer count every NULL as one value and scan the table for children

Revision ID: e5b9c3d1f724
Revises: d4a8f1c2e913
Create Date: 2026-12-04 19:35:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "e5b9c3d1f724"
down_revision = "d4a8f1c2e913"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_organisations_parent_id", table_name="organisations")
    op.create_index(
        "ix_organisations_parent_id",
        "organisations",
        ["parent_id"],
        sqlite_where=sa.text("parent_id IS NOT NULL"),
        postgresql_where=sa.text("parent_id IS NOT NULL"),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE organisations")


def downgrade():
    op.drop_index("ix_organisations_parent_id", table_name="organisations")
    op.create_index("ix_organisations_parent_id", "organisations", ["parent_id"])
