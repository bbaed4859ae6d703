"""erasure marker on people and retention holds (the review list's "keep, because …")

Revision ID: d8f3b2a61c95
Revises: c4e1a9d7f250
Create Date: 2026-12-02 13:40:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "d8f3b2a61c95"
down_revision = "c4e1a9d7f250"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "retention_holds",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kept_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("kept_by_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"],
            name=op.f("fk_retention_holds_contact_id_contacts"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kept_by_id"], ["users.id"],
            name=op.f("fk_retention_holds_kept_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_holds")),
    )
    with op.batch_alter_table("retention_holds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retention_holds_contact_id"), ["contact_id"])
        batch_op.create_index(batch_op.f("ix_retention_holds_kept_by_id"), ["kept_by_id"])


def downgrade():
    with op.batch_alter_table("retention_holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_holds_kept_by_id"))
        batch_op.drop_index(batch_op.f("ix_retention_holds_contact_id"))
    op.drop_table("retention_holds")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
