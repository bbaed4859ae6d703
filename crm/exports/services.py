"""Contact lists, organisation lists and the membership matrix: filters, rows, audit.

A contact list has one row per person. The organisation, department, function, business
e-mail/phone and address of a row come from the person's current affiliation on the as-of
date (the primary one, else the most recent), found by a correlated subquery, so the whole
list is ONE query that is streamed with ``yield_per`` (a server-side cursor on PostgreSQL).

Audit: an export of personal data writes its audit event *before* streaming, with the row
count from a count query over the same filters, and commits it. An export that was started
is thus always on record, even when the download is broken off; the count can differ from
the streamed rows only if someone changes the data in the second between the two queries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased
from werkzeug.datastructures import MultiDict

from crm.audit import services as audit
from crm.auth.permissions import STAFF_ROLES, managed_group_ids
from crm.contacts.models import Affiliation, Contact
from crm.db import active_on
from crm.exports.writers import Card, Column, csv_stream, vcard_stream, xlsx_stream
from crm.extensions import db
from crm.groups.models import KINDS as GROUP_KINDS
from crm.groups.models import MEMBERSHIP_ROLES, SEAT_ROLES, Group, Seat
from crm.organisations.models import KINDS, STATES, Organisation
from crm.pagination import db_id
from crm.tags.models import Tag, contact_tags, organisation_tags
from crm.time import today

DEPUTY_ROLES = ("deputy_delegate", "deputy_lead")

#: every column of a contact list; the file headers stay German whatever the UI language,
#: so that a list re-imports unchanged (the importer knows these headers)
CONTACT_COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("salutation", "Anrede", width=8),
        Column("title", "Titel", width=10),
        Column("first_name", "Vorname", width=16),
        Column("last_name", "Nachname", width=18),
        Column("name_suffix", "Namenszusatz", width=10),
        Column("letter_salutation", "Briefanrede", width=34),
        Column("organisation", "Organisation", width=34),
        Column("department", "Abteilung", width=24),
        Column("job_title", "Funktion", width=24),
        Column("email", "E-Mail", width=32),
        Column("phone", "Telefon", width=18),
        Column("street", "Straße", width=26),
        Column("postal_code", "PLZ", "code", width=7),
        Column("city", "Ort", width=18),
        Column("address_block", "Adressblock", "block", width=36),
        Column("kind", "Art der Organisation", width=20),
        Column("state", "Bundesland", width=16),
        Column("since", "Zugehörig seit", "date", width=12),
    )
}
#: the columns chosen when the user chooses none: the mail-merge set
DEFAULT_COLUMNS = (
    "salutation",
    "title",
    "first_name",
    "last_name",
    "letter_salutation",
    "organisation",
    "department",
    "job_title",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
)

ORGANISATION_COLUMNS = (
    Column("name", "Name", width=40),
    Column("short_name", "Kurzname", width=12),
    Column("kind", "Art", width=20),
    Column("state", "Bundesland", width=16),
    Column("street", "Straße", width=26),
    Column("postal_code", "PLZ", "code", width=7),
    Column("city", "Ort", width=18),
    Column("website", "Website", width=28),
    Column("email", "E-Mail", width=28),
    Column("phone", "Telefon", width=18),
)


class ExportError(ValueError):
    """A filter value that makes no sense, with a German message."""


@dataclass
class ContactFilter:
    """What a contact list contains. Empty lists mean "no restriction"."""

    groups: list[int] = field(default_factory=list)
    group_kinds: list[str] = field(default_factory=list)
    seat_roles: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    as_of: date = field(default_factory=date.today)
    #: count deputies' seats (deputy delegate, deputy lead) when filtering by group
    deputies: bool = True
    include_archived: bool = False
    #: keep people marked "no contact" or whose consent was withdrawn
    include_blocked: bool = False
    columns: list[str] = field(default_factory=lambda: list(DEFAULT_COLUMNS))

    @property
    def by_seat(self) -> bool:
        return bool(self.groups or self.group_kinds or self.seat_roles)

    @classmethod
    def from_args(cls, args: MultiDict) -> ContactFilter:
        """Return the filter from query parameters; raise ``ExportError`` on bad values."""

        def ints(name: str) -> list[int]:
            try:
                return [db_id(v) for v in args.getlist(name) if v != ""]
            except ValueError as exc:
                raise ExportError(_("Ungültiger Wert für %(name)s.", name=name)) from exc

        def codes(name: str, allowed) -> list[str]:
            values = [v for v in args.getlist(name) if v != ""]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise ExportError(
                    _("Unbekannter Wert für %(name)s: %(values)s", name=name, values=", ".join(bad))
                )
            return values

        as_of = today()
        if args.get("on"):
            try:
                as_of = date.fromisoformat(args["on"])
            except ValueError as exc:
                raise ExportError(_("Das Stichtagsdatum ist ungültig (JJJJ-MM-TT).")) from exc
        chosen = set(codes("columns", CONTACT_COLUMNS))
        # always in the builder's order, however the parameters were given
        columns = [k for k in CONTACT_COLUMNS if k in chosen] or list(DEFAULT_COLUMNS)
        return cls(
            groups=ints("group"),
            group_kinds=codes("group_kind", GROUP_KINDS),
            seat_roles=codes("role", SEAT_ROLES),
            kinds=codes("kind", KINDS),
            states=codes("state", STATES),
            tags=ints("tag"),
            as_of=as_of,
            deputies=args.get("deputies", "in") != "out",
            include_archived=args.get("archived") == "in",
            include_blocked=args.get("blocked") == "in",
            columns=columns,
        )

    def describe(self) -> dict:
        """Return the filter as plain JSON for the audit log."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data


