"""people: since when mail to them bounces, and to which address

Revision ID: f3a9c2d71b58
Revises: f1c9e4b7a2d6
Create Date: 2026-12-02 14:20:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "f3a9c2d71b58"
down_revision = "f1c9e4b7a2d6"
branch_labels = None
depends_on = None


def upgrade():
    # plain ADD COLUMN, no batch copy: a copied table would lose the expression index
    # ix_contacts_email_lower, which batch mode cannot reflect on SQLite
    op.add_column("contacts", sa.Column("undeliverable_since", sa.DateTime(timezone=True)))
    op.add_column("contacts", sa.Column("undeliverable_address", sa.String(length=254)))


def downgrade():
    op.drop_column("contacts", "undeliverable_address")
    op.drop_column("contacts", "undeliverable_since")
