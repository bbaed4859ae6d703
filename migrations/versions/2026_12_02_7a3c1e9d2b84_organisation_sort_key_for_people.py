"""organisation sort key for people: the list sorts by organisation on an index

``contacts.organisation_sort_key`` holds the folded name (``crm.search.normalize.search_key``)
of the person's primary (else newest) current organisation, kept current by the flush hook in
``crm/search/hooks.py`` (``Contact.compute_organisation_sort_key``; a renamed organisation
updates its people in one statement). ``/contacts/?sort=organisation`` orders by this indexed
column instead of a correlated subquery over affiliations and organisations. Existing rows
are filled here in batches with the same function the app uses.

Revision ID: 7a3c1e9d2b84
Revises: 5e2b9c7a41d3
Create Date: 2026-12-02 08:40:00.000000

"""

from datetime import date

import sqlalchemy as sa
from alembic import op

from crm.search.normalize import search_key

# revision identifiers, used by Alembic.
revision = "7a3c1e9d2b84"
down_revision = "5e2b9c7a41d3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "organisation_sort_key", sa.String(length=300), server_default="", nullable=False
            )
        )
        batch_op.create_index(
            "ix_contacts_organisation_sort_key", ["organisation_sort_key"], unique=False
        )

    bind = op.get_bind()
    contacts = sa.table("contacts", sa.column("id"), sa.column("organisation_sort_key"))
    aff = sa.table(
        "affiliations",
        sa.column("contact_id"),
        sa.column("organisation_id"),
        sa.column("is_primary"),
        sa.column("starts_on"),
        sa.column("ends_on"),
    )
    orgs = sa.table("organisations", sa.column("id"), sa.column("name"))
    on = date.today()
    current = sa.and_(
        sa.or_(aff.c.starts_on.is_(None), aff.c.starts_on <= on),
        sa.or_(aff.c.ends_on.is_(None), aff.c.ends_on >= on),
    )
    last_id = 0
    while True:
        ids = bind.scalars(
            sa.select(contacts.c.id)
            .where(contacts.c.id > last_id)
            .order_by(contacts.c.id)
            .limit(1000)
        ).all()
        if not ids:
            break
        rows = bind.execute(
            sa.select(aff.c.contact_id, orgs.c.name)
            .join(orgs, orgs.c.id == aff.c.organisation_id)
            .where(aff.c.contact_id.in_(ids), current)
            # the app's choice: primary first, then the newest start
            .order_by(aff.c.contact_id, aff.c.is_primary.desc(), aff.c.starts_on.desc().nulls_last())
        ).all()
        chosen: dict[int, str] = {}
        for contact_id, name in rows:
            chosen.setdefault(contact_id, name)
        if chosen:
            bind.execute(
                contacts.update()
                .where(contacts.c.id == sa.bindparam("row_id"))
                .values(organisation_sort_key=sa.bindparam("key")),
                [{"row_id": i, "key": search_key(n)[:300]} for i, n in chosen.items()],
            )
        last_id = ids[-1]


def downgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_organisation_sort_key")
        batch_op.drop_column("organisation_sort_key")
