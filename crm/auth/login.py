"""Logging in: check the credentials, then finish the login (second factor, session, audit).

Two functions every way of logging in shares:

- ``authenticate(email, password)`` checks an e-mail and password against the local accounts
  and, for directory accounts (or unknown e-mails when ``LDAP_URL`` is set), the directory
  (``crm.auth.ldap``), with throttling (``crm.auth.throttle``), a dummy hash for unknown accounts (so the answer
  takes as long as for a known one) and audit events ``login.failure``;
- ``finish_login(user, method)`` is called once the user is known (after ``authenticate``, or
  by single sign-on): it asks for the second factor when the user has one
  (``skip_second_factor`` for a provider that did its own), else ``complete_login`` opens the
  server-side session (``crm.auth.sessions``), logs the user in and writes ``login.success``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import current_app, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user
from werkzeug.security import check_password_hash, generate_password_hash

from crm.audit import services as audit
from crm.auth import ldap, sessions, throttle
from crm.auth.external import ExternalLoginError
from crm.auth.models import User
from crm.extensions import db
from crm.time import utcnow

#: the key of a login waiting for its second factor in Flask's session
PENDING = "mfa_pending"
#: seconds a login may wait for its second factor
PENDING_SECONDS = 300


@dataclass
class LoginResult:
    user: User | None
    error: str | None = None
    #: seconds the caller must wait before the next attempt (throttled: answered with 429)
    wait: float = 0


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("dummy password that matches nothing", method=method)


def _find(email: str) -> User | None:
    import sqlalchemy as sa

    return db.session.scalar(sa.select(User).where(User.email == email))


def check_local_password(user: User | None, password: str) -> bool:
    """Return whether ``password`` is ``user``'s; hashes a dummy when there is no user."""
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return user.check_password(password)


def client_details() -> dict[str, str]:
    return {
        "address": sessions.client_address(),
        "user_agent": (request.user_agent.string or "")[:300],
    }


def _failure(email: str, user: User | None, reason: str, message: str) -> LoginResult:
    if reason != "throttled":  # a refused attempt is not counted (waiting always helps)
        throttle.record_attempt(email, sessions.client_address(), False)
    if user is not None:
        user.failed_logins += 1
    audit.record(
        "login.failure",
        "users",
        user.id if user else None,
        summary=email,
        changes={**client_details(), "reason": reason},
    )
    db.session.commit()
    return LoginResult(None, message)


def authenticate(email: str, password: str) -> LoginResult:
    """Check ``email`` and ``password``; return the user, or None with a German message.

    The message for a wrong password and an unknown e-mail is the same; a deactivated user
    who typed the right password is told the account is deactivated.
    """
    email = (email or "").strip().lower()
    address = sessions.client_address()
    wait = throttle.seconds_to_wait(email, address)
    if wait > 0:
        result = _failure(
            email,
            None,
            "throttled",
            _(
                "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in einigen Minuten erneut."
            ),
        )
        result.wait = wait
        return result
    user = _find(email)
    ok = check_local_password(user, password)
    if not ok and ldap.handles(user):
        try:
            found = ldap.check_credentials(email, password)
        except ExternalLoginError as exc:  # already audited by crm.auth.external
            throttle.record_attempt(email, address, False)
            db.session.commit()
            return LoginResult(None, str(exc))
        if found is not None:
            user, ok = found, True
    if not ok:
        return _failure(email, user, "password", _("E-Mail oder Passwort ist falsch."))
    if not user.is_active:
        return _failure(
            email,
            user,
            "deactivated",
            _("Ihr Konto ist deaktiviert. Bitte wenden Sie sich an die Verwaltung."),
        )
    throttle.record_attempt(email, address, True)
    return LoginResult(user)


def second_factor_failed(user: User) -> None:
    """Count a wrong second-factor code like a wrong password (committed)."""
    _failure(user.email, user, "second_factor", "")


def finish_login(
    user: User,
    method: str = "password",
    next_url: str | None = None,
    skip_second_factor: bool = False,
):
    """Return the response that continues a login whose credentials were right.

    With a second factor: remember the pending login and ask for the code. Without: log in.
    """
    target = next_url or url_for("main.dashboard")
    if user.has_totp and not skip_second_factor:
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        session[PENDING] = {
            "uid": user.id,
            "method": method,
            "next": target,
            "at": utcnow().timestamp(),
        }
        db.session.commit()
        return redirect(url_for("auth.mfa_verify"))
    complete_login(user, method)
    return redirect(target)


def pending_user() -> tuple[User | None, dict]:
    """Return the user whose login waits for a second factor (None when none or too old)."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None, {}
    if utcnow().timestamp() - float(pending.get("at", 0)) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None, {}
    user = db.session.get(User, int(pending.get("uid", 0)))
    if user is None or not user.is_active:
        return None, {}
    return user, pending


def complete_login(user: User, method: str = "password", second_factor: str | None = None):
    """Open a new session for ``user`` in this browser and log them in (committed)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    sessions.start(user, method)
    login_user(user)
    user.failed_logins = 0
    user.last_login_at = utcnow()
    details = {**client_details(), "method": method}
    if second_factor:
        details["second_factor"] = second_factor
    audit.record("login.success", "users", user.id, summary=user.email, changes=details, user=user)
    db.session.commit()


def logout() -> None:
    """End this browser's session record (committed); the caller clears the cookie."""
    from flask_login import current_user, logout_user

    record = sessions.current_record()
    if record is not None:
        sessions.end(record, "logout")
    if current_user.is_authenticated:
        audit.record("logout", "users", current_user.id, summary=current_user.email)
    db.session.commit()
    logout_user()
    session.clear()
