"""The reports as XLSX workbooks: the same rows as the pages, every row, streamed.

Each function returns the byte stream of a workbook (``crm.writers.xlsx_workbook``); the
rows are read while the file is written, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask_babel import gettext as _

from crm.extensions import db
from crm.groups.models import MEMBERSHIP_ROLES
from crm.organisations.models import KINDS as ORG_KINDS
from crm.reports import queries
from crm.writers import Column, Sheet, xlsx_workbook


def _columns(headers: list[str], widths: list[int]) -> list[Column]:
    return [
        Column(f"c{i}", h, width=w) for i, (h, w) in enumerate(zip(headers, widths, strict=True))
    ]


def _day(on: date) -> str:
    return on.strftime("%d.%m.%Y")


def laender_workbook(on: date, kind: str | None) -> Iterator[bytes]:
    """Return the Länder balance: organisations and people per Land for each group."""
    buckets = queries.BUCKETS
    labels = queries.bucket_labels()
    header = [_("Gremium"), _("Art")]
    header += [_("Organisationen %(s)s", s=labels[b]) for b in buckets]
    header += [_("Personen %(s)s", s=labels[b]) for b in buckets]
    header += [_("Fehlende Länder")]
    rows = (
        [row.group.name, row.group.kind_label]
        + [row.orgs[b] for b in buckets]
        + [row.people[b] for b in buckets]
        + [", ".join(row.missing)]
        for row in queries.laender_balance(on, kind)
    )
    columns = _columns(header, [40, 16] + [14] * (2 * len(buckets)) + [20])
    return xlsx_workbook([Sheet(_("Länderbalance %(d)s", d=_day(on)), columns, rows)])


def matrix_workbook(on: date, kind: str | None, state: str | None) -> Iterator[bytes]:
    """Return the whole membership matrix: organisations × groups, the role in each cell."""
    groups = queries.matrix_groups(on, kind)
    header = [_("Organisation"), _("Land"), _("Art")] + [g.short_name or g.name for g in groups]
    roles = {k: str(v) for k, v in MEMBERSHIP_ROLES.items()}
    kinds = {k: str(v) for k, v in ORG_KINDS.items()}
    rows = (
        [row.name, row.state, kinds.get(row.kind, row.kind)]
        + [roles.get(row.roles.get(g.id), "") for g in groups]
        for row in queries.iter_matrix(on, groups, state)
    )
    columns = _columns(header, [45, 6, 20] + [14] * len(groups))
    return xlsx_workbook([Sheet(_("Mitgliedschaften %(d)s", d=_day(on)), columns, rows)])


def gaps_workbook(on: date, org_kind: str | None, state: str | None) -> Iterator[bytes]:
    """Return both gap lists: organisations in no group, groups without (deputy) lead."""

    def lonely():
        stmt = queries.organisations_in_no_group(on, org_kind, state)
        for org in db.session.scalars(stmt.execution_options(yield_per=500)):
            yield [org.name, org.state, org.kind_label]

    def leads():
        for gap in queries.groups_without_leads(on):
            yield [
                gap.group.name,
                gap.group.kind_label,
                _("ja") if gap.has_lead else _("fehlt"),
                _("ja") if gap.has_deputy else _("fehlt"),
            ]

    lonely_columns = _columns([_("Organisation"), _("Land"), _("Art")], [45, 6, 20])
    lead_columns = _columns(
        [_("Gremium"), _("Art"), _("Leitung"), _("Stellv. Leitung")], [40, 16, 10, 16]
    )
    return xlsx_workbook(
        [
            Sheet(_("Ohne Gremium"), lonely_columns, lonely()),
            Sheet(_("Ohne Leitung"), lead_columns, leads()),
        ]
    )
