"""The audit log: read-only for the secretariat (every record) and admins (account events too).

Filters (query parameters, so every view can be linked): ``person`` (who did it: name or
e-mail, any case), ``entity`` (record type) with optional ``entity_id``, ``action`` and the
period ``from``/``to`` (``YYYY-MM-DD``, Europe/Berlin days). Paged.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit import bp
from crm.audit.labels import ENTITY_LABELS
from crm.audit.models import ACTIONS, AuditEvent
from crm.auth.permissions import staff_required
from crm.extensions import db
from crm.pagination import paginate

#: record types only admins see: user accounts and their secrets
ACCOUNT_ENTITIES = ("users", "api_tokens", "calendar_feeds", "user_sessions")


def _day(name: str) -> tuple[date | None, str | None]:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None, None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        return None, _("Bitte ein Datum als JJJJ-MM-TT angeben.")


def _utc_start(day: date) -> datetime:
    tz = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=tz)


@bp.route("/")
@staff_required
def index():
    """List audit events, newest first, filtered by person, record, action and period."""
    is_admin = current_user.role == "admin"
    stmt = sa.select(AuditEvent).options(sa.orm.joinedload(AuditEvent.user))
    if not is_admin:
        stmt = stmt.where(AuditEvent.entity_type.not_in(ACCOUNT_ENTITIES))
    errors = {}
    action = request.args.get("action", "")
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    entity = request.args.get("entity", "")
    if entity:
        stmt = stmt.where(AuditEvent.entity_type == entity)
    entity_id = request.args.get("entity_id", "").strip()
    if entity_id.isdigit():
        stmt = stmt.where(AuditEvent.entity_id == int(entity_id))
    person = request.args.get("person", "").strip().lower()
    if person:
        # the user model through the relationship: the audit feature imports no account module
        User = AuditEvent.user.property.mapper.class_  # noqa: N806
        users = sa.select(User.id).where(
            sa.or_(User.email.contains(person), sa.func.lower(User.name).contains(person))
        )
        stmt = stmt.where(AuditEvent.user_id.in_(users))
    start, errors["from"] = _day("from")
    end, errors["to"] = _day("to")
    if start:
        stmt = stmt.where(AuditEvent.created_at >= _utc_start(start))
    if end:
        stmt = stmt.where(AuditEvent.created_at < _utc_start(end + timedelta(days=1)))
    stmt = stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    page = paginate(db.session, stmt)
    entities = [e for e in ENTITY_LABELS if is_admin or e not in ACCOUNT_ENTITIES]
    return render_template(
        "audit/index.html",
        page=page,
        actions=ACTIONS,
        entities=entities,
        errors={k: v for k, v in errors.items() if v},
    ), 400 if any(errors.values()) else 200
