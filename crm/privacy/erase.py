"""Erasure (Art. 17 GDPR) that keeps history true.

The person's row stays as the anonymous placeholder "Anonymisierte Person", so that seats,
affiliations (organisation and period), invitations, RSVPs and attendance remain as facts:
the composition of a group on a past date and participation rates do not change. Every
personal datum goes: names, addresses, phones, notes, job titles, tags, comments on
invitations, notes of seats and consent records, the mails to the person in the outbox
(address and bodies), the person's names and values inside audit events (pseudonymised),
mentions in minutes, other mails and prepared letters, and the files that name them: import
uploads in ``UPLOAD_FOLDER``, meeting and circular attachments, prepared letter and label PDFs
(``documents.py``). The erasure itself is audited without personal data (the reason is scrubbed too).
Archiving stays the reversible alternative.

The work is a sequence of repeatable ``STEPS``: ``erase_contact`` runs them in one
transaction (the command line); an erasure asked for on the web runs them on the worker,
one committed step after the other, with its progress shown (``erasures.py``).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.audit.models import AuditEvent
from crm.audit.services import N_, Message, record
from crm.auth.models import User
from crm.circulars.models import Circular
from crm.contacts.consent import ConsentRecord
from crm.contacts.models import Contact
from crm.exports.models import PreparedFile
from crm.extensions import db
from crm.groups.models import Group, Seat
from crm.lists.models import SavedList
from crm.mail.models import OutboxMail
from crm.meetings.models import AgendaItem, Invitation, Meeting
from crm.organisations.models import Organisation
from crm.privacy.documents import (
    remove_attachments_with,
    remove_circular_attachments_with,
    remove_prepared_with,
)
from crm.privacy.models import RetentionHold
from crm.privacy.uploads import remove_uploads_with
from crm.rules import RuleError
from crm.time import utcnow

PLACEHOLDER = "Anonymisierte Person"
REMOVED = "[entfernt]"
ERASED_ADDRESS = "anonymisiert@invalid"
#: audit fields whose values are personal in an event about the person
PERSONAL_FIELDS = {
    "salutation",
    "title",
    "first_name",
    "last_name",
    "name_suffix",
    "email",
    "phone",
    "notes",
    "consent_source",
    "job_title",
    "department",
    "comment",
    "affiliations_moved",
}


class ErasureError(RuleError):
    """An erasure that cannot be done (no reason, already erased …)."""


@dataclass
class Traces:
    """What identifies the person: ``strong`` values are replaced wherever they appear,
    ``own`` values only inside records about the person; ``surname`` also counts in the
    documents of the ``meetings`` they were invited to ("Frau Müller berichtet …")."""

    strong: set[str] = field(default_factory=set)
    own: set[str] = field(default_factory=set)
    ids: dict[str, set[int]] = field(default_factory=dict)
    surname: str = ""
    meetings: set[int] = field(default_factory=set)

    def add(self, *values: str | None, strong: bool = True) -> None:
        for v in values:
            v = (v or "").strip()
            if len(v) >= 3:
                (self.strong if strong else self.own).add(v)

    def as_json(self) -> dict:
        return {
            "strong": sorted(self.strong),
            "own": sorted(self.own),
            "ids": {k: sorted(v) for k, v in self.ids.items()},
            "surname": self.surname,
            "meetings": sorted(self.meetings),
        }

    @classmethod
    def from_json(cls, data: dict) -> Traces:
        ids = {k: set(v) for k, v in data["ids"].items()}
        strong, own, meetings = set(data["strong"]), set(data["own"]), set(data["meetings"])
        return cls(strong, own, ids, data["surname"], meetings)


def traces_of(contact: Contact) -> Traces:
    """Collect the person's values and the ids of the rows about them."""
    t = Traces()
    first_last = " ".join(p for p in (contact.first_name, contact.last_name) if p)
    t.add(contact.full_name, first_last, contact.sort_name, contact.email, contact.phone)
    t.add(contact.notes, contact.consent_source)
    t.add(contact.last_name, contact.first_name, contact.title, strong=False)
    for a in contact.affiliations:
        t.add(a.email, a.phone)
        t.add(a.job_title, a.department, strong=False)
    seats = db.session.scalars(sa.select(Seat).where(Seat.contact_id == contact.id)).all()
    invitations = db.session.scalars(
        sa.select(Invitation).where(Invitation.contact_id == contact.id)
    ).all()
    for s in seats:
        t.add(s.notes, strong=False)
    for i in invitations:
        t.add(i.comment, strong=False)
    t.surname = (contact.last_name or "").strip() if len(contact.last_name or "") >= 3 else ""
    t.meetings = {i.meeting_id for i in invitations}
    t.ids = {
        "contacts": {contact.id},
        "affiliations": {a.id for a in contact.affiliations},
        "seats": {s.id for s in seats},
        "invitations": {i.id for i in invitations},
    }
    return t


