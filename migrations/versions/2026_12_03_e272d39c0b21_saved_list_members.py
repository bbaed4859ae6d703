"""saved_list_members: people added to a saved list by hand (bulk action "Zu einem Verteiler hinzufügen")

Revision ID: e272d39c0b21
Revises: a1f4c8e2d7b3
Create Date: 2026-12-03 06:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "e272d39c0b21"
down_revision = "a1f4c8e2d7b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "saved_list_members",
        sa.Column("saved_list_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["saved_list_id"], ["saved_lists.id"], name=op.f("fk_saved_list_members_saved_list_id_saved_lists"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_saved_list_members_contact_id_contacts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("saved_list_id", "contact_id", name=op.f("pk_saved_list_members")),
    )
    with op.batch_alter_table("saved_list_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_list_members_contact_id"), ["contact_id"], unique=False)


def downgrade():
    with op.batch_alter_table("saved_list_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_list_members_contact_id"))
    op.drop_table("saved_list_members")
