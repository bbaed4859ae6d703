"""lower(email) indexes: the import matches rows by e-mail in batches, whatever its case

``contacts`` and ``affiliations`` get an index on ``lower(email)``, so that
``crm.imports.queries`` finds the stored people of 1,000 imported addresses in one indexed
query instead of reading every stored address into memory.

Revision ID: c4e8a1f2d9b6
Revises: 4c9e1f7a2d60
Create Date: 2026-12-02 14:05:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4e8a1f2d9b6"
down_revision = "4c9e1f7a2d60"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_contacts_email_lower", "contacts", [sa.text("lower(email)")])
    op.create_index("ix_affiliations_email_lower", "affiliations", [sa.text("lower(email)")])


def downgrade():
    op.drop_index("ix_affiliations_email_lower", table_name="affiliations")
    op.drop_index("ix_contacts_email_lower", table_name="contacts")
