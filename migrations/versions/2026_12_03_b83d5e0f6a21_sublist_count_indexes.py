"""sublist and report indexes: invitations (meeting_id, rsvp), organisations (id, state)

Revision ID: b83d5e0f6a21
Revises: e272d39c0b21
Create Date: 2026-12-03 07:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "b83d5e0f6a21"
down_revision = "e272d39c0b21"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index("ix_invitations_meeting_rsvp", ["meeting_id", "rsvp"], unique=False)
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index("ix_organisations_id_state", ["id", "state"], unique=False)


def downgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index("ix_organisations_id_state")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index("ix_invitations_meeting_rsvp")
