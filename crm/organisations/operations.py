"""What changes organisations: create, edit, archive and restore, each audited."""

from __future__ import annotations

from crm.audit import services as audit
from crm.audit.conflicts import check_version
from crm.extensions import db
from crm.organisations.models import Organisation
from crm.organisations.rules import check_parent
from crm.tags.services import record_edit, tags_from_text, tags_text

#: the fields a user edits (and a merge chooses between)
FIELDS = (
    "name",
    "short_name",
    "kind",
    "state",
    "parent_id",
    "street",
    "postal_code",
    "city",
    "website",
    "email",
    "phone",
    "notes",
)


def _apply(org: Organisation, data: dict) -> None:
    for name in FIELDS:
        if name in data:
            setattr(org, name, data[name])


def create_organisation(data: dict, tags: str | None = None) -> Organisation:
    """Add an organisation and audit it."""
    org = Organisation()
    _apply(org, data)
    org.tags = tags_from_text(tags)
    db.session.add(org)
    event = audit.record_create(org, summary=org.name)
    if org.tags:
        event.changes = {**(event.changes or {}), "tags": [None, tags_text(org.tags)]}
    return org


def update_organisation(
    org: Organisation,
    data: dict,
    tags: str | None = None,
    version: int | None = None,
    seen_event: int | None = None,
) -> Organisation:
    """Save edited fields unless someone else saved first (``StaleEdit``); audit the change."""
    check_version(org, version, seen_event)
    if "parent_id" in data and data["parent_id"]:
        check_parent(org, db.session.get(Organisation, data["parent_id"]))
    record_edit(org, lambda o: _apply(o, data), tags, summary=org.name)
    return org


def archive_organisation(org: Organisation) -> None:
    """Hide an organisation from lists and pickers; its history stays."""
    audit.set_archived(org, True, summary=org.name)


def restore_organisation(org: Organisation) -> None:
    """Bring an archived organisation back."""
    audit.set_archived(org, False, summary=org.name)
