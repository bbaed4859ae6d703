"""a viewer an admin allowed to export personal contact lists (users.may_export_personal)

Revision ID: f1c9e4b7a2d6
Revises: f3a9c6e1b7d4
Create Date: 2026-12-02 14:05:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "f1c9e4b7a2d6"
down_revision = "f3a9c6e1b7d4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("may_export_personal", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("may_export_personal")
