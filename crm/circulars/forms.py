"""The circular's form: subject, text, and the builder's list it goes to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from crm.forms import Form


class CircularForm(Form):
    subject = StringField(
        _l("Betreff"), validators=[DataRequired(_l("Bitte ausfüllen.")), Length(max=200)]
    )
    body = TextAreaField(
        _l("Text"),
        description=_l(
            "Die persönliche Anrede („Sehr geehrte Frau Dr. …,“) steht automatisch darüber, "
            "der Abmeldelink darunter."
        ),
        validators=[DataRequired(_l("Bitte ausfüllen.")), Length(max=20000)],
    )
    query = HiddenField()
