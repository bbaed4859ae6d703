"""Forms for groups, memberships and seats. Choices are filled in by the views."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from crm import pickers
from crm.audit.conflicts import LockedForm
from crm.groups.models import KINDS, MEMBERSHIP_ROLES, SEAT_ROLES

REQUIRED_DATE = InputRequired(_l("Bitte Datum angeben."))


def _none_if_zero(value):
    return None if value in (None, "", 0, "0") else int(value)


# fields are made by functions, not shared: WTForms orders a form's fields by creation
def _picker(label, required: str | None = None) -> SelectField:
    validators = [InputRequired(required)] if required else []
    return SelectField(label, coerce=_none_if_zero, choices=[], validators=validators)


def _starts_on() -> DateField:
    return DateField(_l("Beginn"), validators=[REQUIRED_DATE])


def _ends_on() -> DateField:
    return DateField(_l("Ende (letzter Tag, leer = offen)"), validators=[Optional()])


def _notes(label=None) -> TextAreaField:
    return TextAreaField(label or _l("Notizen"), validators=[Optional(), Length(max=2000)])


#: the pickers of people and organisations type ahead through these lookups (``lookup.js``)
_LOOKUPS = {"contact_id": "contacts.lookup", "organisation_id": "organisations.lookup"}


class GroupsForm(LockedForm):
    """A groups form: hidden ``version`` and ``seen_event`` of the row it edits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, endpoint in _LOOKUPS.items():
            if name in self._fields:
                pickers.suggest(self._fields[name], url_for(endpoint))


class GroupForm(GroupsForm):
    kind = SelectField(_l("Art"), choices=list(KINDS.items()))
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Bitte Namen angeben.")), Length(max=200)]
    )
    short_name = StringField(_l("Kurzname"), validators=[Optional(), Length(max=60)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)])
    founded_on = DateField(_l("Gegründet am"), validators=[Optional()])
    parent_id = _picker(_l("Übergeordnetes Gremium"))


class DissolveForm(GroupsForm):
    on = DateField(_l("Aufgelöst am (letzter Tag)"), validators=[REQUIRED_DATE])


class MembershipForm(GroupsForm):
    organisation_id = _picker(_l("Organisation"), _l("Bitte Organisation wählen."))
    role = SelectField(_l("Rolle"), choices=list(MEMBERSHIP_ROLES.items()))
    starts_on = _starts_on()
    ends_on = _ends_on()
    notes = _notes()


class MembershipEditForm(MembershipForm):
    #: the organisation of a membership is never changed: end it and add another
    organisation_id = None


class EndForm(GroupsForm):
    ends_on = DateField(_l("Ende (letzter Tag)"), validators=[REQUIRED_DATE])


class SeatForm(GroupsForm):
    contact_id = _picker(_l("Person"), _l("Bitte Person wählen."))
    role = SelectField(_l("Rolle"), choices=list(SEAT_ROLES.items()), default="delegate")
    organisation_id = _picker(_l("vertritt Organisation"))
    starts_on = _starts_on()
    ends_on = _ends_on()
    notes = _notes()


class SeatEditForm(SeatForm):
    #: the person of a seat is never changed here: that is a change of delegate
    contact_id = None


class ChangeDelegateForm(GroupsForm):
    contact_id = _picker(_l("Neue Person"), _l("Bitte Person wählen."))
    change_on = DateField(
        _l("Wechsel am (erster Tag der neuen Person)"), validators=[REQUIRED_DATE]
    )
    notes = _notes(_l("Notizen zum neuen Mandat"))
