"""accounts from a directory (LDAP) or single sign-on (OIDC): users.auth_source, external_id

Revision ID: e5a7c3d91b42
Revises: e7b2d4c81a39
Create Date: 2026-12-02 13:50:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "e5a7c3d91b42"
down_revision = "e7b2d4c81a39"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("auth_source", sa.String(length=10), server_default="local", nullable=False)
        )
        batch_op.add_column(sa.Column("external_id", sa.String(length=500), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_users_external_id"), ["external_id"])
        batch_op.create_check_constraint(
            "auth_source_code", "auth_source IN ('local', 'ldap', 'oidc')"
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("auth_source_code", type_="check")
        batch_op.drop_constraint(batch_op.f("uq_users_external_id"), type_="unique")
        batch_op.drop_column("external_id")
        batch_op.drop_column("auth_source")
