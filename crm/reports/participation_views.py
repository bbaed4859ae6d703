"""The participation report page (``/meetings/report``, where group leads have always found it)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from crm.extensions import db
from crm.forms import Form
from crm.groups.models import Group
from crm.reports import bp
from crm.reports.participation import participation_report
from crm.time import today


class ReportForm(Form):
    class Meta:
        csrf = False

    group = SelectField(_l("Gremium"), coerce=int)
    date_from = DateField(_l("Von"), validators=[Optional()])
    date_to = DateField(_l("Bis"), validators=[Optional()])
    last = IntegerField(
        _l("Abwesend in den letzten … Sitzungen"),
        default=3,
        validators=[Optional(), NumberRange(1, 50, _l("Bitte 1 bis 50 angeben."))],
    )


def participation():
    """Participation per organisation and person; members absent from the last N meetings."""
    form = ReportForm(request.args)
    groups = db.session.scalars(sa.select(Group).order_by(Group.name)).all()
    form.group.choices = [(g.id, g.name) for g in groups]
    result = None
    if request.args.get("group") and form.validate():
        group = db.session.get(Group, form.group.data) or abort(404)
        end = form.date_to.data or today()
        start = form.date_from.data or end - timedelta(days=365)
        result = participation_report(group, start, end, form.last.data or 3)
        form.date_from.data, form.date_to.data = start, end
        form.date_from.raw_data = form.date_to.raw_data = None  # show the period used
    return render_template("reports/participation.html", form=form, result=result)


# the page keeps its address under /meetings/, outside this blueprint's /reports prefix
bp.record_once(
    lambda state: state.app.add_url_rule("/meetings/report", "reports.participation", participation)
)
