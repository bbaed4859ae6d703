"""Forms for login and user administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from crm.auth.models import ROLES
from crm.fields import ChoicesField

MIN_PASSWORD = 10


class LoginForm(FlaskForm):
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
            Length(
                min=MIN_PASSWORD,
                max=200,
                message=_l("Mindestens %(min)d Zeichen.", min=MIN_PASSWORD),
            ),
        ],
    )
    password_repeat = PasswordField(
        _l("Passwort wiederholen"),
        validators=[EqualTo("password", _l("Die Passwörter stimmen nicht überein."))],
    )


class UserCreateForm(PasswordFields, FlaskForm):
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
    role = SelectField(_l("Rolle"), choices=[(k, v) for k, v in ROLES.items()])
    groups = ChoicesField(_l("Geleitete Gremien (für Gruppenleitung)"), coerce=int, choices=[])
    is_active = BooleanField(_l("Aktiv"), default=True)

    def validate_groups(self, field):
        if self.role.data == "group_lead" and not field.data:
            raise ValidationError(_l("Eine Gruppenleitung braucht mindestens ein Gremium."))


class UserEditForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Bitte Namen angeben.")), Length(max=200)]
    )
    role = SelectField(_l("Rolle"), choices=[(k, v) for k, v in ROLES.items()])
    groups = ChoicesField(_l("Geleitete Gremien (für Gruppenleitung)"), coerce=int, choices=[])
    is_active = BooleanField(_l("Aktiv"))
    validate_groups = UserCreateForm.validate_groups


class PasswordResetForm(PasswordFields, FlaskForm):
    pass
