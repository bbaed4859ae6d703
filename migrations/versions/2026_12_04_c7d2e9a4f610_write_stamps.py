"""write_stamps: per table, a stamp renewed by every committed write (cached counts,
crm.aggregates); seats and memberships indexed by role

Revision ID: c7d2e9a4f610
Revises: b83d5e0f6a21
Create Date: 2026-12-04 18:20:00.000000

"""

import secrets

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c7d2e9a4f610"
down_revision = "b83d5e0f6a21"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "write_stamps",
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("stamp", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("table_name", name=op.f("pk_write_stamps")),
    )
    # every table present gets its first stamp: counts over it can be kept from now on
    bind = op.get_bind()
    stamps = sa.table("write_stamps", sa.column("table_name"), sa.column("stamp"))
    names = [n for n in sa.inspect(bind).get_table_names() if n != "write_stamps"]
    if names:
        op.bulk_insert(stamps, [{"table_name": n, "stamp": secrets.token_hex(16)} for n in names])

    for table in ("memberships", "seats"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(
                f"ix_{table}_role_group", ["role", "group_id", "starts_on", "ends_on"], unique=False
            )


def downgrade():
    for table in ("seats", "memberships"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_role_group")
    op.drop_table("write_stamps")
