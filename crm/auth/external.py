"""Accounts whose password lives elsewhere: a directory (LDAP) or an OpenID provider.

The account is created at the first login and kept in step at each login: its name, and its
role from the directory's groups or the provider's claim. Local accounts (``auth_source ==
"local"``) are never taken over by an outside login with the same e-mail.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask import request
from flask_babel import lazy_gettext as _l

from crm.audit import services as audit
from crm.auth.models import ROLES, User
from crm.extensions import db
from crm.rules import RuleError

#: when several groups (or claim values) match, the account gets the widest role
ROLE_ORDER = ("admin", "secretariat", "group_lead", "viewer")


class ExternalLoginError(RuleError):
    """The outside login was right, but the CRM refuses it; the message says why."""


def widest_role(roles: Iterable[str]) -> str | None:
    """Return the widest of ``roles`` known to the CRM, or None when none is."""
    found = set(roles)
    return next((r for r in ROLE_ORDER if r in found and r in ROLES), None)


def _by_external_id(external_id: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.external_id == external_id))


def _by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def refuse(source: str, email: str, reason: str, message) -> ExternalLoginError:
    """Audit a refused outside login (committed) and return the error to raise."""
    user = _by_email(email) if email else None
    audit.record(
        "login.failure",
        "users",
        user.id if user else None,
        summary=email or None,
        changes={
            "method": source,
            "reason": reason,
            "address": request.remote_addr if request else None,
        },
    )
    db.session.commit()
    return ExternalLoginError(message)


def provision(source: str, external_id: str, email: str, name: str, roles: Iterable[str]) -> User:
    """Return the account of this outside identity, created or updated (not committed).

    ``roles`` are the CRM roles its groups or claims map to; the widest wins. Raises
    ``ExternalLoginError`` (audited) when none maps, when the e-mail belongs to a local or
    another outside account, or when the account was deactivated in the CRM.
    """
    email = (email or "").strip().lower()
    role = widest_role(roles)
    if role is None:
        raise refuse(
            source,
            email,
            "no_role",
            _l(
                "Ihr Konto ist für das CRM nicht freigeschaltet (keine passende Gruppe "
                "oder Rolle). Bitte wenden Sie sich an die Verwaltung."
            ),
        )
    user = _by_external_id(external_id)
    if user is None:
        user = _by_email(email)
        if user is not None and (user.auth_source != source or user.external_id):
            raise refuse(
                source,
                email,
                "email_taken",
                _l(
                    "Für diese E-Mail-Adresse gibt es schon ein anderes Konto im CRM. "
                    "Bitte wenden Sie sich an die Verwaltung."
                ),
            )
    if user is not None and not user.is_active:
        raise refuse(
            source,
            email,
            "deactivated",
            _l("Ihr Konto ist deaktiviert. Bitte wenden Sie sich an die Verwaltung."),
        )
    if user is None:
        user = User(
            email=email,
            name=(name or email).strip()[:200],
            role=role,
            password_hash="",
            auth_source=source,
            external_id=external_id,
            is_active=True,
        )
        db.session.add(user)
        audit.record_create(user, summary=email, user=user)
        return user
    before = audit.snapshot(user)
    user.email = email or user.email
    user.name = (name or user.name).strip()[:200]
    user.role = role
    user.external_id = external_id
    if role != "group_lead":
        user.managed_groups = []
    audit.record_update(user, before, summary=user.email, user=user)
    return user