def export_scope(user) -> set[int] | None:
    """Return the group ids a user may export people from, or None for "all people".

    Staff export everyone; a group lead exports only people who hold a current seat in a
    group they manage. Callers check ``can_export_personal_data`` first (viewers: 403).
    ``user=None`` is the command line, which runs with the server's own rights.
    """
    if user is None or user.role in STAFF_ROLES:
        return None
    return managed_group_ids(user)


def _current_affiliation_id(as_of: date):
    other = aliased(Affiliation)
    return (
        sa.select(other.id)
        .where(other.contact_id == Contact.id, active_on(other, as_of))
        .order_by(other.is_primary.desc(), other.starts_on.desc().nulls_last(), other.id)
        .limit(1)
        .correlate(Contact)
        .scalar_subquery()
    )


def _where(stmt: sa.Select, flt: ContactFilter, scope: set[int] | None) -> sa.Select:
    if not flt.include_archived:
        stmt = stmt.where(Contact.not_archived())
    if not flt.include_blocked:
        stmt = stmt.where(Contact.is_no_contact.is_(False), Contact.consent_withdrawn_at.is_(None))
    if flt.by_seat or scope is not None:
        seat_cond = [Seat.contact_id == Contact.id, active_on(Seat, flt.as_of)]
        if flt.groups:
            seat_cond.append(Seat.group_id.in_(flt.groups))
        if flt.group_kinds:
            seat_cond.append(
                Seat.group_id.in_(sa.select(Group.id).where(Group.kind.in_(flt.group_kinds)))
            )
        if flt.seat_roles:
            seat_cond.append(Seat.role.in_(flt.seat_roles))
        if not flt.deputies:
            seat_cond.append(Seat.role.not_in(DEPUTY_ROLES))
        if scope is not None:
            seat_cond.append(Seat.group_id.in_(sorted(scope) or [-1]))
        stmt = stmt.where(sa.exists().where(*seat_cond))
    if flt.kinds:
        stmt = stmt.where(Organisation.kind.in_(flt.kinds))
    if flt.states:
        stmt = stmt.where(Organisation.state.in_(flt.states))
    if flt.tags:
        stmt = stmt.where(
            sa.exists().where(
                contact_tags.c.contact_id == Contact.id, contact_tags.c.tag_id.in_(flt.tags)
            )
        )
    return stmt


def _base(columns, flt: ContactFilter, scope: set[int] | None, *, join: bool = True) -> sa.Select:
    stmt = sa.select(*columns).select_from(Contact)
    if join:
        stmt = stmt.outerjoin(
            Affiliation, Affiliation.id == _current_affiliation_id(flt.as_of)
        ).outerjoin(Organisation, Organisation.id == Affiliation.organisation_id)
    return _where(stmt, flt, scope)


