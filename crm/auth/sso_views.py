"""Single sign-on pages: start the login at the OpenID provider and take the browser back."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.auth import bp, oidc
from crm.auth import login as flow
from crm.auth.external import ExternalLoginError
from crm.auth.security import public
from crm.auth.views import safe_next
from crm.extensions import db

log = logging.getLogger(__name__)

_NEXT = "oidc_next"


@bp.route("/login/sso")
@public
def oidc_login():
    """Send the browser to the OpenID provider's login (code flow with PKCE)."""
    if not oidc.is_enabled():
        abort(404)
    session[_NEXT] = safe_next(request.args.get("next"))
    try:
        return oidc.client().authorize_redirect(url_for("auth.oidc_callback", _external=True))
    except oidc.FAILURES as exc:
        log.error("OpenID provider unavailable: %s", exc)
        flash(
            _("Der Anmeldedienst ist nicht erreichbar. Bitte versuchen Sie es später erneut."),
            "danger",
        )
        return redirect(url_for("auth.login"))


@bp.route("/login/sso/callback")
@public
def oidc_callback():
    """Take the browser back from the provider: check the answer and log the user in."""
    if not oidc.is_enabled():
        abort(404)
    try:
        user, id_token = oidc.finish_login()
    except ExternalLoginError as exc:
        flash(str(exc), "danger")
    except oidc.FAILURES as exc:
        db.session.rollback()
        log.warning("OpenID login failed: %s", exc)
        flash(
            _(
                "Die Anmeldung beim Anmeldedienst ist fehlgeschlagen. Bitte versuchen Sie es "
                "erneut."
            ),
            "danger",
        )
    else:
        response = flow.finish_login(user, "oidc", session.get(_NEXT))
        if current_user.is_authenticated:
            # kept for the provider's logout; a login still waiting for its second factor
            # (a TOTP set up in the CRM) ends without it, and logs out of the CRM only
            session[oidc.ID_TOKEN] = id_token
        return response
    return redirect(url_for("auth.login"))
