"""Report pages (printable, linkable by URL) and their XLSX downloads."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_babel import gettext as _

from crm.extensions import db
from crm.groups.models import KINDS, MEMBERSHIP_ROLES
from crm.organisations.models import KINDS as ORG_KINDS
from crm.organisations.models import STATES
from crm.pagination import paginate
from crm.reports import bp, services
from crm.reports.xlsx import Sheet, send_workbook
from crm.time import today


def _as_of() -> date:
    try:
        return date.fromisoformat(request.args.get("on", ""))
    except ValueError:
        return today()


def _kind() -> str | None:
    kind = request.args.get("kind")
    return kind if kind in KINDS else None


def _state() -> str | None:
    state = request.args.get("state")
    return state if state in services.STATE_FILTERS else None


def _bucket_labels() -> dict[str, str]:
    labels = {s: str(STATES[s]) for s in services.BUCKETS if s in STATES}
    labels["other"] = _("Sonstige")
    return labels


def _filename(name: str, on: date) -> str:
    return f"{name}-{on.isoformat()}.xlsx"


@bp.route("/")
def index():
    """List the reports."""
    return render_template("reports/index.html", on=_as_of())


@bp.route("/laender")
def laender():
    """Member organisations and people per Land for each group, as of a date, with a chart."""
    on, kind = _as_of(), _kind()
    rows = services.laender_balance(on, kind)
    return render_template(
        "reports/laender.html",
        on=on,
        kind=kind,
        kinds=KINDS,
        rows=rows,
        totals=services.balance_totals(rows),
        buckets=services.BUCKETS,
        labels=_bucket_labels(),
    )


@bp.route("/laender.xlsx")
def laender_xlsx():
    """Download the Länder balance as XLSX."""
    on, kind = _as_of(), _kind()
    rows = services.laender_balance(on, kind)
    labels = _bucket_labels()

    def build(workbook, bold):
        header = [_("Gremium"), _("Art")]
        header += [_("Organisationen %(s)s", s=labels[b]) for b in services.BUCKETS]
        header += [_("Personen %(s)s", s=labels[b]) for b in services.BUCKETS]
        header += [_("Fehlende Länder")]
        sheet = Sheet(workbook, _("Länderbalance %(d)s", d=on.strftime("%d.%m.%Y")), header, bold)
        sheet.widths([40, 16] + [14] * (2 * len(services.BUCKETS)) + [20])
        for row in rows:
            sheet.row(
                [row.group.name, row.group.kind_label]
                + [row.orgs[b] for b in services.BUCKETS]
                + [row.people[b] for b in services.BUCKETS]
                + [", ".join(row.missing)]
            )

    return send_workbook(_filename("laenderbalance", on), build)


@bp.route("/matrix")
def matrix():
    """Organisations × groups with the role in each cell, filterable by kind and state."""
    on, kind, state = _as_of(), _kind(), _state()
    groups = services.matrix_groups(on, kind)
    group_ids = [g.id for g in groups]
    page = paginate(db.session, services.matrix_organisations(on, group_ids, state))
    cells = services.matrix_cells(on, group_ids, [o.id for o in page.items])
    return render_template(
        "reports/matrix.html",
        on=on,
        kind=kind,
        state=state,
        kinds=KINDS,
        states=services.STATE_FILTERS,
        labels=_bucket_labels(),
        groups=groups,
        page=page,
        cells=cells,
    )


@bp.route("/matrix.xlsx")
def matrix_xlsx():
    """Download the whole membership matrix (every row, streamed) as XLSX."""
    on, kind, state = _as_of(), _kind(), _state()
    groups = services.matrix_groups(on, kind)

    def build(workbook, bold):
        header = [_("Organisation"), _("Land"), _("Art")]
        header += [g.short_name or g.name for g in groups]
        sheet = Sheet(
            workbook, _("Mitgliedschaften %(d)s", d=on.strftime("%d.%m.%Y")), header, bold
        )
        sheet.widths([45, 6, 20] + [14] * len(groups))
        roles = {k: str(v) for k, v in MEMBERSHIP_ROLES.items()}
        kinds = {k: str(v) for k, v in ORG_KINDS.items()}
        for row in services.iter_matrix(on, groups, state):
            sheet.row(
                [row.name, row.state, kinds.get(row.kind, row.kind)]
                + [roles.get(row.roles.get(g.id), "") for g in groups]
            )

    return send_workbook(_filename("mitgliedschaftsmatrix", on), build)


@bp.route("/gaps")
def gaps():
    """Organisations in no group; groups without a lead or a deputy lead."""
    on, state = _as_of(), _state()
    org_kind = request.args.get("org_kind") if request.args.get("org_kind") in ORG_KINDS else None
    page = paginate(db.session, services.organisations_in_no_group(on, org_kind, state))
    return render_template(
        "reports/gaps.html",
        on=on,
        state=state,
        org_kind=org_kind,
        org_kinds=ORG_KINDS,
        states=services.STATE_FILTERS,
        labels=_bucket_labels(),
        page=page,
        lead_gaps=services.groups_without_leads(on),
    )


@bp.route("/gaps.xlsx")
def gaps_xlsx():
    """Download both gap lists as one XLSX with two sheets."""
    on, state = _as_of(), _state()
    org_kind = request.args.get("org_kind") if request.args.get("org_kind") in ORG_KINDS else None

    def build(workbook, bold):
        orgs = Sheet(workbook, _("Ohne Gremium"), [_("Organisation"), _("Land"), _("Art")], bold)
        orgs.widths([45, 6, 20])
        stmt = services.organisations_in_no_group(on, org_kind, state).execution_options(
            yield_per=500
        )
        for org in db.session.scalars(stmt):
            orgs.row([org.name, org.state, org.kind_label])
        leads = Sheet(
            workbook,
            _("Ohne Leitung"),
            [_("Gremium"), _("Art"), _("Leitung"), _("Stellv. Leitung")],
            bold,
        )
        leads.widths([40, 16, 10, 16])
        for gap in services.groups_without_leads(on):
            leads.row(
                [
                    gap.group.name,
                    gap.group.kind_label,
                    _("ja") if gap.has_lead else _("fehlt"),
                    _("ja") if gap.has_deputy else _("fehlt"),
                ]
            )

    return send_workbook(_filename("luecken", on), build)
