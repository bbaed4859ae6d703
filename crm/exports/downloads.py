"""The files of each list: contact lists, organisation lists and the membership matrix.

Each function returns the byte stream of one file (``crm.writers``); rows come straight
from a database cursor, so memory stays flat whatever the size of the list.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date

from flask import current_app

from crm.exports.columns import (
    CARD_COPIES,
    CONTACT_COLUMNS,
    LETTER_FIELDS,
    ORGANISATION_COLUMNS,
    VCARD_FIELDS,
    contact_cells,
    full_name,
)
from crm.exports.filters import ContactFilter, OrganisationFilter
from crm.exports.queries import organisation_rows_query, stream_contact_rows
from crm.extensions import db
from crm.groups.models import MEMBERSHIP_ROLES
from crm.letters.labels import labels_pdf
from crm.letters.letters import Letterhead, letters_pdf
from crm.organisations.models import KINDS, STATES
from crm.reports.queries import iter_matrix, matrix_groups
from crm.writers import Card, Column, csv_stream, vcard_stream, vcard_uid, xlsx_stream


def _table(columns: Sequence[Column], cells, fmt: str, sheet: str) -> Iterator[bytes]:
    """Return the byte stream of a table in ``fmt`` (csv, csv-excel or xlsx)."""
    if fmt == "xlsx":
        return xlsx_stream(columns, cells, sheet=sheet)
    return csv_stream(columns, cells, excel=fmt == "csv-excel")


def contact_export(flt: ContactFilter, fmt: str, scope: set[int] | None = None) -> Iterator[bytes]:
    """Return the byte stream of a contact list in ``fmt`` (csv, csv-excel, xlsx, vcf)."""
    if fmt == "vcf":
        return vcard_stream(_cards(stream_contact_rows(flt, scope, VCARD_FIELDS)))
    columns = [CONTACT_COLUMNS[k] for k in flt.columns]
    cells = contact_cells(stream_contact_rows(flt, scope), flt.columns)
    return _table(columns, cells, fmt, "Kontakte")


@dataclass(frozen=True)
class PdfOptions:
    """What serial letters and labels need beyond the list: subject, body, sheet, start."""

    subject: str = ""
    body: str = ""
    label: str = "3474"
    start: int = 1


def contact_pdf(flt: ContactFilter, fmt: str, options: PdfOptions, scope=None) -> Iterator[bytes]:
    """Return serial letters (``letters-pdf``) or address labels (``labels-pdf``) as PDF."""
    yield render_pdf(fmt, stream_contact_rows(flt, scope, LETTER_FIELDS), options, flt.as_of)


def render_pdf(fmt: str, rows, options: PdfOptions, as_of: date | None = None) -> bytes:
    """Return the letters or labels PDF of ``rows`` (with ``LETTER_FIELDS``)."""
    if fmt == "letters-pdf":
        head = Letterhead.from_config(current_app.config)
        return letters_pdf(rows, options.subject, options.body, head, as_of)
    return labels_pdf(rows, options.label, options.start)


def _cards(rows) -> Iterator[Card]:
    config = current_app.config
    secret = config.get("VCARD_UID_SECRET") or config.get("SECRET_KEY") or ""
    for r in rows:
        rev = r.updated_at
        if rev is not None and rev.tzinfo is None:
            rev = rev.replace(tzinfo=UTC)
        yield Card(
            uid=vcard_uid(secret, "contact", r.id),
            rev=rev,
            full_name=full_name(r),
            **{name: getattr(r, name) for name in CARD_COPIES},
        )


def organisation_export(flt: OrganisationFilter, fmt: str) -> Iterator[bytes]:
    """Return the byte stream of an organisation list (re-importable: German kind and state)."""
    stmt = organisation_rows_query(flt).execution_options(yield_per=1000)

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

    return _table(ORGANISATION_COLUMNS, cells(), fmt, "Organisationen")


def matrix_export(as_of: date, fmt: str, group_ids: Sequence[int] = ()) -> Iterator[bytes]:
    """Return the membership matrix: one row per organisation, one column per group.

    A cell holds the organisation's role in the group on ``as_of`` ("Mitglied",
    "Federführung" …) or stays empty. The rows come from the reports' streaming matrix
    (``crm.reports.queries.iter_matrix``: one ordered query read in chunks); this
    function only lays them out for the CSV and XLSX writers.
    """
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

    return _table(columns, cells(), fmt, "Mitgliedschaften")
