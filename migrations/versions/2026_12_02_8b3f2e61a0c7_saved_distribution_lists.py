"""saved distribution lists (Verteiler): the export builder's filters under a name

Revision ID: 8b3f2e61a0c7
Revises: 5d1e7a2c9b44
Create Date: 2026-12-02 08:45:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "8b3f2e61a0c7"
down_revision = "5d1e7a2c9b44"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "saved_lists",
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_saved_lists_owner_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_lists")),
    )
    with op.batch_alter_table("saved_lists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_lists_owner_id"), ["owner_id"], unique=False)


def downgrade():
    with op.batch_alter_table("saved_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_lists_owner_id"))
    op.drop_table("saved_lists")
