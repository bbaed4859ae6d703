"""outbox: states queued/sending/sent/failed/bounced/cancelled, a worker's lease, Message-ID,
kind, group and person of each mail

Revision ID: e7b2d4c81a39
Revises: d8f3b2a61c95
Create Date: 2026-12-02 13:50:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "e7b2d4c81a39"
down_revision = "d8f3b2a61c95"
branch_labels = None
depends_on = None

NEW = "status IN ('queued', 'sending', 'sent', 'failed', 'bounced', 'cancelled')"
OLD = "status IN ('pending', 'sent', 'failed')"


def upgrade():
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_mails_status_code"), type_="check")
    op.execute("UPDATE outbox_mails SET status = 'queued' WHERE status = 'pending'")
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.alter_column("status", server_default="queued")
        batch_op.create_check_constraint("status_code", NEW)
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), server_default="other", nullable=False)
        )
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=100)))
        batch_op.add_column(sa.Column("message_id", sa.String(length=250)))
        batch_op.add_column(sa.Column("group_id", sa.Integer()))
        batch_op.add_column(sa.Column("contact_id", sa.Integer()))
        batch_op.create_index(op.f("ix_outbox_mails_message_id"), ["message_id"])
        batch_op.create_index(op.f("ix_outbox_mails_group_id"), ["group_id"])
        batch_op.create_index(op.f("ix_outbox_mails_contact_id"), ["contact_id"])
        batch_op.create_foreign_key(
            op.f("fk_outbox_mails_group_id_groups"), "groups", ["group_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key(
            op.f("fk_outbox_mails_contact_id_contacts"),
            "contacts",
            ["contact_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.drop_constraint(op.f("fk_outbox_mails_contact_id_contacts"), type_="foreignkey")
        batch_op.drop_constraint(op.f("fk_outbox_mails_group_id_groups"), type_="foreignkey")
        batch_op.drop_index(op.f("ix_outbox_mails_contact_id"))
        batch_op.drop_index(op.f("ix_outbox_mails_group_id"))
        batch_op.drop_index(op.f("ix_outbox_mails_message_id"))
        for column in ("contact_id", "group_id", "message_id", "claimed_by", "claimed_until"):
            batch_op.drop_column(column)
        batch_op.drop_column("kind")
        batch_op.drop_constraint(op.f("ck_outbox_mails_status_code"), type_="check")
    op.execute(
        "UPDATE outbox_mails SET status = CASE WHEN status IN ('queued', 'sending') "
        "THEN 'pending' WHEN status = 'sent' THEN 'sent' ELSE 'failed' END"
    )
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.alter_column("status", server_default="pending")
        batch_op.create_check_constraint("status_code", OLD)
