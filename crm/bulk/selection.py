"""What a bulk form posts: the chosen rows, the list's filters, the step's values.

The bar posts the ticked ids (``ids``) or ``scope=all`` with the list's filters as ``f-…``;
the step page then carries the resolved ids, so the action runs on exactly the records whose
count it showed.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from crm.bulk.actions import KINDS
from crm.forms import Form
from crm.pagination import db_id
from crm.tags import bulk as tag_bulk

#: formats of a selection's export (vCards only for people)
FORMAT_LABELS = {
    "xlsx": _l("Excel (XLSX)"),
    "csv-excel": _l("CSV für Excel"),
    "csv": _l("CSV (UTF-8)"),
    "vcf": _l("vCard"),
}


class StepForm(Form):
    """The values a bulk action's step asks for; which ones depends on the action."""

    class Meta:
        csrf = False  # checked once for the whole post (``confirmed_post``)

    ends_on = DateField(_l("Letzter Tag"), validators=[Optional()])
    meeting = SelectField(_l("Sitzung"), coerce=str, validate_choice=False)
    saved_list = SelectField(_l("Verteiler"), coerce=str, validate_choice=False)
    list_name = StringField(
        _l("Name des neuen Verteilers"), validators=[Optional(), Length(max=150)]
    )
    shared = BooleanField(_l("Mit dem Sekretariat teilen"), default=True)
    format = SelectField(_l("Format"), coerce=str, validate_choice=False)


def posted_filters(form: MultiDict) -> MultiDict:
    """Return the list filters a bulk form carries as ``f-…`` fields."""
    return MultiDict((k[2:], v) for k, v in form.items(multi=True) if k.startswith("f-"))


def back_url(kind: str, filters: MultiDict) -> str:
    """Return the list page with the filters the action came from."""
    return url_for(KINDS[kind].endpoint, **filters.to_dict(flat=False))


def chosen_rows(kind: str, form: MultiDict) -> list:
    """Return the selected records, in the list's name order; raise ``BulkError`` when none
    or too many."""
    spec = KINDS[kind]
    if form.get("scope") == "all":
        rows = tag_bulk.selected(spec.model, stmt=spec.list_query(posted_filters(form)))
    else:
        try:
            ids = [db_id(v) for v in form.getlist("ids")]
        except ValueError:
            ids = []
        rows = tag_bulk.selected(spec.model, ids)
    if not rows:
        raise tag_bulk.BulkError(_l("Bitte mindestens einen Eintrag auswählen."))
    return sorted(rows, key=lambda r: (spec.name_of(r).casefold(), r.id))


def ends_on_value(form: StepForm) -> date | None:
    """Return the chosen last day, or None with the message beside the field."""
    if form.ends_on.data is None:
        form.ends_on.errors = [_l("Bitte ein gültiges Enddatum angeben.")]
        return None
    return form.ends_on.data
