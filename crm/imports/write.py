"""Writing an import plan: everything in the caller's one transaction, or nothing.

With any bad row the plan is refused. The rows carry their final values (``plan.py``), so
this step only decides per row (create, update, skip) and stores them; empty cells never
erase stored values because the plan never carries empty values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from types import SimpleNamespace

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
from crm.search.hooks import COMPUTED
from crm.tags.models import Tag, contact_tags
from crm.time import utcnow


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
        summary=audit.Message(
            audit.N_(
                "Import %(filename)s: %(created)s neu, %(updated)s geändert, "
                "%(unchanged)s unverändert, %(skipped)s übersprungen"
            ),
            filename=filename,
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
            skipped=summary.skipped,
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
            audit.record_update(org, before, summary=audit.Message(audit.N_("Import")), user=user)
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
        created: list[tuple[PlannedRow, Organisation | None]] = []
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
            created.append((row, org))
        db.session.flush()  # updates, new organisations and tags get their ids
        self.summary.created_ids.extend(self.create_all(created))

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
                audit.record_update(
                    org,
                    before,
                    summary=audit.Message(audit.N_("Import: Adresse ergänzt")),
                    user=self.user,
                )
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
        audit.record_update(
            contact, before, summary=audit.Message(audit.N_("Import")), user=self.user
        )
        self.summary.updated += 1
        self.summary.updated_ids.append(contact.id)

    def create_all(self, rows: list[tuple[PlannedRow, Organisation | None]]) -> list[int]:
        """Insert the new people of a batch, their affiliations and tags; return their ids.

        New people are inserted as rows in a few statements (through the ORM, 10,000 people
        and their affiliations took most of an import's time). Their stored search columns
        are computed by the model's own ``compute_*`` methods (the ones the flush hook calls),
        on a stand-in holding the row's values, so they are stored as a save in the app
        stores them.
        """
        if not rows:
            return []
        table, now = Contact.__table__, utcnow()
        people, affiliations = [], []
        for row, org in rows:
            held = []
            if org is not None:
                held.append({"organisation_id": org.id, "is_primary": True, **row.affiliation})
            people.append({"salutation": "", **row.fields, **self.stored_columns(row, org, held)})
            affiliations.append(held)
        ids = _insert_returning_ids(table, people, now)
        links = [
            {**a, "contact_id": cid}
            for cid, held in zip(ids, affiliations, strict=True)
            for a in held
        ]
        _insert_rows(Affiliation.__table__, links, now)
        tag_links = []
        for cid, (row, _org) in zip(ids, rows, strict=True):
            for tag in self.new_tags(row.tags):
                tag_links.append({"contact_id": cid, "tag_id": tag.id})
        if tag_links:
            db.session.execute(sa.insert(contact_tags), tag_links)
        self.summary.created += len(ids)
        return ids

    @staticmethod
    def stored_columns(row: PlannedRow, org: Organisation | None, held: list[dict]) -> dict:
        fields = {"salutation": "", "email": None, "phone": None, "first_name": None}
        fields.update(row.fields)
        blank = {"email": None, "phone": None, "starts_on": None, "ends_on": None}
        links = [SimpleNamespace(**{**blank, **a, "organisation": org}) for a in held]
        for link in links:
            link.is_current = partial(Affiliation.is_current, link)
        person = SimpleNamespace(**fields, affiliations=links)
        return {
            column: getattr(Contact, method)(person)[:length]
            for column, method, length in COMPUTED
            if hasattr(Contact, method)
        }

    def new_tags(self, names: list[str]) -> list[Tag]:
        """Return the tags of these names (each once), created when missing (flushed)."""
        found, missing = {}, []
        for name in names:
            key = name.casefold()
            if key in found:
                continue
            tag = self.tags.get(key)
            if tag is None:
                tag = self.tags[key] = Tag(name=name)
                db.session.add(tag)
                missing.append(tag)
            found[key] = tag
        if missing:
            db.session.flush()
        return list(found.values())

    def add_tags(self, contact: Contact, names: list[str]) -> None:
        have = {t.name.casefold() for t in contact.tags}
        for tag in self.new_tags(names):
            if tag.name.casefold() not in have:
                contact.tags.append(tag)


def _insert_rows(table: sa.Table, rows: list[dict], now) -> None:
    """Insert rows whose keys differ in one statement (a missing key gets its default)."""
    if rows:
        db.session.execute(sa.insert(table), _same_keys(table, rows, now))


def _insert_returning_ids(table: sa.Table, rows: list[dict], now) -> list[int]:
    """Insert rows in one statement and return their new ids in the rows' order."""
    stmt = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.execute(stmt, _same_keys(table, rows, now)).scalars())


def _same_keys(table: sa.Table, rows: list[dict], now) -> list[dict]:
    """Return the rows with one set of keys, as one INSERT with many rows needs."""
    rows = [{"created_at": now, "updated_at": now, "version": 1, **row} for row in rows]
    keys = set().union(*rows)
    blank = {}
    for key in keys:
        default = table.c[key].default
        blank[key] = default.arg if default is not None and default.is_scalar else None
    return [{**blank, **row} for row in rows]
