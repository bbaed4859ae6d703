"""meetings: days before the date (or the poll's first slot) of the automatic reminder

Revision ID: a4d8e2f61c07
Revises: f3a9c2d71b58
Create Date: 2026-12-02 19:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "a4d8e2f61c07"
down_revision = "f3a9c2d71b58"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("meetings", sa.Column("reminder_days", sa.Integer()))


def downgrade():
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_column("reminder_days")
