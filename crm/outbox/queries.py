"""What the outbox page reads: the mails a user may see, filtered."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from crm.auth.permissions import STAFF_ROLES, managed_group_ids
from crm.extensions import db
from crm.mail.models import KINDS, STATUSES, OutboxMail


def may_open_outbox(user) -> bool:
    """Return whether ``user`` may open the outbox page at all."""
    return user.is_authenticated and user.role in (*STAFF_ROLES, "group_lead")


def visible(user, stmt: sa.Select) -> sa.Select:
    """Limit ``stmt`` to the mails ``user`` may see (a group lead: their groups')."""
    if user.role in STAFF_ROLES:
        return stmt
    return stmt.where(OutboxMail.group_id.in_(managed_group_ids(user) or {-1}))


def listing(user, status: str = "", kind: str = "", q: str = "") -> sa.Select:
    """Return the SELECT of the page's mails, newest first."""
    stmt = visible(user, sa.select(OutboxMail)).order_by(OutboxMail.id.desc())
    if status in STATUSES:
        stmt = stmt.where(OutboxMail.status == status)
    if kind in KINDS:
        stmt = stmt.where(OutboxMail.kind == kind)
    if q.strip():
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(OutboxMail.to_address).like(like),
                sa.func.lower(OutboxMail.subject).like(like),
            )
        )
    return stmt


def counts(user) -> dict[str, int]:
    """Return how many visible mails are in each state (one query)."""
    stmt = visible(user, sa.select(OutboxMail.status, sa.func.count()).group_by(OutboxMail.status))
    return dict(db.session.execute(stmt).all())


def get_visible(user, mail_id: int) -> OutboxMail:
    """Return the mail if ``user`` may see it; 404 otherwise (no hint that it exists)."""
    mail = db.session.scalar(visible(user, sa.select(OutboxMail).where(OutboxMail.id == mail_id)))
    if mail is None:
        abort(404)
    return mail
