"""Forms for login and user administration."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from crm.auth.models import ROLES
from crm.auth.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from crm.fields import ChoicesField
from crm.forms import Form

MIN_PASSWORD = MIN_LENGTH


def _role_choices(placeholder: bool = False):
    choices = [(k, v) for k, v in ROLES.items()]
    return [("", _l("– bitte wählen –")), *choices] if placeholder else choices


def _password_rule(form, field) -> None:
    problem = password_problem(
        field.data or "",
        email=getattr(getattr(form, "email", None), "data", None) or "",
        name=getattr(getattr(form, "name", None), "data", None) or "",
    )
    if problem:
        raise ValidationError(problem)


class LoginForm(Form):
    email = EmailField(
        _l("E-Mail"),
        validators=[DataRequired(_l("Bitte E-Mail angeben.")), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[DataRequired(_l("Bitte Passwort angeben."))],
        render_kw={"autocomplete": "current-password"},
    )


class PasswordFields:
    password = PasswordField(
        _l("Passwort"),
        validators=[
            DataRequired(_l("Bitte Passwort angeben.")),
            Length(max=MAX_LENGTH),
            _password_rule,
        ],
        description=_l(
            "Mindestens %(min)d Zeichen; ein Satz aus mehreren Wörtern ist gut zu merken. "
            "Verbreitete Passwörter werden abgelehnt.",
            min=MIN_LENGTH,
        ),
    )
    password_repeat = PasswordField(
        _l("Passwort wiederholen"),
        validators=[EqualTo("password", _l("Die Passwörter stimmen nicht überein."))],
    )


class UserCreateForm(PasswordFields, Form):
    email = EmailField(
        _l("E-Mail"),
        validators=[
            DataRequired(_l("Bitte E-Mail angeben.")),
            Email(_l("Bitte eine gültige E-Mail-Adresse angeben.")),
            Length(max=254),
        ],
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Bitte Namen angeben.")), Length(max=200)]
    )
    # no role is preselected: saving without choosing is refused, so no admin by accident
    role = SelectField(
        _l("Rolle"),
        choices=_role_choices(placeholder=True),
        default="",
        validators=[DataRequired(_l("Bitte eine Rolle wählen."))],
    )
    groups = ChoicesField(_l("Geleitete Gremien (für Gruppenleitung)"), coerce=int, choices=[])
    is_active = BooleanField(_l("Aktiv"), default=True)

    def validate_groups(self, field):
        if self.role.data == "group_lead" and not field.data:
            raise ValidationError(_l("Eine Gruppenleitung braucht mindestens ein Gremium."))


class UserEditForm(Form):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Bitte Namen angeben.")), Length(max=200)]
    )
    role = SelectField(_l("Rolle"), choices=_role_choices())
    groups = ChoicesField(_l("Geleitete Gremien (für Gruppenleitung)"), coerce=int, choices=[])
    validate_groups = UserCreateForm.validate_groups


class PasswordResetForm(PasswordFields, Form):
    pass


class PasswordChangeForm(PasswordFields, Form):
    """A user changes their own password: the current one first."""

    current_password = PasswordField(
        _l("Bisheriges Passwort"), validators=[DataRequired(_l("Bitte Passwort angeben."))]
    )


class TotpCodeForm(Form):
    """The second step of a login: a code of the authenticator app, or a recovery code."""

    code = StringField(
        _l("Bestätigungscode"),
        validators=[DataRequired(_l("Bitte den Code angeben.")), Length(max=40)],
        description=_l("Sechs Ziffern aus der Authenticator-App oder ein Wiederherstellungscode."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )


class TotpSetupForm(Form):
    code = StringField(
        _l("Code aus der App"),
        validators=[DataRequired(_l("Bitte den Code angeben.")), Length(max=10)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
