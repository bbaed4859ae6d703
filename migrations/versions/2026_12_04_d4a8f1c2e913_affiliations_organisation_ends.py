"""affiliations_organisation_ends: an organisation's people indexed in the order of its page
(current first, then latest ended, then id), so a deep page and its cursor read the index

Revision ID: d4a8f1c2e913
Revises: e5a1c8d3f972
Create Date: 2026-12-04 19:30:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "d4a8f1c2e913"
down_revision = "e5a1c8d3f972"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_affiliations_organisation_ends",
        "affiliations",
        ["organisation_id", sa.text("coalesce(ends_on, '9999-12-31') DESC"), "id"],
    )


def downgrade():
    op.drop_index("ix_affiliations_organisation_ends", table_name="affiliations")
