"""circular attachments; outbox mails carry references to their attached files

Revision ID: c4e9a1f7b352
Revises: a7e4c2f9d180
Create Date: 2026-12-03 06:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4e9a1f7b352"
down_revision = "a7e4c2f9d180"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "circular_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("circular_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=100), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["circular_id"],
            ["circulars.id"],
            name=op.f("fk_circular_attachments_circular_id_circulars"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_circular_attachments_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circular_attachments")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_circular_attachments_stored_name")),
    )
    op.create_index(
        op.f("ix_circular_attachments_circular_id"), "circular_attachments", ["circular_id"]
    )
    op.create_index(
        op.f("ix_circular_attachments_uploaded_by_id"), "circular_attachments", ["uploaded_by_id"]
    )
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.add_column(sa.Column("attachments", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.drop_column("attachments")
    op.drop_index(op.f("ix_circular_attachments_uploaded_by_id"), table_name="circular_attachments")
    op.drop_index(op.f("ix_circular_attachments_circular_id"), table_name="circular_attachments")
    op.drop_table("circular_attachments")
