"""The second factor: TOTP (RFC 6238, pyotp) and ten single-use recovery codes.

Enrolment: ``begin_setup`` stores a new secret (not yet in force), the page shows it as a QR
code (segno, inline SVG) and as text; ``confirm_setup`` switches it on with a first right
code and returns the recovery codes, shown once and stored only as SHA-256. ``verify``
accepts a code of the current time step or a neighbour (clock drift), never the same step
twice; ``use_recovery_code`` accepts each recovery code once. ``MFA_REQUIRED_ROLES`` names the
roles that must have a second factor (``required_for``); admins can reset a user's.
"""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import segno
import sqlalchemy as sa
from flask import current_app
from markupsafe import Markup

from crm.audit import services as audit
from crm.auth.models import RecoveryCode, User
from crm.extensions import db
from crm.time import utcnow

ISSUER = "Metropolregion CRM"
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def required_for(user: User) -> bool:
    """Return whether ``user``'s role must use a second factor (``MFA_REQUIRED_ROLES``)."""
    roles = current_app.config.get("MFA_REQUIRED_ROLES") or ()
    return user.role in roles


def needs_enrolment(user: User) -> bool:
    return required_for(user) and not user.has_totp


def begin_setup(user: User) -> str:
    """Give ``user`` a secret to confirm (keeps a pending one); returns it."""
    if user.totp_secret is None:
        user.totp_secret = pyotp.random_base32()
        user.totp_enabled_at = None
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(user: User, title: str) -> Markup:
    """Return the enrolment QR code as inline SVG (no image request, no outside service)."""
    svg = segno.make(provisioning_uri(user), error="m").svg_inline(scale=5, title=title)
    return Markup(svg)  # noqa: S704 - segno's own SVG, the title is escaped by segno


def _counter(code: str, secret: str, now: float) -> int | None:
    """Return the time step at which ``code`` is right (now or a neighbour), or None."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    step = int(now // totp.interval)
    for candidate in (step, step - 1, step + 1):
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def verify(user: User, code: str) -> bool:
    """Return whether ``code`` is a right TOTP code of ``user`` not used before."""
    if not user.totp_secret:
        return False
    step = _counter(code, user.totp_secret, time.time())
    if step is None or (user.totp_last_counter is not None and step <= user.totp_last_counter):
        return False
    user.totp_last_counter = step
    return True


def _hash(code: str) -> str:
    return hashlib.sha256("".join(code.lower().split()).replace("-", "").encode()).hexdigest()


def _new_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash(raw)))
    return codes


def confirm_setup(user: User, code: str) -> list[str] | None:
    """Switch the pending secret on with a first right code; return the recovery codes."""
    if user.totp_secret is None or user.has_totp or not verify(user, code):
        return None
    user.totp_enabled_at = utcnow()
    audit.record(
        "mfa.enable", "users", user.id, summary=user.email, changes={"totp": [False, True]}
    )
    return _new_codes(user)


def regenerate_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones (audited)."""
    audit.record("mfa.codes", "users", user.id, summary=user.email)
    return _new_codes(user)


def use_recovery_code(user: User, code: str) -> bool:
    """Accept an unused recovery code of ``user`` once."""
    if not code or len(code) > 40:
        return False
    found = db.session.scalar(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        return False
    found.used_at = utcnow()
    return True


def remaining_codes(user: User) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


def check_second_factor(user: User, code: str) -> str | None:
    """Return "totp" or "recovery" when ``code`` is right for ``user``, else None."""
    if verify(user, code):
        return "totp"
    if use_recovery_code(user, code):
        return "recovery"
    return None


def reset(user: User) -> None:
    """Remove ``user``'s second factor and recovery codes (an admin's act, audited).

    A role that needs one is led to enrol again at the next login.
    """
    had = user.has_totp
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_counter = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record("mfa.reset", "users", user.id, summary=user.email, changes={"totp": [had, False]})
