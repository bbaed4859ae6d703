"""people: the language of mails to them (English, or German by default)

Revision ID: c2f6a8d41e93
Revises: b6d1e8f4a273
Create Date: 2026-12-02 20:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c2f6a8d41e93"
down_revision = "b6d1e8f4a273"
branch_labels = None
depends_on = None


def upgrade():
    # plain ADD COLUMN, no batch copy (it would lose the expression index ix_contacts_email_lower)
    op.add_column("contacts", sa.Column("language", sa.String(length=5)))


def downgrade():
    op.drop_column("contacts", "language")
