"""sort keys of people by DIN 5007-2: ö as oe, name particles ignored (von der Heydt under H)

The stored ``contacts.sort_key`` is refilled with ``crm.search.normalize.name_sort_key`` in
batches; the column and its index stay. The downgrade writes the former key (the search
normaliser) back.

Revision ID: 5d1e7a2c9b44
Revises: 7a3c1e9d2b84
Create Date: 2026-12-02 08:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

from crm.search.normalize import name_sort_key, search_key

# revision identifiers, used by Alembic.
revision = "5d1e7a2c9b44"
down_revision = "7a3c1e9d2b84"
branch_labels = None
depends_on = None


def _refill(key):
    bind = op.get_bind()
    t = sa.table("contacts", sa.column("id"), sa.column("sort_key"),
                 sa.column("last_name"), sa.column("first_name"))
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(t.c.id, t.c.last_name, t.c.first_name)
            .where(t.c.id > last_id).order_by(t.c.id).limit(1000)
        ).all()
        if not rows:
            break
        bind.execute(
            t.update().where(t.c.id == sa.bindparam("row_id"))
            .values(sort_key=sa.bindparam("key")),
            [{"row_id": r[0], "key": key(r[1], r[2])[:300]} for r in rows],
        )
        last_id = rows[-1][0]


def upgrade():
    _refill(name_sort_key)


def downgrade():
    _refill(search_key)
