"""circular mails (Rundschreiben) to a list of the export builder; outbox mails name
their circular and carry an unsubscribe link

Revision ID: b7e3f9a20d15
Revises: a4d8e2f61c07
Create Date: 2026-12-02 19:35:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "b7e3f9a20d15"
down_revision = "a4d8e2f61c07"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "circulars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="draft", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recipients", sa.Integer(), server_default="0", nullable=False),
        sa.Column("left_out", sa.JSON(), nullable=True),
        sa.Column("unsubscribed", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'sending', 'sent')", name=op.f("ck_circulars_status_code")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_circulars_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circulars")),
    )
    op.create_index(op.f("ix_circulars_created_by_id"), "circulars", ["created_by_id"])
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.add_column(sa.Column("circular_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("unsubscribe_url", sa.String(length=500), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_mails_circular_id"), ["circular_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_mails_circular_id_circulars"),
            "circulars",
            ["circular_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_mails_circular_id_circulars"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outbox_mails_circular_id"))
        batch_op.drop_column("unsubscribe_url")
        batch_op.drop_column("circular_id")
    op.drop_index(op.f("ix_circulars_created_by_id"), table_name="circulars")
    op.drop_table("circulars")
