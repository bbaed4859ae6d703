"""Right of access (Art. 15 GDPR): everything stored about one person, as JSON and a report.

``dossier(contact)`` collects it (person, affiliations, seats, memberships of their
organisations as context, invitations with RSVPs, votes and attendance, consent records,
mails sent to them, the change history about them); ``access_zip`` packs it as one ZIP with
``auskunft.json`` (machine-readable) and ``auskunft.html`` (the readable German report),
and audits the export. Its cost is bounded by what one person has, not by the data set.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from sqlalchemy.orm import joinedload, selectinload

from crm.audit.models import AuditEvent
from crm.audit.readable import value_text
from crm.audit.services import N_, Message, record, snapshot
from crm.contacts.consent import PURPOSES, SOURCES, consent_history
from crm.contacts.consent import STATUSES as CONSENT_STATUSES
from crm.contacts.models import LEGAL_BASES, Contact
from crm.extensions import db
from crm.groups.models import MEMBERSHIP_ROLES, SEAT_ROLES, Membership, Seat
from crm.mail.models import OutboxMail
from crm.meetings.models import ATTENDANCE, RSVPS, VOTE_ANSWERS, Invitation, Vote
from crm.templating import fmt_date, fmt_datetime
from crm.time import utcnow


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj, *keys: str) -> dict[str, Any]:
    return {k: _plain(getattr(obj, k)) for k in keys}


def _related_ids(contact: Contact, seats, invitations) -> dict[str, set[int]]:
    return {
        "contacts": {contact.id},
        "affiliations": {a.id for a in contact.affiliations},
        "seats": {s.id for s in seats},
        "invitations": {i.id for i in invitations},
    }


def dossier(contact: Contact) -> dict[str, Any]:
    """Return everything stored about ``contact`` as plain JSON-ready data."""
    seats = db.session.scalars(
        sa.select(Seat)
        .options(joinedload(Seat.group), joinedload(Seat.organisation))
        .where(Seat.contact_id == contact.id)
        .order_by(Seat.starts_on)
    ).all()
    invitations = db.session.scalars(
        sa.select(Invitation)
        .options(
            joinedload(Invitation.meeting),
            selectinload(Invitation.votes).joinedload(Vote.date_option),
        )
        .where(Invitation.contact_id == contact.id)
        .order_by(Invitation.id)
    ).all()
    org_ids = {a.organisation_id for a in contact.affiliations}
    memberships = db.session.scalars(
        sa.select(Membership)
        .options(joinedload(Membership.group), joinedload(Membership.organisation))
        .where(Membership.organisation_id.in_(org_ids or [-1]))
        .order_by(Membership.starts_on)
    ).all()
    emails = {e.lower() for e in [contact.email, *(a.email for a in contact.affiliations)] if e}
    mails = db.session.scalars(
        sa.select(OutboxMail)
        .where(
            sa.or_(
                OutboxMail.contact_id == contact.id,
                OutboxMail.invitation_id.in_([i.id for i in invitations] or [-1]),
                sa.func.lower(OutboxMail.to_address).in_(emails or [""]),
            )
        )
        .order_by(OutboxMail.id)
    ).all()
    ids = _related_ids(contact, seats, invitations)
    events = db.session.scalars(
        sa.select(AuditEvent)
        .options(joinedload(AuditEvent.user))
        .where(
            sa.or_(
                *(
                    sa.and_(AuditEvent.entity_type == kind, AuditEvent.entity_id.in_(rows))
                    for kind, rows in ids.items()
                    if rows
                )
            )
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ).all()
    person = snapshot(contact)
    person.pop("sort_key", None)
    person.pop("phonetic_key", None)
    person.pop("organisation_sort_key", None)
    return {
        "created_at": utcnow().isoformat(),
        "person": {
            "id": contact.id,
            "full_name": contact.full_name,
            **person,
            **_row(contact, "created_at", "updated_at"),
        },
        "tags": [t.name for t in contact.tags],
        "affiliations": [
            {
                "organisation": a.organisation.name,
                **_row(a, "job_title", "department", "email", "phone", "is_primary"),
                **_row(a, "starts_on", "ends_on"),
            }
            for a in contact.affiliations
        ],
        "seats": [
            {
                "group": s.group.name,
                "organisation": s.organisation.name if s.organisation else None,
                **_row(s, "role", "starts_on", "ends_on", "notes"),
            }
            for s in seats
        ],
        "memberships_of_their_organisations": [
            {
                "organisation": m.organisation.name,
                "group": m.group.name,
                **_row(m, "role", "starts_on", "ends_on"),
            }
            for m in memberships
        ],
        "invitations": [
            {
                "meeting": i.meeting.title,
                "starts_at": _plain(i.meeting.starts_at),
                **_row(i, "rsvp", "attended", "comment", "responded_at", "sent_at"),
                "votes": [
                    {"option": _plain(v.date_option.starts_at), "answer": v.answer} for v in i.votes
                ],
            }
            for i in invitations
        ],
        "consent_records": [
            _row(r, "purpose", "status", "at", "source", "note", "is_current", "recorded_by_id")
            for r in consent_history(contact)
        ],
        "mails": [
            _row(m, "to_address", "subject", "status", "created_at", "sent_at", "body_text")
            for m in mails
        ],
        "history": [
            {
                "at": _plain(e.created_at),
                "by": e.user.name if e.user else None,
                **_row(e, "action", "entity_type", "entity_id", "summary", "changes"),
            }
            for e in events
        ],
    }


def _when(value: str | None) -> str:
    """Return an ISO date or time stamp of the dossier as 25.11.2026 (14:00 in Berlin)."""
    if not value:
        return "–"
    if len(value) == 10:
        return fmt_date(date.fromisoformat(value))
    return fmt_datetime(datetime.fromisoformat(value))


def report_html(data: dict[str, Any]) -> str:
    """Return the readable German report of a dossier."""
    labels = {
        "purpose": PURPOSES,
        "status": CONSENT_STATUSES,
        "source": SOURCES,
        "seat_role": SEAT_ROLES,
        "membership_role": MEMBERSHIP_ROLES,
        "rsvp": RSVPS,
        "attended": ATTENDANCE,
        "answer": VOTE_ANSWERS,
        "legal_basis": LEGAL_BASES,
    }
    # rendered without the page's context processors: it is a file, also on the command line
    template = current_app.jinja_env.get_template("privacy/report.html")
    with force_locale("de"):  # the report is German whatever the user's language
        return template.render(d=data, labels=labels, when=_when, value_text=value_text)


def access_zip(contact: Contact, user=None) -> bytes:
    """Return the ZIP (JSON + HTML report) of everything about ``contact``; audit it."""
    data = dossier(contact)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "auskunft.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
        )
        archive.writestr("auskunft.html", report_html(data))
    record(
        "export",
        "contacts",
        contact.id,
        summary=Message(N_("Auskunft nach Art. 15 DSGVO")),
        changes={"format": "zip", "sections": {k: _count(v) for k, v in data.items()}},
        user=user,
    )
    return buffer.getvalue()


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 1
