"""Server-side login sessions: the cookie carries a random id, the record decides.

``start`` creates a ``UserSession`` and puts its random id into Flask's signed session
cookie; ``current`` (called by Flask-Login's user loader on every request) accepts the
cookie only while its record is active: not ended, used within ``SESSION_IDLE_MINUTES``,
younger than ``SESSION_MAX_HOURS``, its user active. Ending a record (logout, "log out
everywhere", password change, deactivation, an admin's "end all sessions") makes every copy
of the cookie worthless at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, request, session
from sqlalchemy.orm import joinedload

from crm.auth.models import User, UserSession
from crm.extensions import db
from crm.time import utcnow

#: the key of the session id in Flask's session cookie
KEY = "sid"
#: ``last_seen_at`` is written at most this often (so a request costs no write)
SEEN_RESOLUTION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def client_address() -> str:
    return (request.remote_addr or "unknown")[:64]


def start(user: User, method: str = "password") -> UserSession:
    """Open a session for ``user`` in this browser (not committed)."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    record = UserSession(
        user_id=user.id,
        token_hash=_hash(secret),
        last_seen_at=now,
        address=client_address(),
        user_agent=(request.user_agent.string or "")[:300] or None,
        method=method,
    )
    db.session.add(record)
    session[KEY] = secret
    return record


def _expired(record: UserSession) -> str | None:
    config = current_app.config
    now = utcnow()
    if now - record.last_seen_at > timedelta(minutes=config["SESSION_IDLE_MINUTES"]):
        return "idle"
    if now - record.created_at > timedelta(hours=config["SESSION_MAX_HOURS"]):
        return "expired"
    return None


def current(user_id: str) -> User | None:
    """Return the user of this request's session cookie, or None when it is not valid."""
    secret = session.get(KEY)
    if not secret or not isinstance(secret, str) or not user_id.isdigit():
        return None
    record = db.session.scalar(
        sa.select(UserSession)
        .options(joinedload(UserSession.user))
        .where(UserSession.token_hash == _hash(secret))
    )
    if record is None or record.ended_at is not None or record.user_id != int(user_id):
        return None
    reason = _expired(record)
    if reason is not None or not record.user.is_active:
        end(record, reason or "deactivated")
        db.session.commit()
        return None
    user = record.user
    if utcnow() - record.last_seen_at >= SEEN_RESOLUTION:
        record.last_seen_at = utcnow()
        try:
            db.session.commit()
        except sa.exc.OperationalError:
            # SQLite has one write lock, and a long write (an import on the worker) may hold
            # it beyond the busy timeout: the request goes on, a later one writes the time
            db.session.rollback()
            current_app.logger.info("last_seen_at of a session not written (database busy)")
    return user


def current_record() -> UserSession | None:
    """Return the active record of this request's cookie, or None."""
    secret = session.get(KEY)
    if not secret or not isinstance(secret, str):
        return None
    return db.session.scalar(
        sa.select(UserSession).where(
            UserSession.token_hash == _hash(secret), UserSession.ended_at.is_(None)
        )
    )


def end(record: UserSession, reason: str) -> None:
    """End one session (not committed); no-op for one already ended."""
    if record.ended_at is None:
        record.ended_at = utcnow()
        record.end_reason = reason


def end_all(user: User, reason: str, keep: UserSession | None = None) -> int:
    """End every active session of ``user`` but ``keep``; return how many ended."""
    stmt = (
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep.id)
    return db.session.execute(stmt).rowcount or 0


def active(user: User) -> list[UserSession]:
    """Return the user's sessions that are still active, most recently used first."""
    config = current_app.config
    now = utcnow()
    return list(
        db.session.scalars(
            sa.select(UserSession)
            .where(
                UserSession.user_id == user.id,
                UserSession.ended_at.is_(None),
                UserSession.last_seen_at > now - timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
                UserSession.created_at > now - timedelta(hours=config["SESSION_MAX_HOURS"]),
            )
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )
