"""Report pages (printable, linkable by URL) and their XLSX downloads."""

from __future__ import annotations

from datetime import date

from flask import render_template, request

from crm.extensions import db
from crm.groups.models import KINDS
from crm.organisations.models import KINDS as ORG_KINDS
from crm.pagination import paginate
from crm.reports import bp, queries, spreadsheets
from crm.time import today
from crm.writers import XLSX_MIMETYPE, download


def _as_of() -> date:
    try:
        return date.fromisoformat(request.args.get("on", ""))
    except ValueError:
        return today()


def _choice(name: str, allowed) -> str | None:
    """Return the query parameter ``name`` when it is one of ``allowed``, else None."""
    value = request.args.get(name)
    return value if value in allowed else None


def _kind() -> str | None:
    return _choice("kind", KINDS)


def _state() -> str | None:
    return _choice("state", queries.STATE_FILTERS)


def _org_kind() -> str | None:
    return _choice("org_kind", ORG_KINDS)


def _page(template: str, on: date, **context):
    """Render a report page with what every report's filter bar needs."""
    return render_template(
        template,
        on=on,
        kinds=KINDS,
        states=queries.STATE_FILTERS,
        labels=queries.bucket_labels(),
        **context,
    )


def _xlsx(chunks, name: str, on: date):
    return download(chunks, f"{name}-{on.isoformat()}.xlsx", XLSX_MIMETYPE)


@bp.route("/")
def index():
    """List the reports."""
    return render_template("reports/index.html", on=_as_of())


@bp.route("/laender")
def laender():
    """Member organisations and people per Land for each group, as of a date, with a chart."""
    on, kind = _as_of(), _kind()
    rows = queries.laender_balance(on, kind)
    return _page(
        "reports/laender.html",
        on,
        kind=kind,
        rows=rows,
        totals=queries.balance_totals(rows),
        buckets=queries.BUCKETS,
    )


@bp.route("/laender.xlsx")
def laender_xlsx():
    """Download the Länder balance as XLSX."""
    on = _as_of()
    return _xlsx(spreadsheets.laender_workbook(on, _kind()), "laenderbalance", on)


@bp.route("/matrix")
def matrix():
    """Organisations × groups with the role in each cell, filterable by kind and state."""
    on, kind, state = _as_of(), _kind(), _state()
    groups = queries.matrix_groups(on, kind)
    group_ids = [g.id for g in groups]
    stmt = queries.matrix_organisations(on, group_ids, state)
    page = paginate(db.session, stmt, total=queries.matrix_total(stmt, on, kind, state))
    cells = queries.matrix_cells(on, group_ids, [o.id for o in page.items])
    return _page(
        "reports/matrix.html", on, kind=kind, state=state, groups=groups, page=page, cells=cells
    )


#: group columns per printed part of the matrix: with the name and Land columns they fit
#: an A4 landscape page at 8 pt; more groups continue in the next part
PRINT_COLUMNS = 8


@bp.route("/matrix/print")
def matrix_print():
    """The whole matrix to print: every row, the groups in parts of ``PRINT_COLUMNS`` columns,
    each part repeating the organisation column and (on every page) its header row."""
    on, kind, state = _as_of(), _kind(), _state()
    groups = queries.matrix_groups(on, kind)
    group_ids = [g.id for g in groups]
    orgs = list(db.session.scalars(queries.matrix_organisations(on, group_ids, state)))
    cells = queries.matrix_cells(on, group_ids, [o.id for o in orgs])
    parts = [groups[i : i + PRINT_COLUMNS] for i in range(0, len(groups), PRINT_COLUMNS)]
    return _page(
        "reports/matrix_print.html",
        on,
        kind=kind,
        state=state,
        groups=groups,
        parts=parts,
        orgs=orgs,
        cells=cells,
    )


@bp.route("/matrix.xlsx")
def matrix_xlsx():
    """Download the whole membership matrix (every row, streamed) as XLSX."""
    on = _as_of()
    return _xlsx(spreadsheets.matrix_workbook(on, _kind(), _state()), "mitgliedschaftsmatrix", on)


@bp.route("/gaps")
def gaps():
    """Organisations in no group; groups without a lead or a deputy lead."""
    on, state, org_kind = _as_of(), _state(), _org_kind()
    stmt = queries.organisations_in_no_group(on, org_kind, state)
    page = paginate(db.session, stmt, total=queries.gaps_total(stmt, on, org_kind, state))
    return _page(
        "reports/gaps.html",
        on,
        state=state,
        org_kind=org_kind,
        org_kinds=ORG_KINDS,
        page=page,
        lead_gaps=queries.groups_without_leads(on),
    )


@bp.route("/gaps.xlsx")
def gaps_xlsx():
    """Download both gap lists as one XLSX with two sheets."""
    on = _as_of()
    return _xlsx(spreadsheets.gaps_workbook(on, _org_kind(), _state()), "luecken", on)
