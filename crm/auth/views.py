"""Login (password, then the second factor if the user has one) and logout."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.auth import bp, mfa, oidc, sessions, throttle
from crm.auth import login as flow
from crm.auth.forms import LoginForm, TotpCodeForm
from crm.auth.security import public
from crm.extensions import db
from crm.forms import confirmed_post


def safe_next(target: str | None) -> str:
    """Return ``target`` when it is a path on this site, else the dashboard."""
    if (
        target
        and urlsplit(target).netloc == ""
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return url_for("main.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Show the login form and log the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        result = flow.authenticate(form.email.data, form.password.data)
        if result.user is not None:
            return flow.finish_login(result.user, "password", safe_next(request.args.get("next")))
        if result.wait:
            raise throttle.Throttled(result.error, result.wait, url_for("auth.login"))
        flash(result.error, "danger")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/login/second-factor", methods=["GET", "POST"])
@public
def mfa_verify():
    """The second step of a login: a TOTP code or a recovery code."""
    user, pending = flow.pending_user()
    if user is None:
        flash(_("Bitte melden Sie sich erneut an."), "info")
        return redirect(url_for("auth.login"))
    form = TotpCodeForm()
    status = 200
    if form.validate_on_submit():
        address = sessions.client_address()
        wait = throttle.seconds_to_wait(user.email, address)
        if wait > 0:
            db.session.commit()
            raise throttle.Throttled(
                _("Zu viele falsche Codes. Bitte versuchen Sie es in einigen Minuten erneut."),
                wait,
                url_for("auth.mfa_verify"),
            )
        else:
            used = mfa.check_second_factor(user, form.code.data)
            if used:
                throttle.record_attempt(user.email, address, True)
                flow.complete_login(user, pending.get("method", "password"), used)
                if used == "recovery":
                    flash(
                        _(
                            "Sie haben einen Wiederherstellungscode verwendet; es bleiben "
                            "%(n)d. Er gilt kein zweites Mal.",
                            n=mfa.remaining_codes(user),
                        ),
                        "warning",
                    )
                return redirect(safe_next(pending.get("next")))
            flow.second_factor_failed(user)
            form.code.errors.append(_("Der Code ist falsch oder abgelaufen."))
            status = 401
    elif request.method == "POST":
        status = 400
    db.session.commit()
    return render_template("auth/mfa_verify.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out (POST with CSRF token, so no other site can log a user out)."""
    confirmed_post()
    # a single sign-on session also ends at the provider (RP-initiated logout), which sends
    # the browser back to the login page
    at_provider = oidc.end_session_url(
        session.get(oidc.ID_TOKEN), url_for("auth.login", _external=True)
    )
    flow.logout()
    # a page of ours leads on to the provider: a redirect after this form to another site
    # would be blocked by our Content-Security-Policy (form-action 'self')
    page = render_template("auth/provider_logout.html", url=at_provider) if at_provider else None
    flash(_("Sie sind abgemeldet."), "info")
    return page or redirect(url_for("auth.login"))
