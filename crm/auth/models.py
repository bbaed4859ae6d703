"""User accounts, the groups a group lead manages, API tokens and login attempts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from crm.db import Base, TimestampMixin, UTCDateTime, VersionMixin, in_codes

if TYPE_CHECKING:
    from crm.contacts.models import Contact
    from crm.groups.models import Group


ROLES = {
    "admin": _l("Administration"),
    "secretariat": _l("Geschäftsstelle"),
    "group_lead": _l("Gruppenleitung"),
    "viewer": _l("Lesezugriff"),
}

#: where an account's password is checked (``User.auth_source``)
AUTH_SOURCES = ("local", "ldap", "oidc")

user_groups = sa.Table(
    "user_groups",
    Base.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "group_id", sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class User(UserMixin, TimestampMixin, VersionMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        in_codes("role", ROLES),
        in_codes("auth_source", AUTH_SOURCES),
        # e-mail addresses are stored in lower case, so the unique constraint is case-insensitive
        sa.CheckConstraint("email = lower(email)", name="email_lower"),
    )

    #: login name, stored in lower case
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False, unique=True)
    #: the display name shown in the navigation and the audit trail
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: werkzeug hash ("scrypt:…"); the password itself is never stored
    password_hash: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    #: one of ``ROLES``
    role: Mapped[str] = mapped_column(sa.String(20), nullable=False, index=True)
    #: a viewer an admin allowed to export personal contact lists (data minimisation:
    #: viewers see reports and organisation lists only, unless granted; ``crm.privacy``)
    may_export_personal: Mapped[bool] = mapped_column(
        nullable=False, default=False, server_default=sa.false()
    )
    #: deactivated users cannot log in; they are kept for the audit trail
    is_active: Mapped[bool] = mapped_column(nullable=False, default=True, server_default=sa.true())
    #: the last successful login (UTC)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: failed logins since the last successful one
    failed_logins: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    #: preferred UI language ("de" or "en"); empty for the default
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    #: the person record of this user, if any
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )

    #: base32 TOTP secret (RFC 6238) once a second factor is being set up or is set up
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    #: when the second factor was confirmed with a first code; NULL: no second factor
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the time step of the last accepted code: a code is never accepted twice
    totp_last_counter: Mapped[int | None] = mapped_column(sa.BigInteger)
    #: where the password is checked: "local" (``password_hash``), "ldap" (the directory,
    #: ``crm.auth.ldap``) or "oidc" (single sign-on, ``crm.auth.oidc``); the last two have no
    #: local password and get their role from the directory's groups or the provider's claim
    auth_source: Mapped[str] = mapped_column(
        sa.String(10), nullable=False, default="local", server_default="local"
    )
    #: the account's id at its source: the directory entry's DN, or "issuer|sub" for OIDC
    external_id: Mapped[str | None] = mapped_column(sa.String(500), unique=True)

    managed_groups: Mapped[list[Group]] = relationship(secondary=user_groups, order_by="Group.name")
    contact: Mapped[Contact | None] = relationship()

    def set_password(self, password: str) -> None:
        # the method is a setting so that tests can hash cheaply; production keeps scrypt
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def has_totp(self) -> bool:
        return self.totp_enabled_at is not None and bool(self.totp_secret)

    @property
    def role_label(self) -> str:
        return str(ROLES.get(self.role, self.role))

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r} {self.role}>"


class ApiToken(TimestampMixin, Base):
    """A token for /api/v1; only its hash is stored."""

    __tablename__ = "api_tokens"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: what the token is for, chosen by its owner (e.g. "Newsletter-Abgleich")
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    #: SHA-256 of the token
    token_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    #: the last API request made with this token (UTC)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: set when the token was withdrawn; a revoked token is refused
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginAttempt(TimestampMixin, Base):
    """One login attempt; failures per account and per address slow down further attempts.

    Kept in the database (not in process memory) so that several workers agree.
    """

    __tablename__ = "login_attempts"
    __table_args__ = (
        sa.Index("ix_login_attempts_address_created", "address", "created_at"),
        sa.Index("ix_login_attempts_email_created", "email", "created_at"),
    )

    #: the e-mail typed (lower case), whether or not such a user exists
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    #: the client's IP address
    address: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    #: whether the attempt logged in; only failures count towards the limit
    is_success: Mapped[bool] = mapped_column(nullable=False, default=False)


class UserSession(TimestampMixin, Base):
    """One login of a user in one browser; the cookie holds only a random id for it.

    A session ends (``ended_at``) at logout, "log out everywhere", a password change,
    deactivation, an admin's "end all sessions", after ``SESSION_IDLE_MINUTES`` without a
    request, or ``SESSION_MAX_HOURS`` after the login; an ended session's cookie is worthless.
    """

    __tablename__ = "user_sessions"
    __table_args__ = (sa.Index("ix_user_sessions_user_ended", "user_id", "ended_at"),)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    #: SHA-256 of the random id kept in the signed session cookie
    token_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    #: the last request made in this session (UTC; written at most once a minute)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    #: the client's address at login
    address: Mapped[str | None] = mapped_column(sa.String(64))
    #: the browser's User-Agent header at login (shortened)
    user_agent: Mapped[str | None] = mapped_column(sa.String(300))
    #: how the user logged in: "password", "ldap", "oidc"
    method: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="password")
    #: when the session ended; NULL while it is active
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: why it ended: "logout", "logout_all", "password", "deactivated", "admin", "idle", "expired"
    end_reason: Mapped[str | None] = mapped_column(sa.String(20))

    user: Mapped[User] = relationship()


class RecoveryCode(TimestampMixin, Base):
    """A single-use code that stands in for the second factor; only its hash is stored."""

    __tablename__ = "recovery_codes"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: SHA-256 of the code (the codes are random, so no slow hash is needed)
    code_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    #: when the code was used; a used code is refused
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