def scrub_text(text: str | None, values: set[str]) -> str | None:
    """Return ``text`` with each of ``values`` replaced (longest first, any case)."""
    if not text:
        return text
    for v in sorted(values, key=len, reverse=True):
        if v.casefold() in text.casefold():
            start = text.casefold().find(v.casefold())
            while start >= 0:
                text = text[:start] + PLACEHOLDER + text[start + len(v) :]
                start = text.casefold().find(v.casefold(), start + len(PLACEHOLDER))
    return text


def _scrub_json(value, values: set[str]):
    if isinstance(value, str):
        return scrub_text(value, values)
    if isinstance(value, list):
        return [_scrub_json(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, values) for k, v in value.items()}
    return value


def _mentions(column, values: set[str]):
    """Return "the text column mentions one of ``values``" (also JSON-escaped)."""
    forms = set()
    for v in values:
        forms.add(v.lower())
        forms.add(json.dumps(v)[1:-1].lower())
    return sa.or_(*(sa.func.lower(column).contains(f, autoescape=True) for f in forms))


def _scrub_audit(t: Traces) -> int:
    own = sa.or_(
        *(
            sa.and_(AuditEvent.entity_type == kind, AuditEvent.entity_id.in_(ids))
            for kind, ids in t.ids.items()
            if ids
        )
    )
    text = sa.cast(AuditEvent.changes, sa.Text)
    params = sa.cast(AuditEvent.params, sa.Text)
    found = sa.or_(
        own,
        _mentions(AuditEvent.summary, t.strong),
        _mentions(text, t.strong),
        _mentions(params, t.strong),
    )
    events = db.session.scalars(sa.select(AuditEvent).where(found)).all()
    everything = t.strong | t.own
    for e in events:
        mine = e.entity_id in t.ids.get(e.entity_type, set())
        values = everything if mine else t.strong
        changes = dict(e.changes or {})
        if mine:
            for key, pair in changes.items():
                if key in PERSONAL_FIELDS and isinstance(pair, list):
                    changes[key] = [REMOVED if v not in (None, "") else v for v in pair]
        e.changes = _scrub_json(changes, values) if e.changes is not None else None
        e.summary = scrub_text(e.summary, values)
        # a summary's params hold names too (a message shown in the reader's language)
        e.params = _scrub_json(e.params, values) if e.params is not None else None
    return len(events)


def _scrub_mails(t: Traces) -> int:
    emails = {v.lower() for v in t.strong if "@" in v}
    mine = sa.or_(
        OutboxMail.contact_id.in_(t.ids["contacts"]),
        OutboxMail.invitation_id.in_(t.ids["invitations"] or [-1]),
        sa.func.lower(OutboxMail.to_address).in_(emails or [""]),
    )
    mails = db.session.scalars(sa.select(OutboxMail).where(mine)).all()
    for m in mails:
        m.to_address = ERASED_ADDRESS
        m.subject = scrub_text(m.subject, t.strong | t.own)
        m.body_text = ""
        m.body_html = m.ical = m.attachments = None
        m.last_error = None
        if m.status in ("queued", "sending"):
            m.status = "cancelled"
            m.next_attempt_at = m.claimed_until = m.claimed_by = None
    others = db.session.scalars(
        sa.select(OutboxMail).where(sa.not_(mine), _mentions(OutboxMail.body_text, t.strong))
    ).all()
    for m in others:
        m.body_text = scrub_text(m.body_text, t.strong)
        m.body_html = scrub_text(m.body_html, t.strong)
        m.ical = scrub_text(m.ical, t.strong)
    return len(mails)


def _free_texts() -> tuple:
    """Return the (model, text columns) where anyone may have written about the person."""
    return (
        (Meeting, ("title", "description", "minutes")),
        (AgendaItem, ("title", "description")),
        (Group, ("description",)),
        (Organisation, ("notes",)),
        (Seat, ("notes",)),
        (PreparedFile, ("subject", "body")),
        (Circular, ("subject", "body")),
    )


#: saved filters (query strings) that may search for the person by name or address
SAVED_QUERIES = (PreparedFile, Circular, SavedList)


