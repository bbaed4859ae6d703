"""people: an index of the list's order among current people (a deep page number reads it),
and indexes that find the few people a list leaves out

``/contacts/?page=6400`` skipped 160,000 rows of the table (each read to test
``archived_at``) before the 25 it shows: 300 ms of CPU on SQLite at 200,000 people. The
partial index ``(sort_key, id) WHERE archived_at IS NULL`` lets the page's ids come from the
index alone; the rows are then read by id.

The export builder worked out the reason a person is left out ("no contact", consent
withdrawn, no consent) for every person: 150 ms. The people who can be left out at all are
found through indexes on ``is_no_contact``, ``consent_withdrawn_at`` and ``legal_basis`` and
on the consent records by purpose and status.

The duplicates pages grouped every e-mail address by ``lower(email)``, which SQLite 3.40
computes from the table's rows: on SQLite ``(email COLLATE NOCASE, archived_at)`` serves
that scan from the index alone, in order.

Revision ID: a1f4c8e2d7b3
Revises: c4e9a1f7b352
Create Date: 2026-12-03 06:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a1f4c8e2d7b3"
down_revision = "c4e9a1f7b352"
branch_labels = None
depends_on = None

COLUMNS = (
    ("ix_contacts_is_no_contact", "is_no_contact"),
    ("ix_contacts_consent_withdrawn_at", "consent_withdrawn_at"),
    ("ix_contacts_legal_basis", "legal_basis"),
)


def upgrade():
    op.create_index(
        "ix_contacts_current_sort_key",
        "contacts",
        ["sort_key", "id"],
        sqlite_where=sa.text("archived_at IS NULL"),
        postgresql_where=sa.text("archived_at IS NULL"),
    )
    for name, column in COLUMNS:
        op.create_index(name, "contacts", [column])
    op.create_index(
        "ix_consent_records_purpose_status",
        "consent_records",
        ["purpose", "status", "is_current"],
    )
    if op.get_bind().dialect.name == "sqlite":
        for table in ("contacts", "organisations"):
            op.execute(
                f"CREATE INDEX ix_{table}_email_nocase ON {table} (email COLLATE NOCASE, archived_at)"
            )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for table in ("contacts", "organisations"):
            op.drop_index(f"ix_{table}_email_nocase", table_name=table)
    op.drop_index("ix_consent_records_purpose_status", table_name="consent_records")
    for name, _column in COLUMNS:
        op.drop_index(name, table_name="contacts")
    op.drop_index("ix_contacts_current_sort_key", table_name="contacts")
