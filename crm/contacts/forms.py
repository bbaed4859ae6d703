"""Forms for people and their affiliations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from crm.audit.conflicts import LockedForm
from crm.contacts.models import LEGAL_BASES, MAIL_LANGUAGES, SALUTATIONS
from crm.organisations.forms import (
    EMAIL,
    PHONE,
    lower_strip,
    max_len,
    organisation_picker,
    strip,
)

TITLES = ["", "Dr.", "Prof.", "Prof. Dr.", "Dr.-Ing.", "Dr. h. c.", "Dipl.-Ing."]


def _not_before(start_field: str):
    def check(form, field) -> None:
        start = getattr(form, start_field).data
        if field.data and start and field.data < start:
            raise ValidationError(_l("Das Datum liegt vor dem Beginn."))

    return check


class AffiliationFields:
    """The fields of one affiliation (on the person form for a first one, and on its own)."""

    organisation = StringField(
        _l("Organisation"),
        filters=[strip],
        validators=[Optional(), max_len(200)],
        description=_l("Name der Organisation, z. B. Stadt Leipzig"),
    )
    job_title = StringField(_l("Funktion"), filters=[strip], validators=[Optional(), max_len(150)])
    department = StringField(
        _l("Abteilung"), filters=[strip], validators=[Optional(), max_len(150)]
    )
    business_email = EmailField(_l("E-Mail (dienstlich)"), filters=[lower_strip], validators=EMAIL)
    business_phone = StringField(_l("Telefon (dienstlich)"), filters=[strip], validators=PHONE)
    starts_on = DateField(_l("Beginn"), validators=[Optional()])

    def affiliation_data(self) -> dict:
        return {
            "job_title": self.job_title.data,
            "department": self.department.data,
            "email": self.business_email.data,
            "phone": self.business_phone.data,
            "starts_on": self.starts_on.data,
        }


class ContactForm(LockedForm):
    salutation = SelectField(_l("Anrede"), choices=[(k, v) for k, v in SALUTATIONS.items()])
    title = StringField(
        _l("Titel"),
        filters=[strip],
        validators=[Optional(), max_len(50)],
        description=_l("z. B. Dr. oder Prof. Dr."),
    )
    first_name = StringField(_l("Vorname"), filters=[strip], validators=[Optional(), max_len(100)])
    last_name = StringField(
        _l("Nachname"),
        filters=[strip],
        validators=[DataRequired(_l("Bitte einen Nachnamen angeben.")), max_len(100)],
    )
    name_suffix = StringField(
        _l("Namenszusatz"), filters=[strip], validators=[Optional(), max_len(50)]
    )
    language = SelectField(
        _l("Sprache der Mails"),
        choices=list(MAIL_LANGUAGES.items()),
        # a form posted without the field (older clients, the API's callers) means German
        filters=[lambda value: value or ""],
        description=_l("Einladungen, Erinnerungen und Rundschreiben in dieser Sprache"),
    )
    email = EmailField(_l("E-Mail (privat)"), filters=[lower_strip], validators=EMAIL)
    phone = StringField(_l("Telefon (privat)"), filters=[strip], validators=PHONE)
    tags = StringField(
        _l("Schlagworte"),
        filters=[strip],
        validators=[Optional(), max_len(500)],
        description=_l("Durch Kommas getrennt, z. B. Newsletter, Presse"),
    )
    notes = TextAreaField(_l("Notizen"), filters=[strip], validators=[Optional(), max_len(10000)])
    legal_basis = SelectField(
        _l("Rechtsgrundlage"), choices=list(LEGAL_BASES.items()), default="legitimate_interest"
    )
    consent_given_at = DateField(_l("Einwilligung erteilt am"), validators=[Optional()])
    consent_source = StringField(
        _l("Quelle der Einwilligung"), filters=[strip], validators=[Optional(), max_len(200)]
    )
    consent_withdrawn_at = DateField(
        _l("Einwilligung widerrufen am"),
        validators=[Optional(), _not_before("consent_given_at")],
    )
    is_no_contact = BooleanField(_l("Keine Kontaktaufnahme gewünscht"))

    def validate_legal_basis(self, field) -> None:
        if field.data == "consent" and not self.consent_given_at.data:
            raise ValidationError(_l("Bei Einwilligung bitte das Datum der Einwilligung angeben."))


class ContactCreateForm(AffiliationFields, ContactForm):
    """A new person, with an optional first affiliation and the duplicate confirmation."""

    confirm = BooleanField(_l("Trotzdem anlegen (keine Dublette)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_picker(self.organisation)


class AffiliationForm(AffiliationFields, FlaskForm):
    organisation = StringField(
        _l("Organisation"),
        filters=[strip],
        validators=[DataRequired(_l("Bitte eine Organisation angeben.")), max_len(200)],
        description=_l("Name der Organisation, z. B. Stadt Leipzig"),
    )
    is_primary = BooleanField(_l("Primäre Zugehörigkeit"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_picker(self.organisation)


class EndAffiliationForm(FlaskForm):
    ends_on = DateField(
        _l("Ende"), validators=[DataRequired(_l("Bitte ein gültiges Enddatum angeben."))]
    )
