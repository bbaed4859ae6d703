"""Single sign-on pages: start the login at the OpenID provider and take the browser back."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user

from crm.audit import services as audit
from crm.auth import bp, oidc
from crm.auth.external import ExternalLoginError
from crm.auth.models import User
from crm.auth.security import public
from crm.auth.views import _safe_next
from crm.extensions import db
from crm.time import utcnow

log = logging.getLogger(__name__)

_NEXT = "oidc_next"


@bp.route("/login/sso")
@public
def oidc_login():
    """Send the browser to the OpenID provider's login (code flow with PKCE)."""
    if not oidc.is_enabled():
        abort(404)
    session[_NEXT] = _safe_next(request.args.get("next"))
    try:
        return oidc.client().authorize_redirect(url_for("auth.oidc_callback", _external=True))
    except oidc.FAILURES as exc:
        log.error("OpenID provider unavailable: %s", exc)
        flash(
            _("Der Anmeldedienst ist nicht erreichbar. Bitte versuchen Sie es später erneut."),
            "danger",
        )
        return redirect(url_for("auth.login"))


def _complete(user: User, id_token: str):
    """Log ``user`` in in this browser, remember the ID token for the logout, audit it."""
    target = session.get(_NEXT) or url_for("main.dashboard")
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user)
    session[oidc.ID_TOKEN] = id_token
    user.failed_logins = 0
    user.last_login_at = utcnow()
    audit.record(
        "login",
        "users",
        user.id,
        summary=user.email,
        changes={
            "method": "oidc",
            "address": request.remote_addr,
            "user_agent": (request.user_agent.string or "")[:300],
        },
        user=user,
    )
    db.session.commit()
    return redirect(target)


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
        return _complete(user, id_token)
    return redirect(url_for("auth.login"))
