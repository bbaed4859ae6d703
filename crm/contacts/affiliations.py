"""A person's affiliations with organisations: add, end, make primary, each audited."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from crm.audit import services as audit
from crm.contacts.models import Affiliation, Contact
from crm.contacts.rules import ContactError, check_period
from crm.extensions import db
from crm.organisations.models import Organisation

#: the fields of an affiliation a user enters
AFFILIATION_FIELDS = ("job_title", "department", "email", "phone", "starts_on", "ends_on")


def affiliation_text(aff: Affiliation) -> str:
    """Return "Organisation, job title": how the history names an affiliation."""
    parts = [aff.organisation.name if aff.organisation else f"#{aff.organisation_id}"]
    if aff.job_title:
        parts.append(aff.job_title)
    return ", ".join(parts)


def add_affiliation(contact: Contact, organisation: Organisation, data: dict) -> Affiliation:
    """Add an affiliation; a primary one makes the others non-primary. Audited on the person."""
    if organisation.is_archived:
        raise ContactError(_l("Die Organisation ist archiviert."), field="organisation")
    check_period(data.get("starts_on"), data.get("ends_on"))
    aff = Affiliation(organisation=organisation)
    for name in AFFILIATION_FIELDS:
        if name in data:
            setattr(aff, name, data[name])
    contact.affiliations.append(aff)
    if data.get("is_primary") or not any(
        a.is_primary for a in contact.affiliations if a is not aff
    ):
        _make_primary(contact, aff)
    db.session.flush()
    audit.record(
        "update",
        "contacts",
        contact.id,
        summary=audit.Message(
            audit.N_("Zugehörigkeit hinzugefügt: %(affiliation)s"),
            affiliation=affiliation_text(aff),
        ),
        changes={"affiliation": [None, affiliation_text(aff)]},
    )
    return aff


def _note(aff: Affiliation, msgid: str, **changes: list) -> None:
    """Audit a change of ``aff`` on its person's history: ``msgid`` names the affiliation."""
    summary = audit.Message(msgid, affiliation=affiliation_text(aff))
    audit.record("update", "contacts", aff.contact_id, summary=summary, changes=changes)


def _make_primary(contact: Contact, aff: Affiliation) -> None:
    for other in contact.affiliations:
        other.is_primary = other is aff


def end_affiliation(aff: Affiliation, ends_on: date) -> None:
    """Give an affiliation an end date (it stays as history)."""
    check_period(aff.starts_on, ends_on)
    old = aff.ends_on
    aff.ends_on = ends_on
    _note(
        aff,
        audit.N_("Zugehörigkeit beendet: %(affiliation)s"),
        affiliation_ends_on=[old.isoformat() if old else None, ends_on.isoformat()],
    )


def make_primary(aff: Affiliation) -> None:
    """Mark an affiliation as the person's primary one."""
    if aff.is_primary:
        return
    previous = next((a for a in aff.contact.affiliations if a.is_primary), None)
    _make_primary(aff.contact, aff)
    before = affiliation_text(previous) if previous else None
    _note(
        aff,
        audit.N_("Primäre Zugehörigkeit: %(affiliation)s"),
        primary_affiliation=[before, affiliation_text(aff)],
    )
