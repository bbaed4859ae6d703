"""issue 3: trigram indexes for substring search on PostgreSQL

On PostgreSQL the plain B-tree indexes on ``search_text`` cannot serve ``LIKE '%term%'``;
they are replaced by GIN trigram indexes (``pg_trgm``). SQLite keeps its plain indexes
(the models declare the GIN method only for PostgreSQL, so ``flask db check`` agrees on both).

Revision ID: 3a7c1e9d5b20
Revises: cdd8b09eabc1
Create Date: 2026-11-25 15:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3a7c1e9d5b20'
down_revision = 'cdd8b09eabc1'
branch_labels = None
depends_on = None

TABLES = ("contacts", "organisations")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        op.drop_index(f"ix_{table}_search_text", table_name=table)
        op.create_index(
            f"ix_{table}_search_text",
            table,
            ["search_text"],
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.drop_index(f"ix_{table}_search_text", table_name=table)
        op.create_index(f"ix_{table}_search_text", table, ["search_text"])
