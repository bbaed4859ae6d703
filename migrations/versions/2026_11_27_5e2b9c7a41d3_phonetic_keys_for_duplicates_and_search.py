"""phonetic keys: duplicates by sound and typo-forgiving search

``phonetic_key`` holds the Kölner Phonetik codes of a person's last and first name (of an
organisation's name): ``crm.search.normalize.phonetic``, kept current by the flush hook in
``crm/search/hooks.py``. Records with the same key are duplicate candidates (Meier/Meyer,
Schmidt/Schmitt, Meißner/Meisner), read through the new B-tree index on (``phonetic_key``, ``archived_at``), which
also counts the candidates of current records without reading the table; searches also match
the key, so the search index now covers both columns (a two-column GIN trigram index on
PostgreSQL, a covering B-tree on SQLite). Existing rows are filled here in batches with the
same function the app uses.

Revision ID: 5e2b9c7a41d3
Revises: c4a14180806d
Create Date: 2026-11-27 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

from crm.search.normalize import phonetic

# revision identifiers, used by Alembic.
revision = "5e2b9c7a41d3"
down_revision = "c4a14180806d"
branch_labels = None
depends_on = None

SOURCES = {"contacts": ("last_name", "first_name"), "organisations": ("name",)}


def _search_index(table: str, columns: list[str]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            f"ix_{table}_search_text",
            table,
            columns,
            postgresql_using="gin",
            postgresql_ops={c: "gin_trgm_ops" for c in columns},
        )
    else:
        op.create_index(f"ix_{table}_search_text", table, columns)


def upgrade():
    for table in SOURCES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("phonetic_key", sa.String(length=200), server_default="", nullable=False)
            )
            batch_op.create_index(
                f"ix_{table}_phonetic_key", ["phonetic_key", "archived_at"], unique=False
            )

    bind = op.get_bind()
    for table, columns in SOURCES.items():
        t = sa.table(
            table, sa.column("id"), sa.column("phonetic_key"), *(sa.column(c) for c in columns)
        )
        last_id = 0
        while True:
            rows = bind.execute(
                sa.select(t.c.id, *(t.c[c] for c in columns))
                .where(t.c.id > last_id)
                .order_by(t.c.id)
                .limit(1000)
            ).all()
            if not rows:
                break
            bind.execute(
                t.update()
                .where(t.c.id == sa.bindparam("row_id"))
                .values(phonetic_key=sa.bindparam("code")),
                [{"row_id": r[0], "code": phonetic(*r[1:])[:200]} for r in rows],
            )
            last_id = rows[-1][0]

    for table in SOURCES:
        op.drop_index(f"ix_{table}_search_text", table_name=table)
        _search_index(table, ["search_text", "phonetic_key"])


def downgrade():
    for table in SOURCES:
        op.drop_index(f"ix_{table}_search_text", table_name=table)
        _search_index(table, ["search_text"])
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_phonetic_key")
            batch_op.drop_column("phonetic_key")
