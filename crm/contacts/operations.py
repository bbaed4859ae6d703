"""What changes people: create, edit, archive and restore, each audited.

Edit forms carry the ``version`` they were based on (and the newest audit event seen): a
save based on an older version is refused (``StaleEdit``) and nothing is overwritten.
Audit summaries are stored in German as data; field names in ``changes`` are the column
names. Nothing with history is deleted: people are archived (hidden from lists, search and
pickers, restorable).
"""

from __future__ import annotations

from crm.audit import services as audit
from crm.audit.conflicts import check_version
from crm.contacts.affiliations import add_affiliation
from crm.contacts.models import Contact
from crm.extensions import db
from crm.organisations.models import Organisation
from crm.tags.services import record_edit, tags_from_text, tags_text

#: the fields that are personal data beyond the name: contact data, notes, data protection
PERSONAL_FIELDS = (
    "email",
    "phone",
    "notes",
    "legal_basis",
    "consent_given_at",
    "consent_source",
    "consent_withdrawn_at",
    "is_no_contact",
)
#: the fields a user edits (and a merge chooses between)
FIELDS = (
    "salutation",
    "title",
    "first_name",
    "last_name",
    "name_suffix",
    "language",
    *PERSONAL_FIELDS,
)


def _apply(contact: Contact, data: dict) -> None:
    for name in FIELDS:
        if name in data:
            value = data[name]
            if name == "salutation":
                value = value or ""
            elif name == "language":
                value = value or None
            setattr(contact, name, value)


def create_contact(
    data: dict,
    tags: str | None = None,
    organisation: Organisation | None = None,
    affiliation: dict | None = None,
) -> Contact:
    """Add a person (optionally with a first, primary affiliation) and audit it."""
    contact = Contact()
    _apply(contact, data)
    contact.tags = tags_from_text(tags)
    db.session.add(contact)
    event = audit.record_create(contact, summary=contact.full_name)
    if contact.tags:
        event.changes = {**(event.changes or {}), "tags": [None, tags_text(contact.tags)]}
    if organisation is not None:
        add_affiliation(contact, organisation, {**(affiliation or {}), "is_primary": True})
    return contact


def update_contact(
    contact: Contact,
    data: dict,
    tags: str | None = None,
    version: int | None = None,
    seen_event: int | None = None,
) -> Contact:
    """Save edited fields unless someone else saved first (``StaleEdit``); audit the change."""
    check_version(contact, version, seen_event)
    record_edit(contact, lambda c: _apply(c, data), tags, summary=contact.full_name)
    return contact


def archive_contact(contact: Contact) -> None:
    """Hide a person from lists and pickers; the history stays."""
    audit.set_archived(contact, True, summary=contact.full_name)


def restore_contact(contact: Contact) -> None:
    """Bring an archived person back."""
    audit.set_archived(contact, False, summary=contact.full_name)
