"""Forms of the data protection pages; every value is checked again by the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from crm.contacts.consent import PURPOSES, SOURCES, STATUSES


def _reason(field_class, label, message):
    """Return a required reason field (at most 500 characters) of ``field_class``."""
    return field_class(label, validators=[DataRequired(message=message), Length(max=500)])


class ConsentForm(FlaskForm):
    """Record a consent or a withdrawal for one purpose."""

    purpose = SelectField(_l("Zweck"), choices=list(PURPOSES.items()))
    status = SelectField(_l("Erklärung"), choices=list(STATUSES.items()))
    source = SelectField(_l("Quelle"), choices=list(SOURCES.items()))
    note = StringField(_l("Vermerk"), validators=[Optional(), Length(max=200)])


class EraseForm(FlaskForm):
    """Erase a person: a reason and an explicit confirmation."""

    reason = _reason(
        TextAreaField, _l("Grund der Löschung"), _l("Bitte einen Grund für die Löschung angeben.")
    )
    confirm = BooleanField(
        _l("Ich habe geprüft: Die Person wird unwiderruflich anonymisiert."),
        validators=[DataRequired(message=_l("Bitte die Löschung ausdrücklich bestätigen."))],
    )


class KeepForm(FlaskForm):
    """Keep a person on the review list, with a reason."""

    reason = _reason(
        StringField,
        _l("Grund der Aufbewahrung"),
        _l("Bitte einen Grund für die Aufbewahrung angeben."),
    )
