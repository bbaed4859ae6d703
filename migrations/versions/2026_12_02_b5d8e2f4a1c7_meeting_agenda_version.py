"""meetings.agenda_version: adding, moving and removing agenda items carry the agenda's version

A click on an outdated agenda page (an item added, moved or removed by someone else since
the page was opened), or the loser of two clicks in the same instant, is refused with the
conflict page instead of moving or removing the wrong item.

Revision ID: b5d8e2f4a1c7
Revises: a9e4c7d2f183
Create Date: 2026-12-02 20:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b5d8e2f4a1c7"
down_revision = "a9e4c7d2f183"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(
            sa.Column("agenda_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade():
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("agenda_version")
