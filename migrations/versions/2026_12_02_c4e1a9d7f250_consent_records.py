"""consent records per purpose (invitations, circulars, publication) with their history

Revision ID: c4e1a9d7f250
Revises: 8b3f2e61a0c7
Create Date: 2026-12-02 13:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c4e1a9d7f250"
down_revision = "8b3f2e61a0c7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consent_records",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("is_current", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "purpose IN ('invitations', 'circulars', 'publication')",
            name=op.f("ck_consent_records_purpose_code"),
        ),
        sa.CheckConstraint(
            "status IN ('given', 'withdrawn')", name=op.f("ck_consent_records_status_code")
        ),
        sa.CheckConstraint(
            "source IN ('form', 'email', 'phone', 'import')",
            name=op.f("ck_consent_records_source_code"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"],
            name=op.f("fk_consent_records_contact_id_contacts"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"],
            name=op.f("fk_consent_records_recorded_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consent_records_contact_purpose", ["contact_id", "purpose", "is_current"]
        )
        batch_op.create_index(batch_op.f("ix_consent_records_recorded_by_id"), ["recorded_by_id"])
        batch_op.create_index(
            "uq_consent_records_current",
            ["contact_id", "purpose"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )


def downgrade():
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.drop_index("uq_consent_records_current")
        batch_op.drop_index(batch_op.f("ix_consent_records_recorded_by_id"))
        batch_op.drop_index("ix_consent_records_contact_purpose")
    op.drop_table("consent_records")
