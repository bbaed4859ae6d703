"""The audit log for administrators."""

import sqlalchemy as sa
from flask import render_template, request

from crm.audit import bp
from crm.audit.labels import ENTITY_LABELS
from crm.audit.models import ACTIONS, AuditEvent
from crm.auth.permissions import admin_required
from crm.extensions import db
from crm.pagination import paginate


@bp.route("/")
@admin_required
def index():
    """List all audit events, newest first, filterable by action and entity type."""
    stmt = sa.select(AuditEvent).options(sa.orm.joinedload(AuditEvent.user))
    action = request.args.get("action")
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    entity = request.args.get("entity")
    if entity:
        stmt = stmt.where(AuditEvent.entity_type == entity)
    stmt = stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    page = paginate(db.session, stmt)
    return render_template(
        "audit/index.html", page=page, actions=ACTIONS, entities=list(ENTITY_LABELS)
    )
