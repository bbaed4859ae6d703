"""Retention: the review list (Prüfliste) of inactive people, and purging old mail bodies.

A person is inactive when they have no current affiliation and no current seat; they have
been so since the latest end date among their affiliations and seats (or since they were
recorded, when they never had one). Inactive for longer than ``RETENTION_YEARS_INACTIVE``
years, they appear on the review list, until the secretariat erases them or keeps them with
a reason (``RetentionHold``, audited); a kept person appears again once the period has
passed since the decision. Delivered mails lose their bodies after ``RETENTION_DAYS_MAIL``
days (``purge_mail_bodies``, a daily job of the worker).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.audit.services import N_, Message, record
from crm.contacts.models import Affiliation, Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Seat
from crm.mail.models import OutboxMail
from crm.privacy.models import RetentionHold
from crm.rules import RuleError
from crm.time import today, utcnow

PURGED = "[Inhalt nach Ablauf der Aufbewahrungsfrist gelöscht]"


class RetentionError(RuleError):
    """A retention decision that makes no sense."""


def years_inactive() -> int:
    return int(current_app.config.get("RETENTION_YEARS_INACTIVE", 3))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _current(model, on: date):
    return sa.exists().where(model.contact_id == Contact.id, active_on(model, on))


def _last_end(model):
    return (
        sa.select(sa.func.max(model.ends_on))
        .where(model.contact_id == Contact.id)
        .correlate(Contact)
        .scalar_subquery()
    )


def inactive_since():
    """Return the SQL date since which a person has had no affiliation or seat."""
    aff, seat = _last_end(Affiliation), _last_end(Seat)
    created = sa.func.date(Contact.created_at, type_=sa.Date)
    # the later end date of the two, else the day the person was recorded
    latest = sa.case((aff.is_(None), seat), (seat.is_(None), aff), (aff > seat, aff), else_=seat)
    return sa.func.coalesce(latest, created, type_=sa.Date)


def review_query(on: date | None = None) -> sa.Select:
    """Return the SELECT of the people due for review on ``on`` (default today)."""
    on = on or today()
    cutoff = _years_before(on, years_inactive())
    cutoff_at = datetime.combine(cutoff, time(), tzinfo=UTC)
    held = sa.exists().where(
        RetentionHold.contact_id == Contact.id, RetentionHold.kept_at >= cutoff_at
    )
    since = inactive_since()
    return (
        sa.select(Contact, since.label("inactive_since"))
        .where(
            Contact.erased_at.is_(None),
            sa.not_(_current(Affiliation, on)),
            sa.not_(_current(Seat, on)),
            since < cutoff,
            sa.not_(held),
        )
        .order_by(since, Contact.sort_key, Contact.id)
    )


def keep(contact: Contact, reason: str, user=None) -> RetentionHold:
    """Keep a person on purpose: off the review list for another period; audited."""
    reason = (reason or "").strip()
    if not reason:
        raise RetentionError(_l("Bitte einen Grund für die Aufbewahrung angeben."), field="reason")
    if len(reason) > 500:
        raise RetentionError(_l("Der Grund ist zu lang (höchstens 500 Zeichen)."), field="reason")
    hold = RetentionHold(
        contact_id=contact.id,
        kept_at=utcnow(),
        reason=reason,
        kept_by_id=user.id if user is not None else None,
    )
    db.session.add(hold)
    record(
        "update",
        "contacts",
        contact.id,
        summary=Message(N_("Aufbewahrung nach Prüfung")),
        changes={"retention_kept": [None, reason]},
        user=user,
    )
    return hold


def purge_mail_bodies(now: datetime | None = None) -> int:
    """Empty the bodies of mails delivered more than ``RETENTION_DAYS_MAIL`` days ago."""
    now = now or utcnow()
    days = int(current_app.config.get("RETENTION_DAYS_MAIL", 90))
    result = db.session.execute(
        sa.update(OutboxMail)
        .where(
            OutboxMail.status.in_(("sent", "bounced")),
            OutboxMail.sent_at < now - timedelta(days=days),
            OutboxMail.body_text != PURGED,
        )
        .values(body_text=PURGED, body_html=None, ical=None, attachments=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
