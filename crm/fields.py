"""Form fields whose built-in error messages WTForms' German catalogue leaves untranslated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, TimeField, ValidationError


class LocalTimeField(TimeField):
    """A time field ("14:00") that says in German when the value is not a time."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Bitte eine Uhrzeit wie 14:00 angeben.")) from exc


class ChoicesField(SelectMultipleField):
    """A multiple choice that names an unknown value in German."""

    def pre_validate(self, form):
        if not self.validate_choice or not self.data:
            return
        known = {str(value) for value, *_rest in self.iter_choices()}
        unknown = [str(v) for v in self.data if str(v) not in known]
        if unknown:
            raise ValidationError(_l("Unbekannte Auswahl: %(values)s", values=", ".join(unknown)))