def _sql_columns() -> dict[str, Any]:
    """Return every value a contact row can carry, labelled by its key."""
    return {
        "salutation": Contact.salutation,
        "title": Contact.title,
        "first_name": Contact.first_name,
        "last_name": Contact.last_name,
        "name_suffix": Contact.name_suffix,
        "organisation": Organisation.name,
        "department": Affiliation.department,
        "job_title": Affiliation.job_title,
        # the business address first, the private one where there is none
        "email": sa.func.coalesce(sa.func.nullif(Affiliation.email, ""), Contact.email),
        "phone": sa.func.coalesce(sa.func.nullif(Affiliation.phone, ""), Contact.phone),
        "street": Organisation.street,
        "postal_code": Organisation.postal_code,
        "city": Organisation.city,
        "kind": Organisation.kind,
        "state": Organisation.state,
        "since": Affiliation.starts_on,
        "is_no_contact": Contact.is_no_contact,
        "withdrawn": Contact.consent_withdrawn_at.is_not(None),
    }


_NAME = ("salutation", "title", "first_name", "last_name", "name_suffix")
#: what each derived column (computed in Python) needs from the database
_NEEDS = {
    "letter_salutation": _NAME,
    "address_block": (*_NAME, "organisation", "department", "street", "postal_code", "city"),
}
#: what the vCards and the distribution list need
VCARD_FIELDS = (
    *_NAME,
    "organisation",
    "department",
    "job_title",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
)
DISTRIBUTION_FIELDS = (*_NAME, "email", "is_no_contact", "withdrawn")


def _needed(keys: Sequence[str]) -> list[str]:
    needed: list[str] = []
    for key in keys:
        for name in _NEEDS.get(key, (key,)):
            if name not in needed:
                needed.append(name)
    return needed


def contact_rows_query(
    flt: ContactFilter, scope: set[int] | None = None, fields: Sequence[str] | None = None
) -> sa.Select:
    """Return the one SELECT behind every contact list, with only the values it needs.

    ``fields`` are export columns or row values (``VCARD_FIELDS`` …); derived columns pull
    in what they are computed from. Rows carry the values as named attributes.
    """
    sql = _sql_columns()
    names = _needed(fields or flt.columns)
    columns = [Contact.id] + [sql[n].label(n) for n in names if n != "id"]
    return _base(columns, flt, scope).order_by(Contact.last_name, Contact.first_name, Contact.id)


def count_contacts(flt: ContactFilter, scope: set[int] | None = None) -> int:
    """Return how many people the filter selects."""
    # the organisation (and the subquery finding it) matters only for kind and state filters
    join = bool(flt.kinds or flt.states)
    return db.session.scalar(_base((sa.func.count(Contact.id),), flt, scope, join=join)) or 0


def stream_contact_rows(
    flt: ContactFilter, scope: set[int] | None = None, fields: Sequence[str] | None = None
) -> Iterator:
    """Yield the rows of a contact list, 1,000 at a time from the database cursor.

    Run on the session's connection as a Core statement: the rows are plain values, so the
    ORM's row loading would only add cost (a server-side cursor on PostgreSQL either way).
    """
    stmt = contact_rows_query(flt, scope, fields).execution_options(yield_per=1000)
    yield from db.session.connection().execute(stmt)


def letter_salutation(row) -> str:
    """Return the DIN 5008 Briefanrede for a row (the one rule: ``Contact.letter_salutation``)."""
    return Contact.letter_salutation.fget(row)


def full_name(row) -> str:
    """Return "Prof. Dr. Anna Müller" for a row (the one rule: ``Contact.full_name``)."""
    return Contact.full_name.fget(row)


def address_block(row) -> str:
    """Return the DIN 5008 address block: organisation, department, person, street, town."""
    person = " ".join(p for p in (row.salutation, row.title, row.first_name, row.last_name) if p)
    town = " ".join(p for p in (row.postal_code, row.city) if p)
    parts = (row.organisation, row.department, person, row.street, town)
    return "\n".join(p for p in parts if p)


_DERIVED = {
    "letter_salutation": letter_salutation,
    "address_block": address_block,
    "kind": lambda r: str(KINDS[r.kind]) if r.kind else None,
    "state": lambda r: str(STATES[r.state]) if r.state else None,
}


