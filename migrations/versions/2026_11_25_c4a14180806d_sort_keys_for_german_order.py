"""sort keys: lists sort names as German readers expect (Böhme before Busch)

``sort_key`` holds the normalised name (``crm.search.normalize``: umlauts and ß folded,
case ignored); it is kept current by the flush hook in ``crm/search/hooks.py``. Existing rows
are filled here in batches.

Revision ID: c4a14180806d
Revises: 3a7c1e9d5b20
Create Date: 2026-11-25 16:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

from crm.search.normalize import search_key

# revision identifiers, used by Alembic.
revision = "c4a14180806d"
down_revision = "3a7c1e9d5b20"
branch_labels = None
depends_on = None

SOURCES = {"contacts": ("last_name", "first_name"), "organisations": ("name",)}


def upgrade():
    for table in SOURCES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("sort_key", sa.String(length=300), server_default="", nullable=False)
            )
            batch_op.create_index(batch_op.f(f"ix_{table}_sort_key"), ["sort_key"], unique=False)

    bind = op.get_bind()
    for table, columns in SOURCES.items():
        t = sa.table(table, sa.column("id"), sa.column("sort_key"),
                     *(sa.column(c) for c in columns))
        last_id = 0
        while True:
            rows = bind.execute(
                sa.select(t.c.id, *(t.c[c] for c in columns))
                .where(t.c.id > last_id).order_by(t.c.id).limit(1000)
            ).all()
            if not rows:
                break
            bind.execute(
                t.update().where(t.c.id == sa.bindparam("row_id"))
                .values(sort_key=sa.bindparam("key")),
                [{"row_id": r[0], "key": search_key(*r[1:])[:300]} for r in rows],
            )
            last_id = rows[-1][0]


def downgrade():
    for table in SOURCES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_sort_key"))
            batch_op.drop_column("sort_key")
