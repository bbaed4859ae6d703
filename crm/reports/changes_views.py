"""The "changes between two dates" report: page (printable), XLSX, and the group page's link."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from crm.extensions import db
from crm.forms import Form
from crm.groups.models import Group
from crm.hooks import panel
from crm.reports import bp, changes
from crm.time import today
from crm.writers import XLSX_MIMETYPE, Column, Sheet, download, xlsx_workbook


class ChangesForm(Form):
    class Meta:
        csrf = False

    group = SelectField(_l("Gremium"), coerce=str, validate_choice=False)
    date_from = DateField(_l("Von"), validators=[Optional()])
    date_to = DateField(_l("Bis"), validators=[Optional()])


def _form() -> tuple[ChangesForm, Group | None, bool]:
    """Return the form on the query parameters, its group, and whether the period is valid.

    Without dates the period is this year up to today; "Von" after "Bis" is refused.
    """
    form = ChangesForm(request.args)
    groups = db.session.execute(sa.select(Group.id, Group.name).order_by(Group.name)).all()
    form.group.choices = [("", _("alle Gremien (Netzwerk)"))] + [(str(i), n) for i, n in groups]
    group = None
    if form.group.data:
        try:
            group = db.session.get(Group, int(form.group.data))
        except ValueError:
            group = None
        if group is None:
            abort(404)
    valid = form.validate()
    if valid:
        end = form.date_to.data or today()
        start = form.date_from.data or date(end.year, 1, 1)
        if start > end:
            form.date_to.errors = [
                _("Das Ende des Zeitraums liegt vor seinem Beginn. Bitte „Von“ ≤ „Bis“ wählen.")
            ]
            valid = False
        form.date_from.data, form.date_to.data = start, end
        form.date_from.raw_data = form.date_to.raw_data = None  # show the period used
    return form, group, valid


@bp.route("/changes")
def changes_page():
    """Organisations that joined or left and seat changes between two dates."""
    form, group, valid = _form()
    context = {}
    if valid:
        start, end, group_id = form.date_from.data, form.date_to.data, group and group.id
        context = {
            "joined": changes.first_rows(changes.joined(start, end, group_id)),
            "left": changes.first_rows(changes.left(start, end, group_id)),
            "seats": changes.seat_changes(start, end, group_id),
            "limit": changes.PAGE_ROWS,
        }
    return (
        render_template("reports/changes.html", form=form, group=group, valid=valid, **context),
        200 if valid else 400,
    )


@bp.route("/changes.xlsx")
def changes_xlsx():
    """Download the period's changes as XLSX: joined, left, seat changes (every row)."""
    form, group, valid = _form()
    if not valid:
        abort(400, description=_("Bitte einen gültigen Zeitraum wählen („Von“ ≤ „Bis“)."))
    start, end, group_id = form.date_from.data, form.date_to.data, group and group.id
    org_columns = [
        Column("day", _("Datum"), kind="date", width=12),
        Column("group", _("Gremium"), width=40),
        Column("organisation", _("Organisation"), width=40),
        Column("role", _("Rolle"), width=16),
    ]

    def memberships(stmt, day):
        for m in db.session.scalars(stmt.execution_options(yield_per=500)):
            yield [day(m), m.group.name, m.organisation.name, m.role_label]

    seat_columns = [
        Column("day", _("Datum"), kind="date", width=12),
        Column("group", _("Gremium"), width=40),
        Column("role", _("Rolle"), width=18),
        Column("organisation", _("Vertritt"), width=36),
        Column("kind", _("Änderung"), width=14),
        Column("old", _("Bisher"), width=28),
        Column("new", _("Neu"), width=28),
    ]
    kinds = {"change": _("Wechsel"), "new": _("neu"), "ended": _("beendet")}

    def seats():
        for c in changes.seat_changes(start, end, group_id):
            yield [
                c.day,
                c.group.name,
                c.role_label,
                c.organisation.name if c.organisation else "",
                kinds[c.kind],
                c.old.full_name if c.old else "",
                c.new.full_name if c.new else "",
            ]

    sheets = [
        Sheet(
            _("Beitritte"),
            org_columns,
            memberships(changes.joined(start, end, group_id), lambda m: m.starts_on),
        ),
        Sheet(
            _("Austritte"),
            org_columns,
            memberships(changes.left(start, end, group_id), lambda m: m.ends_on),
        ),
        Sheet(_("Mandatswechsel"), seat_columns, seats()),
    ]
    name = f"aenderungen-{start.isoformat()}-{end.isoformat()}.xlsx"
    return download(xlsx_workbook(sheets), name, XLSX_MIMETYPE)


@panel("group", order=70)
def changes_link(group, **ctx) -> str:
    """Return the group page's link to its changes of this year."""
    href = url_for("reports.changes_page", group=group.id)
    label = escape(_("Änderungen zwischen zwei Daten"))
    return Markup(
        f'<p class="mb-3 d-print-none"><a class="btn btn-sm btn-outline-secondary" '
        f'id="group-changes" href="{escape(href)}">{label}</a></p>'
    )
