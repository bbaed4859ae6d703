"""Forms for groups, memberships and seats. Choices are filled in by the views."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from crm.groups.models import KINDS, MEMBERSHIP_ROLES, SEAT_ROLES

REQUIRED_DATE = InputRequired(_l("Bitte Datum angeben."))


class VersionField(HiddenField):
    """The row's ``version`` when the form was loaded (optimistic locking)."""

    def process_formdata(self, valuelist):
        try:
            self.data = int(valuelist[0]) if valuelist and valuelist[0] else None
        except ValueError:
            self.data = None


def _none_if_zero(value):
    return None if value in (None, "", 0, "0") else int(value)


class GroupForm(FlaskForm):
    kind = SelectField(_l("Art"), choices=[(k, v) for k, v in KINDS.items()])
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Bitte Namen angeben.")), Length(max=200)]
    )
    short_name = StringField(_l("Kurzname"), validators=[Optional(), Length(max=60)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)])
    founded_on = DateField(_l("Gegründet am"), validators=[Optional()])
    parent_id = SelectField(_l("Übergeordnetes Gremium"), coerce=_none_if_zero, choices=[])
    version = VersionField()


class DissolveForm(FlaskForm):
    on = DateField(_l("Aufgelöst am (letzter Tag)"), validators=[REQUIRED_DATE])
    version = VersionField()


class MembershipForm(FlaskForm):
    organisation_id = SelectField(
        _l("Organisation"),
        coerce=_none_if_zero,
        choices=[],
        validators=[InputRequired(_l("Bitte Organisation wählen."))],
    )
    role = SelectField(_l("Rolle"), choices=[(k, v) for k, v in MEMBERSHIP_ROLES.items()])
    starts_on = DateField(_l("Beginn"), validators=[REQUIRED_DATE])
    ends_on = DateField(_l("Ende (letzter Tag, leer = offen)"), validators=[Optional()])
    notes = TextAreaField(_l("Notizen"), validators=[Optional(), Length(max=2000)])
    version = VersionField()


class MembershipEditForm(FlaskForm):
    role = SelectField(_l("Rolle"), choices=[(k, v) for k, v in MEMBERSHIP_ROLES.items()])
    starts_on = DateField(_l("Beginn"), validators=[REQUIRED_DATE])
    ends_on = DateField(_l("Ende (letzter Tag, leer = offen)"), validators=[Optional()])
    notes = TextAreaField(_l("Notizen"), validators=[Optional(), Length(max=2000)])
    version = VersionField()


class EndForm(FlaskForm):
    ends_on = DateField(_l("Ende (letzter Tag)"), validators=[REQUIRED_DATE])
    version = VersionField()


class SeatForm(FlaskForm):
    contact_id = SelectField(
        _l("Person"),
        coerce=_none_if_zero,
        choices=[],
        validators=[InputRequired(_l("Bitte Person wählen."))],
    )
    role = SelectField(
        _l("Rolle"), choices=[(k, v) for k, v in SEAT_ROLES.items()], default="delegate"
    )
    organisation_id = SelectField(_l("vertritt Organisation"), coerce=_none_if_zero, choices=[])
    starts_on = DateField(_l("Beginn"), validators=[REQUIRED_DATE])
    ends_on = DateField(_l("Ende (letzter Tag, leer = offen)"), validators=[Optional()])
    notes = TextAreaField(_l("Notizen"), validators=[Optional(), Length(max=2000)])
    version = VersionField()


class SeatEditForm(FlaskForm):
    role = SelectField(_l("Rolle"), choices=[(k, v) for k, v in SEAT_ROLES.items()])
    organisation_id = SelectField(_l("vertritt Organisation"), coerce=_none_if_zero, choices=[])
    starts_on = DateField(_l("Beginn"), validators=[REQUIRED_DATE])
    ends_on = DateField(_l("Ende (letzter Tag, leer = offen)"), validators=[Optional()])
    notes = TextAreaField(_l("Notizen"), validators=[Optional(), Length(max=2000)])
    version = VersionField()


class ChangeDelegateForm(FlaskForm):
    contact_id = SelectField(
        _l("Neue Person"),
        coerce=_none_if_zero,
        choices=[],
        validators=[InputRequired(_l("Bitte Person wählen."))],
    )
    change_on = DateField(
        _l("Wechsel am (erster Tag der neuen Person)"), validators=[REQUIRED_DATE]
    )
    notes = TextAreaField(_l("Notizen zum neuen Mandat"), validators=[Optional(), Length(max=2000)])
    version = VersionField()
