"""Saved distribution lists: the list of lists, saving from the builder, re-running."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from crm.auth.permissions import can_export_personal_data, require
from crm.exports.filters import ExportError
from crm.extensions import db
from crm.forms import Form
from crm.lists import bp
from crm.lists.operations import (
    ListError,
    builder_query,
    get_list,
    member_counts,
    save_list,
    visible_lists,
)


class SaveListForm(Form):
    """Save the builder's current filters under a name."""

    name = StringField(_l("Name des Verteilers"), validators=[DataRequired(), Length(max=150)])
    shared = BooleanField(_l("Mit dem Sekretariat teilen"))
    query = HiddenField()


@bp.route("/")
def index():
    """Show the saved lists the user may run, each with a re-run date."""
    require(can_export_personal_data(current_user))
    lists = visible_lists(current_user)
    added = member_counts([saved.id for saved in lists])
    return render_template("lists/index.html", lists=lists, added=added)


@bp.route("/", methods=["POST"])
def save():
    """Save the builder's filters (sent by the builder's "Als Verteiler speichern" form)."""
    require(can_export_personal_data(current_user))
    form = SaveListForm()
    if not form.validate_on_submit():
        flash(_("Bitte einen Namen für den Verteiler angeben."), "error")
        return redirect(url_for("exports.index") + "?" + (form.query.data or ""))
    try:
        saved = save_list(current_user, form.name.data, form.query.data, form.shared.data)
    except (ListError, ExportError) as exc:
        flash(str(exc), "error")
        return redirect(url_for("exports.index") + "?" + (form.query.data or ""))
    db.session.commit()
    flash(_("Verteiler „%(name)s“ gespeichert.", name=saved.name), "success")
    return redirect(url_for("lists.index"))


@bp.route("/<int:list_id>")
def run(list_id: int):
    """Open the builder on a saved list as of a date (``?on=``, today by default)."""
    require(can_export_personal_data(current_user))
    saved = get_list(current_user, list_id)
    if saved is None:
        abort(404)
    as_of = None
    if request.args.get("on"):
        try:
            as_of = date.fromisoformat(request.args["on"])
        except ValueError:
            abort(400, description=_("Das Stichtagsdatum ist ungültig (JJJJ-MM-TT)."))
    return redirect(url_for("exports.index") + "?" + builder_query(saved, as_of))
