"""people: since when mail to them bounces, and to which address

Revision ID: f3a9c2d71b58
Revises: f1c9e4b7a2d6
Create Date: 2026-12-02 14:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "f3a9c2d71b58"
down_revision = "f1c9e4b7a2d6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.add_column(sa.Column("undeliverable_since", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("undeliverable_address", sa.String(length=254)))


def downgrade():
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.drop_column("undeliverable_address")
        batch_op.drop_column("undeliverable_since")
