"""Form fields whose built-in error messages WTForms' German catalogue leaves untranslated,
and the one rule on control characters in text (web forms, imports and the API)."""

from __future__ import annotations

import re

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


#: C0 controls, DEL and C1 controls: never part of a one-line value (a title, a name, a
#: subject). A line break there breaks a mail header or an iCalendar line; NUL cannot even be
#: stored in PostgreSQL. The API's schemas carry these patterns into the OpenAPI document.
CONTROL = r"\x00-\x1f\x7f-\x9f"
#: a text area (notes, a description, minutes) keeps line breaks and tabs, nothing else of them
CONTROL_BUT_LINES = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
ONE_LINE_PATTERN = rf"^[^{CONTROL}]*$"
MULTI_LINE_PATTERN = rf"^[^{CONTROL_BUT_LINES}]*$"
ONE_LINE_MESSAGE = _l("Bitte ohne Zeilenumbrüche, Tabulatoren oder andere Steuerzeichen.")
MULTI_LINE_MESSAGE = _l("Bitte ohne Steuerzeichen (Zeilenumbrüche und Tabulatoren sind erlaubt).")
_ONE_LINE = re.compile(ONE_LINE_PATTERN)
_MULTI_LINE = re.compile(MULTI_LINE_PATTERN)


def control_character_problem(value: object, multiline: bool = False):
    """Return the message for a text that holds a control character it may not, else None.

    The one rule for every channel: web forms (``crm.forms.Form``, for every text field),
    imports and the API.
    """
    if not isinstance(value, str):
        return None
    if multiline:
        return None if _MULTI_LINE.match(value) else MULTI_LINE_MESSAGE
    return None if _ONE_LINE.match(value) else ONE_LINE_MESSAGE