def contact_cells(rows, keys: Sequence[str]) -> Iterator[list]:
    """Yield the chosen cells of each row.

    Stored values are picked by one ``itemgetter`` call per row (C speed); the few derived
    cells (Briefanrede, address block, German labels) are computed and put in their places.
    """
    names = ["id", *(n for n in _needed(keys))]
    plain = [(i, names.index(k)) for i, k in enumerate(keys) if k not in _DERIVED]
    derived = [(i, _DERIVED[k]) for i, k in enumerate(keys) if k in _DERIVED]
    width = len(keys)
    if not plain:
        for row in rows:
            yield [f(row) for _, f in derived]
        return
    pick = itemgetter(*(index for _, index in plain))
    if len(plain) == 1:
        single = pick
        pick = lambda row: (single(row),)  # noqa: E731
    if not derived:
        for row in rows:
            yield list(pick(row))
        return
    slots = [i for i, _ in plain]
    in_order = slots == list(range(len(slots)))
    for row in rows:
        if in_order:
            cells = list(pick(row))
            for i, f in derived:
                cells.insert(i, f(row))
        else:
            cells = [None] * width
            for i, value in zip(slots, pick(row), strict=True):
                cells[i] = value
            for i, f in derived:
                cells[i] = f(row)
        yield cells


def contact_export(flt: ContactFilter, fmt: str, scope: set[int] | None = None) -> Iterator[bytes]:
    """Return the byte stream of a contact list in ``fmt`` (csv, csv-excel, xlsx, vcf)."""
    if fmt == "vcf":
        return vcard_stream(_cards(stream_contact_rows(flt, scope, VCARD_FIELDS)))
    rows = stream_contact_rows(flt, scope)
    columns = [CONTACT_COLUMNS[k] for k in flt.columns]
    cells = contact_cells(rows, flt.columns)
    if fmt == "xlsx":
        return xlsx_stream(columns, cells, sheet="Kontakte")
    return csv_stream(columns, cells, excel=fmt == "csv-excel")


def _cards(rows) -> Iterator[Card]:
    for r in rows:
        yield Card(
            first_name=r.first_name,
            last_name=r.last_name,
            title=r.title,
            name_suffix=r.name_suffix,
            full_name=full_name(r),
            organisation=r.organisation,
            department=r.department,
            job_title=r.job_title,
            email=r.email,
            phone=r.phone,
            street=r.street,
            postal_code=r.postal_code,
            city=r.city,
        )


def record_export(what: str, fmt: str, flt: ContactFilter, rows: int, user=None) -> None:
    """Write the audit event of an export of personal data (who, filters, row count)."""
    audit.record(
        "export",
        "contacts",
        None,
        summary=f"Export {what} ({fmt}): {rows} Zeilen",
        changes={"format": fmt, "rows": rows, "filters": flt.describe()},
        user=user,
    )


# --- the e-mail distribution list ----------------------------------------------------------

BLOCK_SIZE = 50


@dataclass
class DistributionList:
    """Addresses in blocks of 50 for BCC, and who was left out and why."""

    blocks: list[list[str]]
    left_out: list[tuple[str, str]]
    total: int

    @property
    def addresses(self) -> int:
        return sum(len(b) for b in self.blocks)


def distribution_list(flt: ContactFilter, scope: set[int] | None = None) -> DistributionList:
    """Return the BCC blocks for the filter, leaving out blocked people and duplicates."""
    wanted = ContactFilter(**{**asdict(flt), "include_blocked": True})
    addresses: list[str] = []
    seen: dict[str, str] = {}
    left_out: list[tuple[str, str]] = []
    total = 0
    for row in stream_contact_rows(wanted, scope, DISTRIBUTION_FIELDS):
        total += 1
        name = full_name(row)
        email = row.email
        if row.is_no_contact:
            left_out.append((name, _("möchte nicht kontaktiert werden")))
        elif row.withdrawn:
            left_out.append((name, _("Einwilligung widerrufen")))
        elif not email:
            left_out.append((name, _("keine E-Mail-Adresse")))
        elif email.casefold() in seen:
            left_out.append((name, _("gleiche Adresse wie %(name)s", name=seen[email.casefold()])))
        else:
            seen[email.casefold()] = name
            addresses.append(email)
    blocks = [addresses[i : i + BLOCK_SIZE] for i in range(0, len(addresses), BLOCK_SIZE)]
    return DistributionList(blocks=blocks, left_out=left_out, total=total)


# --- organisation lists and the membership matrix (no personal data) ------------------------