def _scrub_texts(t: Traces) -> int:
    """Replace the person's values in free texts (minutes, agendas, notes, letters and
    circulars); saved filters that search for them search for the placeholder instead. Return how many rows changed."""
    changed = 0
    for model, columns in _free_texts():
        found = sa.or_(*(_mentions(getattr(model, c), t.strong) for c in columns))
        for row in db.session.scalars(sa.select(model).where(found)):
            for c in columns:
                setattr(row, c, scrub_text(getattr(row, c), t.strong))
            changed += 1
    names = t.strong | ({t.surname} if t.surname else set())
    for model in SAVED_QUERIES:
        for row in db.session.scalars(sa.select(model).where(model.query != "")):
            pairs = parse_qsl(row.query, keep_blank_values=True)
            scrubbed = [(k, scrub_text(v, names)) for k, v in pairs]
            if scrubbed != pairs:  # a search for the person: it finds the placeholder now
                row.query = urlencode(scrubbed)
                changed += 1
    return changed


def _anonymise(contact: Contact, t: Traces) -> dict:
    """Remove the person's own data from their rows; seats and attendance stay as facts."""
    for a in contact.affiliations:
        a.email = a.phone = a.job_title = a.department = None
    db.session.execute(
        sa.update(Seat).where(Seat.contact_id == contact.id).values(notes=None),
        execution_options={"synchronize_session": "fetch"},
    )
    for i in db.session.scalars(sa.select(Invitation).where(Invitation.contact_id == contact.id)):
        i.comment = None
        i.token = secrets.token_urlsafe(24)
    db.session.execute(
        sa.update(ConsentRecord).where(ConsentRecord.contact_id == contact.id).values(note=None)
    )
    db.session.execute(sa.delete(RetentionHold).where(RetentionHold.contact_id == contact.id))
    db.session.execute(sa.update(User).where(User.contact_id == contact.id).values(contact_id=None))
    contact.salutation = ""
    contact.title = contact.first_name = contact.name_suffix = None
    contact.last_name = PLACEHOLDER
    contact.email = contact.phone = contact.notes = contact.consent_source = None
    contact.tags = []
    contact.is_no_contact = True
    now = utcnow()
    contact.archived_at = contact.archived_at or now
    contact.erased_at = now
    return {
        "affiliations": len(contact.affiliations),
        "invitations": len(t.ids["invitations"]),
        "seats": len(t.ids["seats"]),
    }


def _history(contact: Contact, t: Traces) -> dict:
    return {"audit_events": _scrub_audit(t)}


def _mails(contact: Contact, t: Traces) -> dict:
    return {"mails": _scrub_mails(t)}


def _files(contact: Contact, t: Traces) -> dict:
    meetings = remove_attachments_with(t.strong, t.surname, t.meetings)
    return {
        "uploads": remove_uploads_with(t.strong),
        "attachments": len(meetings),
        "attachment_meetings": sorted(set(meetings)),
        "circular_attachments": len(remove_circular_attachments_with(t.strong)),
        "prepared_files": remove_prepared_with(t.strong),
    }


def _texts(contact: Contact, t: Traces) -> dict:
    return {"texts": _scrub_texts(t)}


#: the erasure's steps in order: (code, what the progress page says, the work)
STEPS = (
    ("history", _l("Änderungsverlauf pseudonymisieren"), _history),
    ("mails", _l("E-Mails im Postausgang bereinigen"), _mails),
    ("files", _l("Importdateien, Anhänge und vorbereitete Briefe prüfen"), _files),
    ("texts", _l("Protokolle, Notizen, Brief- und Rundschreibentexte bereinigen"), _texts),
    ("person", _l("Person anonymisieren"), _anonymise),
)


def check_erasable(contact: Contact, reason: str) -> str:
    """Return the stripped reason, or refuse an erasure without one or of an erased person."""
    reason = (reason or "").strip()
    if not reason:
        raise ErasureError(_l("Bitte einen Grund für die Löschung angeben."), field="reason")
    if contact.erased_at is not None:
        raise ErasureError(_l("Diese Person ist bereits anonymisiert."))
    return reason


def run_step(index: int, contact: Contact, t: Traces, counts: dict) -> None:
    """Do step ``index`` of the erasure of ``contact`` (repeatable), adding to ``counts``."""
    counts.update(STEPS[index][2](contact, t))
    db.session.flush()


def record_erasure(contact: Contact, t: Traces, reason: str, counts: dict, user=None) -> None:
    """Audit the erasure without personal data (the reason is scrubbed too)."""
    record(
        "erase",
        "contacts",
        contact.id,
        summary=Message(N_("Person anonymisiert (Art. 17 DSGVO)")),
        changes={"reason": scrub_text(reason, t.strong | t.own), "counts": counts},
        user=user,
    )
    db.session.flush()


def erase_contact(contact: Contact, reason: str, user=None) -> dict[str, int]:
    """Anonymise ``contact`` in the caller's transaction; return what was touched."""
    reason = check_erasable(contact, reason)
    t = traces_of(contact)
    counts: dict = {}
    for index in range(len(STEPS)):
        run_step(index, contact, t, counts)
    record_erasure(contact, t, reason, counts, user=user)
    return counts
