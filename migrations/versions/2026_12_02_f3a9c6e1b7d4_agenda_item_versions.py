"""agenda_items.version: an edit of an agenda item carries its version (optimistic locking)

A save from an outdated form, or the loser of two saves in the same instant, is refused
with the conflict page instead of overwriting the other person's change.

Revision ID: f3a9c6e1b7d4
Revises: 9c4e2a7b5d16
Create Date: 2026-12-02 14:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f3a9c6e1b7d4"
down_revision = "9c4e2a7b5d16"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agenda_items") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    with op.batch_alter_table("agenda_items") as batch:
        batch.drop_column("version")
