"""Forms for meetings: local Europe/Berlin dates and times in, UTC out."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional

from crm.audit.conflicts import LockedForm
from crm.fields import ChoicesField, LocalTimeField
from crm.forms import Form
from crm.groups.models import SEAT_ROLES
from crm.pagination import db_id
from crm.time import LocalTimeError, to_utc

REQUIRED = _l("Bitte ausfüllen.")


class TimesMixin:
    """Start date + time, end date (optional, default: same day) + time, in Europe/Berlin."""

    def utc_times(self) -> tuple[datetime | None, datetime | None] | None:
        """Return (starts_at, ends_at) in UTC; None (with errors on the fields) when invalid."""
        if not self.starts_on.data and not self.starts_time.data and not self.ends_time.data:
            return None, None
        ok = True
        for f in (self.starts_on, self.starts_time, self.ends_time):
            if not f.data and not f.errors:
                f.errors = [*f.errors, REQUIRED]
                ok = False
        if not ok:
            return None
        try:
            starts_at = to_utc(self.starts_on.data, self.starts_time.data)
        except LocalTimeError as exc:
            self.starts_time.errors = [*self.starts_time.errors, str(exc)]
            return None
        try:
            ends_at = to_utc(self.ends_on.data or self.starts_on.data, self.ends_time.data)
        except LocalTimeError as exc:
            self.ends_time.errors = [*self.ends_time.errors, str(exc)]
            return None
        if ends_at <= starts_at:
            self.ends_time.errors = [
                *self.ends_time.errors,
                _l("Das Ende muss nach dem Beginn liegen."),
            ]
            return None
        return starts_at, ends_at


class MeetingForm(TimesMixin, LockedForm):
    group_id = SelectField(_l("Gremium"), coerce=int)
    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Bitte einen Titel angeben.")), Length(max=200)]
    )
    starts_on = DateField(_l("Datum"), validators=[Optional()])
    starts_time = LocalTimeField(_l("Beginn"), validators=[Optional()])
    ends_on = DateField(_l("Ende am (falls anderer Tag)"), validators=[Optional()])
    ends_time = LocalTimeField(_l("Ende"), validators=[Optional()])
    location = StringField(_l("Ort / Raum"), validators=[Optional(), Length(max=300)])
    online_url = URLField(
        _l("Online-Link"),
        validators=[
            Optional(),
            URL(message=_l("Bitte einen vollständigen Link (https://…) angeben.")),
            Length(max=500),
        ],
    )
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)])
    reminder_days = IntegerField(
        _l("Automatische Erinnerung (Tage vorher)"),
        description=_l(
            "An alle, die noch nicht geantwortet haben: so viele Tage vor der Sitzung "
            "(bei einer Terminumfrage vor dem ersten Termin). Leer: Voreinstellung; 0: keine."
        ),
        validators=[
            Optional(),
            NumberRange(0, 60, message=_l("Bitte eine Zahl von 0 bis 60 angeben.")),
        ],
    )


class DateOptionForm(TimesMixin, Form):
    starts_on = DateField(_l("Datum"), validators=[DataRequired(_l("Bitte ein Datum angeben."))])
    starts_time = LocalTimeField(_l("Beginn"), validators=[DataRequired(REQUIRED)])
    ends_on = DateField(_l("Ende am (falls anderer Tag)"), validators=[Optional()])
    ends_time = LocalTimeField(_l("Ende"), validators=[DataRequired(REQUIRED)])


class AgendaItemForm(Form):
    title = StringField(
        _l("Tagesordnungspunkt"),
        validators=[DataRequired(_l("Bitte einen Titel angeben.")), Length(max=300)],
    )
    description = TextAreaField(_l("Erläuterung"), validators=[Optional(), Length(max=5000)])
    duration_minutes = IntegerField(
        _l("Dauer (Minuten)"),
        validators=[Optional(), NumberRange(1, 600, _l("Bitte 1 bis 600 Minuten angeben."))],
    )


class InviteSeatsForm(Form):
    roles = ChoicesField(
        _l("Mandate"),
        choices=[(k, v) for k, v in SEAT_ROLES.items()],
        default=["lead", "deputy_lead", "delegate"],
        validators=[DataRequired(_l("Bitte mindestens eine Rolle wählen."))],
    )


class InviteContactForm(Form):
    contact_id = SelectField(
        _l("Person"), coerce=int, validators=[DataRequired(_l("Bitte eine Person wählen."))]
    )


class AgendaItemEditForm(AgendaItemForm, LockedForm):
    """The edit form of one agenda item: it carries the item's version."""


class MinutesForm(LockedForm):
    minutes = TextAreaField(
        _l("Protokoll (Markdown)"), validators=[Length(max=200_000)], render_kw={"rows": 18}
    )
    minutes_status = SelectField(
        _l("Status des Protokolls"),
        choices=[("draft", _l("Entwurf")), ("approved", _l("Genehmigt"))],
    )


class AttachmentForm(Form):
    file = FileField(_l("Datei"), validators=[FileRequired(_l("Bitte eine Datei wählen."))])
    purpose = SelectField(
        _l("Art"), choices=[("material", _l("Sitzungsunterlage")), ("minutes", _l("Protokoll"))]
    )


# --- the invitee's page (no login) -------------------------------------------------------


class RsvpForm(Form):
    answer = SelectField(
        _l("Ihre Rückmeldung"),
        choices=[
            ("accepted", _l("Ich nehme teil")),
            ("tentative", _l("Ich nehme vorbehaltlich teil")),
            ("declined", _l("Ich kann nicht teilnehmen")),
        ],
    )
    comment = StringField(_l("Anmerkung (optional)"), validators=[Optional(), Length(max=500)])


class SubstituteForm(Form):
    contact_id = SelectField(_l("Kollegin oder Kollege"), coerce=db_id, validate_choice=False)
    first_name = StringField(_l("Vorname"), validators=[Optional(), Length(max=100)])
    last_name = StringField(_l("Nachname"), validators=[Optional(), Length(max=100)])
    email = StringField(
        _l("Dienstliche E-Mail"),
        validators=[
            Optional(),
            Email(_l("Bitte eine gültige E-Mail-Adresse angeben.")),
            Length(max=254),
        ],
    )