@dataclass
class OrganisationFilter:
    kinds: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    include_archived: bool = False

    @classmethod
    def from_args(cls, args: MultiDict) -> OrganisationFilter:
        flt = ContactFilter.from_args(args)
        return cls(
            kinds=flt.kinds,
            states=flt.states,
            tags=flt.tags,
            include_archived=flt.include_archived,
        )


def organisation_export(flt: OrganisationFilter, fmt: str) -> Iterator[bytes]:
    """Return the byte stream of an organisation list (re-importable: German kind and state)."""
    stmt = sa.select(
        Organisation.name,
        Organisation.short_name,
        Organisation.kind,
        Organisation.state,
        Organisation.street,
        Organisation.postal_code,
        Organisation.city,
        Organisation.website,
        Organisation.email,
        Organisation.phone,
    )
    if not flt.include_archived:
        stmt = stmt.where(Organisation.not_archived())
    if flt.kinds:
        stmt = stmt.where(Organisation.kind.in_(flt.kinds))
    if flt.states:
        stmt = stmt.where(Organisation.state.in_(flt.states))
    if flt.tags:
        stmt = stmt.where(
            sa.exists().where(
                organisation_tags.c.organisation_id == Organisation.id,
                organisation_tags.c.tag_id.in_(flt.tags),
            )
        )
    stmt = stmt.order_by(Organisation.name, Organisation.id).execution_options(yield_per=1000)

    def cells():
        for r in db.session.connection().execute(stmt):
            yield [
                r.name,
                r.short_name,
                str(KINDS[r.kind]),
                str(STATES[r.state]),
                r.street,
                r.postal_code,
                r.city,
                r.website,
                r.email,
                r.phone,
            ]

    if fmt == "xlsx":
        return xlsx_stream(ORGANISATION_COLUMNS, cells(), sheet="Organisationen")
    return csv_stream(ORGANISATION_COLUMNS, cells(), excel=fmt == "csv-excel")


def matrix_export(as_of: date, fmt: str, group_ids: Sequence[int] = ()) -> Iterator[bytes]:
    """Return the membership matrix: one row per organisation, one column per group.

    A cell holds the organisation's role in the group on ``as_of`` ("Mitglied",
    "Federführung" …) or stays empty. The rows come from the reports' streaming matrix
    (``crm.reports.services.iter_matrix``: one ordered query read in chunks); this
    function only lays them out for the CSV and XLSX writers.
    """
    from crm.reports.services import iter_matrix, matrix_groups

    groups = [g for g in matrix_groups(as_of) if not group_ids or g.id in group_ids]
    columns = [
        Column("organisation", "Organisation", width=40),
        Column("kind", "Art", width=20),
        Column("state", "Bundesland", width=16),
        *(Column(f"g{g.id}", g.short_name or g.name, width=12) for g in groups),
    ]

    def cells():
        labels = {code: str(label) for code, label in MEMBERSHIP_ROLES.items()}
        for row in iter_matrix(as_of, groups):
            roles = [labels.get(row.roles[g.id]) if g.id in row.roles else None for g in groups]
            yield [row.name, str(KINDS[row.kind]), str(STATES[row.state]), *roles]

    if fmt == "xlsx":
        return xlsx_stream(columns, cells(), sheet="Mitgliedschaften")
    return csv_stream(columns, cells(), excel=fmt == "csv-excel")


def filter_choices() -> dict:
    """Return the choices of the list builder's filters (groups and tags from the database)."""
    return {
        "groups": [
            tuple(r)
            for r in db.session.execute(
                sa.select(Group.id, Group.name).order_by(Group.kind, Group.name)
            )
        ],
        "tags": [
            tuple(r) for r in db.session.execute(sa.select(Tag.id, Tag.name).order_by(Tag.name))
        ],
        "group_kinds": GROUP_KINDS,
        "seat_roles": SEAT_ROLES,
        "kinds": KINDS,
        "states": STATES,
        "columns": CONTACT_COLUMNS,
    }


def preview_rows(flt: ContactFilter, scope: set[int] | None, limit: int = 20) -> list[list]:
    """Return the first rows of the list with the chosen columns, for the preview table."""
    rows = db.session.execute(contact_rows_query(flt, scope).limit(limit)).all()
    return list(contact_cells(rows, flt.columns))
