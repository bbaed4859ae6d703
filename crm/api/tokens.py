"""Personal API tokens: created once, stored only as a hash, revoked by their owner."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from crm.audit import services as audit
from crm.auth.models import ApiToken, User
from crm.extensions import db
from crm.rules import RuleError
from crm.time import utcnow

#: every token starts so, which lets secret scanners recognise a leaked one
PREFIX = "crm_"
#: ``last_used_at`` is written at most this often, so reading costs no write per request
LAST_USE_RESOLUTION = timedelta(minutes=1)


def hash_token(secret: str) -> str:
    """Return the SHA-256 hex digest stored for ``secret``."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Return a new token of ``user`` and its secret, which is shown once and never stored."""
    name = (name or "").strip()
    if not name:
        raise RuleError(_l("Bitte einen Namen für das Token angeben."), "name")
    if len(name) > 100:
        raise RuleError(_l("Der Name darf höchstens 100 Zeichen lang sein."), "name")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=hash_token(secret))
    db.session.add(token)
    db.session.flush()
    # the hash is left out of the history: it is of no use to a reader
    audit.record(
        "create",
        token.__tablename__,
        token.id,
        summary=audit.Message(
            audit.N_("API-Token %(name)s (%(email)s)"), name=name, email=user.email
        ),
        changes={"name": [None, name]},
        user=user,
    )
    return token, secret


def revoke_token(token: ApiToken) -> None:
    """Revoke ``token``: from now on it authenticates nothing."""
    if token.revoked_at is not None:
        return
    before = audit.snapshot(token)
    token.revoked_at = utcnow()
    audit.record_update(
        token,
        before,
        summary=audit.Message(audit.N_("API-Token %(name)s widerrufen"), name=token.name),
    )


def user_tokens(user: User) -> list[ApiToken]:
    """Return the user's tokens, active ones first, newest first."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id)
        )
    )


def authenticate(secret: str) -> ApiToken | None:
    """Return the active token for ``secret`` (its user active too), or None.

    Notes the time of use, at most once per ``LAST_USE_RESOLUTION``.
    """
    if not secret or len(secret) > 200:
        return None
    token = db.session.scalar(
        sa.select(ApiToken)
        .options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == hash_token(secret))
    )
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        token.last_used_at = now
        db.session.commit()
    return token
