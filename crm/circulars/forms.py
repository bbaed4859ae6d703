"""The circular's form: subject, text, attachments, and the builder's list it goes to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
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
    #: files every mail carries (checked in ``crm.circulars.attachments``)
    attachments = MultipleFileField(_l("Anhänge"))
    query = HiddenField()


class AttachmentsForm(Form):
    """More files for a draft."""

    attachments = MultipleFileField(_l("Anhänge hinzufügen"))


def uploads_of(field) -> list[tuple[str, bytes]]:
    """Return the (name, bytes) of each file of a MultipleFileField (empty inputs dropped)."""
    return [(f.filename or "", f.read()) for f in (field.data or []) if f and f.filename]
