"""User administration: create, change, deactivate and reactivate accounts, set passwords.

Logging in lives in ``crm.auth.login``; sessions in ``crm.auth.sessions``. Every change is
audited. Deactivation and a password reset by an administrator end the user's sessions and
revoke their API tokens and calendar feeds (``credentials_revoked``: each feature that hands
out secrets of a user revokes its own).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.audit import services as audit
from crm.auth import sessions
from crm.auth.models import ROLES, ApiToken, User
from crm.auth.passwords import password_problem
from crm.extensions import db
from crm.groups.models import Group
from crm.rules import RuleError
from crm.signals import credentials_revoked
from crm.time import utcnow


class UserError(RuleError):
    """A user administration rule was broken; the message is shown to the user."""


def find_user(email: str) -> User | None:
    """Return the user with this e-mail (any case), or None."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


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
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise UserError(problem, "password")
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


def update_user(user: User, name: str, role: str, groups: list[Group]) -> User:
    """Return ``user`` with name, role and managed groups changed (audited)."""
    _check_role(role, groups)
    before = audit.snapshot(user)
    before_groups = sorted(g.name for g in user.managed_groups)
    user.name = name.strip()
    user.role = role
    user.managed_groups = list(groups) if role == "group_lead" else []
    event = audit.record_update(user, before, summary=user.email)
    after_groups = sorted(g.name for g in user.managed_groups)
    if before_groups != after_groups:
        if event is None:
            event = audit.record("update", "users", user.id, summary=user.email, changes={})
        event.changes = {**(event.changes or {}), "managed_groups": [before_groups, after_groups]}
    return user


def revoke_credentials(user: User, reason: str) -> None:
    """End every session of ``user`` and revoke their API tokens and calendar feeds."""
    sessions.end_all(user, reason)
    now = utcnow()
    db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    credentials_revoked.send(user, reason=reason)


def deactivate(user: User) -> bool:
    """Deactivate ``user``: no login, sessions ended, tokens and feeds revoked (audited).

    Idempotent: an account already deactivated stays so; returns whether anything changed.
    """
    if not user.is_active:
        return False
    before = audit.snapshot(user)
    user.is_active = False
    audit.record_update(user, before, summary=user.email)
    revoke_credentials(user, "deactivated")
    return True


def reactivate(user: User) -> bool:
    """Let ``user`` log in again (audited); old sessions, tokens and feeds stay revoked.

    Idempotent; returns whether anything changed.
    """
    if user.is_active:
        return False
    before = audit.snapshot(user)
    user.is_active = True
    audit.record_update(user, before, summary=user.email)
    return True


def set_password(user: User, password: str, *, by_admin: bool = True, keep=None) -> User:
    """Return ``user`` with a new password (refused when it breaks the password rule),
    audited without it.

    Every session of the user ends but ``keep`` (the user's own, when they change it
    themselves); a reset by an administrator also revokes their API tokens and feeds.
    """
    problem = password_problem(password, email=user.email, name=user.name)
    if problem:
        raise UserError(problem, "password")
    user.set_password(password)
    user.failed_logins = 0
    audit.record(
        "update", "users", user.id, summary=user.email, changes={"password": ["***", "***"]}
    )
    if by_admin:
        revoke_credentials(user, "password")
    else:
        sessions.end_all(user, "password", keep=keep)
    return user


def end_sessions(user: User, reason: str = "admin", keep=None) -> int:
    """End the user's sessions (but ``keep``) and audit it; return how many ended."""
    count = sessions.end_all(user, reason, keep=keep)
    audit.record("logout", "users", user.id, summary=user.email, changes={"sessions": [count, 0]})
    return count
