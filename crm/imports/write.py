"""Writing an import plan: everything in the caller's one transaction, or nothing.

With any bad row the plan is refused. The rows carry their final values (``plan.py``), so
this step only decides per row (create, update, skip) and stores them; empty cells never
erase stored values because the plan never carries empty values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from crm.audit import services as audit
from crm.contacts.models import Affiliation, Contact
from crm.extensions import db
from crm.imports.plan import ImportPlan, PlannedRow, same
from crm.imports.queries import (
    BATCH,
    affiliation_at,
    chunks,
    load_contacts,
    load_organisations,
)
from crm.imports.records import OrganisationRef
from crm.imports.rules import ACTIONS, ImportFailure
from crm.organisations.models import Organisation
from crm.tags.models import Tag


@dataclass
class ImportSummary:
    """What an import did (kept in the upload's JSON for the summary page)."""

    kind: str
    filename: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    organisations_created: list[str] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _chosen(plan: ImportPlan, choices: dict[int, str], on_match: str | None):
    """Yield the planned rows with the action chosen for each matched row."""
    for row in plan.rows():
        if row.match_id is not None:
            action = choices.get(row.row, on_match or row.action)
            if action not in ACTIONS:
                raise ImportFailure(
                    _l(
                        "Unbekannte Auswahl für Zeile %(row)s: %(action)s",
                        row=row.row,
                        action=action,
                    )
                )
            row.action = action
        yield row


def apply_plan(
    plan: ImportPlan,
    choices: dict[int, str] | None = None,
    *,
    on_match: str | None = None,
    filename: str = "",
    user=None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Write the plan into the session and return what it did (the caller commits once).

    ``choices`` maps row numbers of matched rows to "update", "skip" or "create"; rows
    not named get ``on_match``, else keep their planned action. The rows are read from
    the plan's file and written in batches of 1,000 (each flushed, then let go), all in
    the caller's one transaction. Nothing is written when the plan has issues;
    ``ImportFailure`` says why (the caller rolls back). ``progress`` is told the number
    of rows written after each batch.
    """
    if not plan.ok:
        raise ImportFailure(_l("Die Datei enthält fehlerhafte Zeilen; es wurde nichts importiert."))
    summary = ImportSummary(kind=plan.kind, filename=filename)
    written = 0
    try:
        writer = _ContactWriter(summary, user) if plan.kind == "contacts" else None
        for batch in chunks(_chosen(plan, choices or {}, on_match), BATCH):
            if writer is not None:
                writer.write(batch)
            else:
                _write_organisations(batch, summary, user)
            db.session.flush()
            written += len(batch)
            if progress is not None:
                progress(written)
    except StaleDataError as exc:
        # a stored record changed between the preview and this write (its version moved on)
        raise ImportFailure(
            _l(
                "Jemand hat während des Imports dieselben Einträge geändert; es wurde "
                "nichts importiert. Bitte die Vorschau neu laden."
            )
        ) from exc
    audit.record(
        "import",
        plan.kind,
        None,
        summary=(
            f"Import {filename}: {summary.created} neu, {summary.updated} geändert, "
            f"{summary.unchanged} unverändert, {summary.skipped} übersprungen"
        ),
        changes=summary.as_dict(),
        user=user,
    )
    return summary


def _write_organisations(batch: list[PlannedRow], summary: ImportSummary, user) -> None:
    stored = load_organisations(r.match_id for r in batch if r.match_id is not None)
    created = []
    for row in batch:
        if row.match_id is not None and row.action == "skip":
            summary.skipped += 1
            continue
        if row.match_id is not None and row.action == "update":
            org = stored[row.match_id]
            if not row.changes:
                summary.unchanged += 1
                continue
            before = audit.snapshot(org)
            for name, (_, value) in row.changes.items():
                setattr(org, name, value)
            audit.record_update(org, before, summary="Import", user=user)
            summary.updated += 1
            summary.updated_ids.append(org.id)
            continue
        org = Organisation(**row.fields)
        db.session.add(org)
        created.append(org)
        summary.created += 1
    db.session.flush()
    summary.created_ids.extend(o.id for o in created)


class _ContactWriter:
    """Writes the rows of a people list a batch at a time, sharing organisations and tags.

    What it keeps between batches is bounded by the organisations and tags the file names;
    the people of a batch are let go once it is flushed.
    """

    def __init__(self, summary: ImportSummary, user) -> None:
        self.summary, self.user = summary, user
        self.tags = {t.name.casefold(): t for t in db.session.scalars(sa.select(Tag))}
        #: normalised name -> the organisation of this import (stored or new)
        self.orgs: dict[str, Organisation] = {}

    def write(self, batch: list[PlannedRow]) -> None:
        self.contacts = load_contacts(
            [r.match_id for r in batch if r.match_id is not None and r.action == "update"]
        )
        self.stored_orgs = load_organisations(
            r.organisation.id
            for r in batch
            if r.organisation and r.organisation.id and r.organisation.key not in self.orgs
        )
        created: list[Contact] = []
        for row in batch:
            if row.match_id is not None and row.action == "skip":
                self.summary.skipped += 1
                continue
            org = self.organisation(row.organisation)
            if row.match_id is not None and row.action == "update":
                if not row.changes:
                    self.summary.unchanged += 1
                    continue
                self.update(self.contacts[row.match_id], row, org)
                continue
            created.append(self.create(row, org))
        db.session.flush()
        self.summary.created_ids.extend(c.id for c in created)

    def organisation(self, ref: OrganisationRef | None) -> Organisation | None:
        """Return the organisation a row names: stored (its empty address filled) or new."""
        if ref is None:
            return None
        if ref.key in self.orgs:
            return self.orgs[ref.key]
        if ref.id is not None:
            org = self.stored_orgs[ref.id]
            empty = {k: v for k, v in ref.address.items() if not getattr(org, k)}
            if empty:
                before = audit.snapshot(org)
                for k, v in empty.items():
                    setattr(org, k, v)
                audit.record_update(org, before, summary="Import: Adresse ergänzt", user=self.user)
        else:
            org = Organisation(name=ref.name, kind=ref.kind, state=ref.state, **ref.address)
            db.session.add(org)
            self.summary.organisations_created.append(ref.name)
        self.orgs[ref.key] = org
        return org

    def update(self, contact: Contact, row: PlannedRow, org: Organisation | None) -> None:
        before = audit.snapshot(contact)
        for name, value in row.fields.items():
            if not same(getattr(contact, name), value):
                setattr(contact, name, value)
        if org is not None:
            affiliation = affiliation_at(contact, org.id) if org.id else None
            if affiliation is None:
                has_primary = any(a.is_primary and a.is_current() for a in contact.affiliations)
                affiliation = Affiliation(organisation=org, is_primary=not has_primary)
                contact.affiliations.append(affiliation)
            for name, value in row.affiliation.items():
                if name in ("email", "phone") and same(getattr(contact, name), value):
                    continue  # the person's own address, exported in the same column
                if not same(getattr(affiliation, name), value):
                    setattr(affiliation, name, value)
        self.add_tags(contact, row.tags)
        audit.record_update(contact, before, summary="Import", user=self.user)
        self.summary.updated += 1
        self.summary.updated_ids.append(contact.id)

    def create(self, row: PlannedRow, org: Organisation | None) -> Contact:
        contact = Contact(**{"salutation": "", **row.fields})
        if org is not None:
            contact.affiliations.append(
                Affiliation(organisation=org, is_primary=True, **row.affiliation)
            )
        self.add_tags(contact, row.tags)
        db.session.add(contact)
        self.summary.created += 1
        return contact

    def add_tags(self, contact: Contact, names: list[str]) -> None:
        have = {t.name.casefold() for t in contact.tags}
        for name in names:
            if name.casefold() in have:
                continue
            tag = self.tags.get(name.casefold())
            if tag is None:
                tag = self.tags[name.casefold()] = Tag(name=name)
                db.session.add(tag)
            contact.tags.append(tag)
            have.add(name.casefold())
