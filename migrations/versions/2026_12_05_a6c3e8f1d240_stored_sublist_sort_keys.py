"""stored sort keys of sub-lists: seats, memberships and invitations keep their person's or
organisation's sort key (and seats and memberships the rank of their role), indexed in the
order of the group and meeting pages, so a 5,000-row sub-list is not sorted on every view

Revision ID: a6c3e8f1d240
Revises: f4b2a7c9d831
Create Date: 2026-12-05 00:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "a6c3e8f1d240"
down_revision = "f4b2a7c9d831"
branch_labels = None
depends_on = None

#: the ranks of ``Seat.RANKS`` and ``Membership.RANKS`` when this migration was written
SEAT_RANKS = ("lead", "deputy_lead", "delegate", "deputy_delegate", "guest", "secretariat")
MEMBERSHIP_RANKS = {"lead": 0, "member": 1, "guest": 1, "advisory": 1}
#: table -> (the table whose sort key it copies, the foreign key)
COPIES = {
    "seats": ("contacts", "contact_id"),
    "memberships": ("organisations", "organisation_id"),
    "invitations": ("contacts", "contact_id"),
}


def _case(ranks: dict) -> str:
    whens = " ".join(f"WHEN '{role}' THEN {rank}" for role, rank in ranks.items())
    return f"CASE role {whens} ELSE 9 END"


def upgrade():
    for table in ("seats", "memberships"):
        op.add_column(
            table, sa.Column("role_rank", sa.SmallInteger(), nullable=False, server_default="9")
        )
    for table in COPIES:
        op.add_column(
            table, sa.Column("sort_key", sa.String(300), nullable=False, server_default="")
        )
    op.execute(
        "UPDATE seats SET role_rank = "
        + _case({role: rank for rank, role in enumerate(SEAT_RANKS)})
    )
    op.execute("UPDATE memberships SET role_rank = " + _case(MEMBERSHIP_RANKS))
    for table, (source, fk) in COPIES.items():
        op.execute(
            f"UPDATE {table} SET sort_key = coalesce("
            f"(SELECT {source}.sort_key FROM {source} WHERE {source}.id = {table}.{fk}), '')"
        )
    for table in ("seats", "memberships"):
        op.create_index(
            f"ix_{table}_group_list",
            table,
            ["group_id", "role_rank", "sort_key", "id", "starts_on", "ends_on"],
        )
    op.create_index("ix_invitations_meeting_list", "invitations", ["meeting_id", "sort_key", "id"])


def downgrade():
    op.drop_index("ix_invitations_meeting_list", table_name="invitations")
    for table in ("seats", "memberships"):
        op.drop_index(f"ix_{table}_group_list", table_name=table)
    with op.batch_alter_table("invitations") as batch:
        batch.drop_column("sort_key")
    for table in ("seats", "memberships"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("sort_key")
            batch.drop_column("role_rank")
