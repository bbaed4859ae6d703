"""Audit events: a summary as a message and its params, shown in the reader's language

``message`` holds the German msgid of an event's summary, ``params`` the values of its
placeholders; the history translates them when it shows them. Events from before keep
their free-text ``summary`` (both columns NULL) and show it as stored.

Revision ID: a7e4c2f9d180
Revises: d3b8f1a6c590
Create Date: 2026-12-03 06:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7e4c2f9d180"
down_revision = "d3b8f1a6c590"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("message", sa.String(200), nullable=True))
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("params")
        batch.drop_column("message")
