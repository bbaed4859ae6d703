"""The import plan: every row checked, matched against the stored records, with final values.

``make_plan`` reads every row (``cleaning.clean_row``), names each bad row by its
spreadsheet row number, column and reason, and matches existing records: people by e-mail
(business or private, case-insensitive), then by normalised first and last name at the same
organisation; organisations by normalised name. Each planned row carries the FINAL field
values (``records.py``): the write step stores them without cleaning anything again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from flask_babel import gettext as _

from crm.contacts.models import Contact
from crm.imports.cleaning import RowIssue, clean_row
from crm.imports.planfile import RowFile
from crm.imports.queries import (
    BATCH,
    affiliation_at,
    chunks,
    load_contacts,
    load_organisations,
    organisations_by_key,
    people_by_email,
    people_by_name,
)
from crm.imports.reader import Table
from crm.imports.records import (
    OrganisationRef,
    affiliation_fields,
    organisation_fields,
    organisation_ref,
    person_fields,
    tag_names,
)
from crm.imports.rules import DEFAULT_STATE
from crm.search.normalize import normalize, phonetic


@dataclass
class PlannedRow:
    """One good row: its checked values, the record fields it sets, and its match."""

    row: int
    #: the checked cell values by import field (shown in the preview)
    values: dict[str, str]
    #: the fields of the record the row creates or updates, final and never empty:
    #: Contact fields for a people list, Organisation fields for an organisation list
    fields: dict[str, str] = field(default_factory=dict)
    #: people only: the affiliation's fields, the organisation named, the tags
    affiliation: dict[str, str] = field(default_factory=dict)
    organisation: OrganisationRef | None = None
    tags: list[str] = field(default_factory=list)
    #: id of the matched record, and how it was found ("email" or "name")
    match_id: int | None = None
    match_by: str | None = None
    match_label: str = ""
    action: str = "create"
    #: field -> [stored, imported] for a matched row
    changes: dict[str, list] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        v = self.values
        return " ".join(p for p in (v.get("first_name"), v.get("last_name") or v.get("name")) if p)


#: how many issues a plan keeps to show (the bad rows are all counted)
MAX_ISSUES = 1000


@dataclass
class ImportPlan:
    """What an import would do: the good rows (on disk), the problems, the new organisations."""

    kind: str
    #: the JSONL file of planned rows (``planfile.py``)
    path: Path
    issues: list[RowIssue] = field(default_factory=list)
    #: names of organisations that the import will create
    new_organisations: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(
        default_factory=lambda: {"rows": 0, "new": 0, "matched": 0, "changed": 0}
    )
    error_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.error_rows

    def rows(self) -> Iterator[PlannedRow]:
        """Read the planned rows from disk, in file order."""
        return RowFile(self.path).read()

    def matched(self) -> Iterator[PlannedRow]:
        return (r for r in self.rows() if r.match_id is not None)

    def sample(self, matched: bool, count: int = 50, skip: int = 0) -> list[PlannedRow]:
        """Return ``count`` matched (or new) rows after the first ``skip`` (the preview's page)."""
        rows = (r for r in self.rows() if (r.match_id is not None) == matched)
        return list(islice(rows, skip, skip + count))

    def add_issues(self, issues: list[RowIssue]) -> None:
        if issues:
            self.error_rows += len({i.row for i in issues})
            self.issues.extend(issues[: max(0, MAX_ISSUES - len(self.issues))])

    def add_rows(self, out: RowFile, batch: list[PlannedRow]) -> None:
        out.append(batch)
        for row in batch:
            self.totals["rows"] += 1
            if row.match_id is None:
                self.totals["new"] += 1
            else:
                self.totals["matched"] += 1
                self.totals["changed"] += bool(row.changes)

    def counts(self) -> dict[str, int]:
        """Return the numbers the preview shows."""
        t = self.totals
        return {
            **t,
            "unchanged": t["matched"] - t["changed"],
            "errors": self.error_rows,
            "new_organisations": len(self.new_organisations),
        }

    def as_dict(self) -> dict:
        """Return what is kept beside the row file (``load_plan`` reads it back)."""
        return {
            "kind": self.kind,
            "path": str(self.path),
            "issues": [dataclasses.asdict(i) for i in self.issues],
            "new_organisations": self.new_organisations,
            "totals": self.totals,
            "error_rows": self.error_rows,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ImportPlan:
        data = dict(data, path=Path(data["path"]))
        data["issues"] = [RowIssue(**i) for i in data["issues"]]
        return cls(**data)


def make_plan(
    kind: str,
    table: Table,
    mapping: list[str | None],
    default_state: str = DEFAULT_STATE,
    *,
    path: Path,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Return the plan of a people (``contacts``) or ``organisations`` list, rows in ``path``.

    ``default_state`` is the Land of new organisations when neither the file nor the
    postal code gives one. ``progress`` is told the number of rows checked after each batch.
    """
    plan = ImportPlan(kind=kind, path=Path(path))
    mapping = list(mapping) + [None] * (len(table.headers) - len(mapping))
    check = _ContactCheck(table, mapping) if kind == "contacts" else _NameCheck(table, mapping)
    new_orgs: dict[str, str] = {}
    checked = 0
    with RowFile(plan.path) as out:
        for batch in chunks(_clean(kind, table, mapping, plan), BATCH):
            checked += len(batch)
            batch = check(batch, plan)
            if kind == "contacts":
                _match_people(batch, new_orgs, default_state)
            else:
                _match_organisations(batch, default_state)
            plan.add_rows(out, batch)
            if progress is not None:
                progress(checked)
    plan.issues.sort(key=lambda i: (i.row, i.column))
    plan.new_organisations = sorted(new_orgs.values(), key=normalize)
    return plan


def same(a, b) -> bool:
    """Return whether a stored value equals an imported one (None and "" are alike)."""
    return (a or "") == (b or "") if isinstance(b, str) else a == b


def _clean(kind: str, table: Table, mapping: list[str | None], plan: ImportPlan):
    """Yield a PlannedRow for every good row; add the bad rows' issues to the plan."""
    for number, cells in table.rows():
        values, issues = clean_row(kind, table.headers, mapping, number, cells)
        if issues:
            plan.add_issues(issues)
        else:
            yield PlannedRow(row=number, values=values)


class _ContactCheck:
    """Turns a row whose e-mail an earlier row of the file already has into an issue."""

    def __init__(self, table: Table, mapping: list[str | None]) -> None:
        self.table, self.mapping = table, mapping
        self.seen: dict[str, int] = {}

    def __call__(self, batch: list[PlannedRow], plan: ImportPlan) -> list[PlannedRow]:
        kept = []
        for row in batch:
            issue = None
            for name in ("email", "private_email"):
                email = row.values.get(name)
                if not email:
                    continue
                key = email.casefold()
                if key in self.seen and self.seen[key] != row.row:
                    column = self.table.headers[self.mapping.index(name)]
                    message = _(
                        "E-Mail wie in Zeile %(row)s: %(email)s", row=self.seen[key], email=email
                    )
                    issue = RowIssue(row.row, column, message)
                    break
                self.seen[key] = row.row
            if issue is None:
                kept.append(row)
            else:
                plan.add_issues([issue])
        return kept


class _NameCheck:
    """Turns an organisation row whose name an earlier row already has into an issue."""

    def __init__(self, table: Table, mapping: list[str | None]) -> None:
        self.column = table.headers[mapping.index("name")]
        self.seen: dict[str, int] = {}

    def __call__(self, batch: list[PlannedRow], plan: ImportPlan) -> list[PlannedRow]:
        kept = []
        for row in batch:
            key = normalize(row.values["name"])
            if key in self.seen:
                message = _("gleicher Name wie Zeile %(row)s", row=self.seen[key])
                plan.add_issues([RowIssue(row.row, self.column, message)])
            else:
                self.seen[key] = row.row
                kept.append(row)
        return kept


def _match_people(batch: list[PlannedRow], new_orgs: dict[str, str], default_state: str) -> None:
    """Match one batch of rows against the stored people, in a fixed number of queries."""
    orgs = organisations_by_key(normalize(r.values.get("organisation")) for r in batch)
    emails = people_by_email(r.values.get(n) for r in batch for n in ("email", "private_email"))
    for row in batch:
        v = row.values
        row.fields = person_fields(v)
        row.affiliation = affiliation_fields(v)
        row.organisation = ref = organisation_ref(v, orgs, default_state)
        row.tags = tag_names(v.get("tags"))
        if ref is not None and ref.id is None:
            new_orgs.setdefault(ref.key, ref.name)
        for name in ("email", "private_email"):
            if v.get(name) and v[name].casefold() in emails:
                row.match_id, row.match_by = emails[v[name].casefold()], "email"
                break
    by_name = people_by_name(
        (phonetic(r.values.get("last_name"), r.values.get("first_name")), _name(r), ref.id)
        for r in batch
        if r.match_id is None and (ref := r.organisation) is not None and ref.id is not None
    )
    for row in batch:
        if row.match_id is None and row.organisation is not None and row.organisation.id:
            found = by_name.get((_name(row), row.organisation.id))
            if found is not None:
                row.match_id, row.match_by = found, "name"
    matched = [r for r in batch if r.match_id is not None]
    stored = load_contacts([r.match_id for r in matched])
    for row in matched:
        contact = stored[row.match_id]
        row.action = "update"
        row.match_label = " ".join(p for p in (contact.first_name, contact.last_name) if p)
        row.changes = _contact_changes(contact, row)


def _name(row: PlannedRow) -> str:
    return normalize(row.values.get("first_name")) + " " + normalize(row.values.get("last_name"))


def _contact_changes(contact: Contact, row: PlannedRow) -> dict:
    changes = {}
    for name, value in row.fields.items():
        if not same(getattr(contact, name), value):
            changes[name] = [getattr(contact, name), value]
    ref = row.organisation
    if ref is not None:
        affiliation = affiliation_at(contact, ref.id) if ref.id else None
        if affiliation is None:
            changes["organisation"] = [None, ref.name]
        else:
            for name, value in row.affiliation.items():
                if name in ("email", "phone") and same(getattr(contact, name), value):
                    continue  # the person's own address, exported in the same column
                if not same(getattr(affiliation, name), value):
                    changes[f"affiliation.{name}"] = [getattr(affiliation, name), value]
    have = {t.name.casefold() for t in contact.tags}
    missing = [t for t in row.tags if t.casefold() not in have]
    if missing:
        changes["tags"] = [None, ", ".join(missing)]
    return changes


def _match_organisations(batch: list[PlannedRow], default_state: str) -> None:
    """Match one batch of organisation rows by normalised name, in two queries."""
    orgs = organisations_by_key(normalize(r.values["name"]) for r in batch)
    stored = load_organisations(orgs.values())
    for row in batch:
        # a matched row may still be created anew (the user's choice): it needs all fields
        row.fields = organisation_fields(row.values, default_state)
        org_id = orgs.get(normalize(row.values["name"]))
        if org_id is None:
            continue
        row.match_id, row.match_by, row.action = org_id, "name", "update"
        org = stored[org_id]
        row.match_label = org.name
        for name, value in organisation_fields(row.values).items():
            if not same(getattr(org, name), value):
                row.changes[name] = [getattr(org, name), value]
