"""The user's own account page: sessions (end one, log out everywhere), password, 2FA."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.auth import bp, mfa, services, sessions
from crm.auth import login as flow
from crm.auth.forms import PasswordChangeForm, TotpSetupForm
from crm.auth.models import UserSession
from crm.extensions import db
from crm.forms import ConfirmForm, confirmed_post


def _page(password_form=None, status: int = 200):
    return render_template(
        "auth/account.html",
        sessions=sessions.active(current_user),
        this_session=sessions.current_record(),
        password_form=password_form or PasswordChangeForm(formdata=None),
        confirm_form=ConfirmForm(),
        mfa_required=mfa.required_for(current_user),
        codes_left=mfa.remaining_codes(current_user) if current_user.has_totp else 0,
    ), status


@bp.route("/account/")
def account():
    """Show the user's sessions, the password form and the second factor."""
    return _page()


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
def end_session(session_id: int):
    """End one of the user's own sessions (another browser, or this one)."""
    confirmed_post()
    record = db.session.get(UserSession, session_id)
    if record is None or record.user_id != current_user.id:
        abort(404)
    this = sessions.current_record()
    sessions.end(record, "logout")
    db.session.commit()
    if this is not None and this.id == record.id:
        flow.logout()
        return redirect(url_for("auth.login"))
    flash(_("Sitzung beendet."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/sessions/end-all", methods=["POST"])
def end_all_sessions():
    """Log out everywhere: every session of the user ends, this one too."""
    confirmed_post()
    services.end_sessions(current_user, "logout_all")
    db.session.commit()
    flow.logout()
    flash(_("Sie sind überall abgemeldet."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["POST"])
def change_password():
    """Change the own password; every other session of the user ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("Das bisherige Passwort ist falsch."))
        else:
            try:
                services.set_password(
                    current_user,
                    form.password.data,
                    by_admin=False,
                    keep=sessions.current_record(),
                )
            except services.UserError as exc:
                form.password.errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("Passwort geändert; Ihre anderen Sitzungen sind beendet."), "success")
                return redirect(url_for("auth.account"))
    return _page(password_form=form, status=400)


@bp.route("/account/second-factor", methods=["GET", "POST"])
def mfa_setup():
    """Set up the second factor: QR code and typed secret, confirmed by a first code."""
    if current_user.has_totp:
        return redirect(url_for("auth.account"))
    secret = mfa.begin_setup(current_user)
    db.session.commit()
    form = TotpSetupForm()
    status = 200
    if form.validate_on_submit():
        codes = mfa.confirm_setup(current_user, form.code.data)
        if codes:
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes)
        form.code.errors.append(_("Der Code ist falsch oder abgelaufen."))
        status = 400
    elif request.method == "POST":
        status = 400
    return render_template(
        "auth/mfa_setup.html",
        form=form,
        secret=secret,
        qr=mfa.qr_svg(current_user, _("QR-Code für die Authenticator-App")),
        required=mfa.required_for(current_user),
    ), status


@bp.route("/account/second-factor/recovery-codes", methods=["POST"])
def mfa_new_codes():
    """Replace the recovery codes with ten new ones (shown once)."""
    confirmed_post()
    if not current_user.has_totp:
        abort(404)
    codes = mfa.regenerate_codes(current_user)
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes)
