"""The account page's API tokens: create one (its secret shown once), see last use, revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from crm.api import tokens
from crm.auth.models import ApiToken
from crm.extensions import db
from crm.forms import Form
from crm.rules import RuleError

bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens")


class TokenForm(Form):
    name = StringField(
        _l("Name des Tokens"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("Wofür das Token dient, z. B. „Website der Metropolregion“."),
    )


class RevokeForm(Form):
    """A button that POSTs with a CSRF token."""


@bp.route("/", methods=["GET", "POST"])
def index():
    """List the user's API tokens and create a new one (its secret is shown only now)."""
    form = TokenForm()
    secret = None
    status = 200
    if form.validate_on_submit():
        try:
            _token, secret = tokens.create_token(current_user, form.name.data)
        except RuleError as exc:
            form.name.errors.append(str(exc))
            status = 400
        else:
            db.session.commit()
            form = TokenForm(formdata=None)
    elif form.is_submitted():
        status = 400
    return render_template(
        "api/tokens.html",
        form=form,
        secret=secret,
        tokens=tokens.user_tokens(current_user),
        revoke_form=RevokeForm(),
    ), status


@bp.route("/<int:token_id>/revoke", methods=["POST"])
def revoke(token_id: int):
    """Revoke one of the user's own tokens."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if not RevokeForm().validate_on_submit():
        abort(400)
    tokens.revoke_token(token)
    db.session.commit()
    flash(_("Token „%(name)s“ widerrufen.", name=token.name), "success")
    return redirect(url_for("api_tokens.index"))
