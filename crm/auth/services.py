"""Authentication with throttling, and user administration."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.audit import services as audit
from crm.auth import ldap
from crm.auth.external import ExternalLoginError
from crm.auth.models import ROLES, LoginAttempt, User
from crm.extensions import db
from crm.groups.models import Group
from crm.rules import RuleError
from crm.time import utcnow


class UserError(RuleError):
    """A user administration rule was broken; the message is shown to the user."""


def find_user(email: str) -> User | None:
    """Return the user with this e-mail (any case), or None."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def _recent_failures(column, value: str) -> int:
    since = utcnow() - timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(LoginAttempt)
            .where(
                column == value,
                LoginAttempt.is_success.is_(False),
                LoginAttempt.created_at >= since,
            )
        )
        or 0
    )


def is_throttled(email: str, address: str) -> bool:
    """Return whether too many logins failed recently for this account or this address."""
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    return (
        _recent_failures(LoginAttempt.email, email) >= limit
        or _recent_failures(LoginAttempt.address, address) >= limit
    )


def authenticate(email: str, password: str, address: str) -> tuple[User | None, str | None]:
    """Return ``(user, None)`` on success, else ``(None, message)``.

    The message never says whether the e-mail exists. Every attempt is recorded; after
    ``LOGIN_MAX_FAILURES`` failures within ``LOGIN_WINDOW_MINUTES`` for the account or the
    address, attempts are refused until the window has passed.
    """
    email = (email or "").strip().lower()
    if is_throttled(email, address):
        return None, _(
            "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in "
            "einigen Minuten erneut."
        )
    user = find_user(email)
    ok = user is not None and user.is_active and user.check_password(password)
    if not ok and ldap.handles(user):
        try:
            found = ldap.check_credentials(email, password)
        except ExternalLoginError as exc:
            return None, str(exc)
        if found is not None:
            user, ok = found, True
    db.session.add(LoginAttempt(email=email, address=address, is_success=ok))
    if not ok:
        if user is not None:
            user.failed_logins += 1
        db.session.commit()
        return None, _("E-Mail oder Passwort ist falsch.")
    user.failed_logins = 0
    user.last_login_at = utcnow()
    audit.record("login", "users", user.id, summary=user.email, user=user)
    db.session.commit()
    return user, None


def _check_role(role: str, groups: list[Group]) -> None:
    if role not in ROLES:
        raise UserError(_l("Unbekannte Rolle: %(role)s", role=role), "role")
    if role == "group_lead" and not groups:
        raise UserError(_l("Eine Gruppenleitung braucht mindestens ein Gremium."), "groups")


def create_user(
    email: str,
    name: str,
    role: str,
    password: str,
    groups: list[Group] | None = None,
    is_active: bool = True,
) -> User:
    """Create a user (not yet committed); raises ``UserError`` on a taken e-mail or bad role."""
    email = email.strip().lower()
    groups = list(groups or [])
    _check_role(role, groups)
    if find_user(email) is not None:
        raise UserError(_l("Es gibt bereits ein Konto mit dieser E-Mail-Adresse."), "email")
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        is_active=is_active,
        managed_groups=groups if role == "group_lead" else [],
    )
    user.set_password(password)
    db.session.add(user)
    audit.record_create(user, summary=email)
    return user


def update_user(user: User, name: str, role: str, groups: list[Group], is_active: bool) -> None:
    """Change a user's name, role, managed groups and active flag (audited)."""
    _check_role(role, groups)
    before = audit.snapshot(user)
    before_groups = sorted(g.name for g in user.managed_groups)
    user.name = name.strip()
    user.role = role
    user.is_active = is_active
    user.managed_groups = list(groups) if role == "group_lead" else []
    event = audit.record_update(user, before, summary=user.email)
    after_groups = sorted(g.name for g in user.managed_groups)
    if before_groups != after_groups:
        if event is None:
            event = audit.record("update", "users", user.id, summary=user.email, changes={})
        event.changes = {**(event.changes or {}), "managed_groups": [before_groups, after_groups]}


def set_password(user: User, password: str) -> None:
    """Set a new password and clear the failed-login counter (audited, without the password)."""
    user.set_password(password)
    user.failed_logins = 0
    audit.record(
        "update", "users", user.id, summary=user.email, changes={"password": ["***", "***"]}
    )
