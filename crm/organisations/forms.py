"""Forms for organisations, and the field validators people's forms share."""

from __future__ import annotations

import re

from flask import url_for
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Email, Length, Optional, ValidationError

from crm import pickers
from crm.audit.conflicts import LockedForm
from crm.organisations.models import DEFAULT_STATE, KINDS, STATES

_PHONE = re.compile(r"^\+?[0-9 ()/.\-]+$")
_POSTAL_DE = re.compile(r"^\d{5}$")


def strip(value):
    """Strip surrounding spaces; an empty field becomes None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def lower_strip(value):
    value = strip(value)
    return value.lower() if isinstance(value, str) else value


def with_scheme(value):
    """ "www.leipzig.de" → "https://www.leipzig.de" (the scheme is easy to forget)."""
    value = strip(value)
    if value and not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I):
        value = "https://" + value
    return value


def phone_number(form, field) -> None:
    """Digits with the usual separators, at least 5 digits, e.g. "+49 341 123-456"."""
    if not field.data:
        return
    digits = re.sub(r"\D", "", field.data)
    if not _PHONE.match(field.data) or not 5 <= len(digits) <= 20:
        raise ValidationError(
            _l("Bitte eine Telefonnummer aus Ziffern angeben, z. B. +49 341 123456.")
        )


EMAIL = [
    Optional(),
    Email(_l("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de.")),
    Length(max=254, message=_l("Höchstens %(max)d Zeichen.")),
]
PHONE = [Optional(), Length(max=50, message=_l("Höchstens %(max)d Zeichen.")), phone_number]


def max_len(n: int) -> Length:
    return Length(max=n, message=_l("Höchstens %(max)d Zeichen."))


def organisation_picker(field) -> None:
    """Let ``lookup.js`` suggest organisations while typing into ``field``."""
    pickers.suggest(field, url_for("organisations.lookup"))


class OrganisationForm(LockedForm):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[DataRequired(_l("Bitte einen Namen angeben.")), max_len(200)],
    )
    short_name = StringField(_l("Kurzname"), filters=[strip], validators=[Optional(), max_len(60)])
    kind = SelectField(_l("Art"), choices=list(KINDS.items()))
    state = SelectField(_l("Bundesland"), choices=list(STATES.items()), default=DEFAULT_STATE)
    parent = StringField(
        _l("Übergeordnete Organisation"),
        filters=[strip],
        validators=[Optional(), max_len(200)],
        description=_l("Name der übergeordneten Organisation (optional)."),
    )
    street = StringField(
        _l("Straße und Hausnummer"), filters=[strip], validators=[Optional(), max_len(200)]
    )
    postal_code = StringField(_l("PLZ"), filters=[strip], validators=[Optional(), max_len(10)])
    city = StringField(_l("Ort"), filters=[strip], validators=[Optional(), max_len(100)])
    website = StringField(
        _l("Website"),
        filters=[with_scheme],
        validators=[
            Optional(),
            max_len(300),
            URL(message=_l("Bitte eine gültige Adresse angeben, z. B. https://www.leipzig.de.")),
        ],
    )
    email = EmailField(_l("E-Mail"), filters=[lower_strip], validators=EMAIL)
    phone = StringField(_l("Telefon"), filters=[strip], validators=PHONE)
    tags = StringField(
        _l("Schlagworte"),
        filters=[strip],
        validators=[Optional(), max_len(500)],
        description=_l("Durch Kommas getrennt, z. B. Newsletter, Mitglied"),
    )
    notes = TextAreaField(_l("Notizen"), filters=[strip], validators=[Optional(), max_len(10000)])
    confirm = BooleanField(_l("Trotzdem anlegen (keine Dublette)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_picker(self.parent)

    def validate_postal_code(self, field) -> None:
        if field.data and self.state.data != "XX" and not _POSTAL_DE.match(field.data):
            raise ValidationError(_l("Eine deutsche Postleitzahl hat fünf Ziffern, z. B. 04109."))
