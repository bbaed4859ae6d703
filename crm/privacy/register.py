"""The register of processing activities (Art. 30 GDPR), built from configuration and model."""

from __future__ import annotations

from flask import current_app

from crm.contacts.consent import PURPOSES
from crm.contacts.models import LEGAL_BASES
from crm.groups.models import SEAT_ROLES
from crm.organisations.models import KINDS


def register() -> dict:
    """Return what the register page shows, read from the running configuration."""
    cfg = current_app.config
    return {
        "purposes": PURPOSES,
        "legal_bases": LEGAL_BASES,
        "organisation_kinds": KINDS,
        "seat_roles": SEAT_ROLES,
        "circulars_basis": cfg.get("PRIVACY_CIRCULARS_BASIS", "legitimate_interest"),
        "years_inactive": cfg.get("RETENTION_YEARS_INACTIVE", 3),
        "days_mail": cfg.get("RETENTION_DAYS_MAIL", 90),
        "mail_server": cfg.get("MAIL_SERVER"),
        "mail_tls": bool(cfg.get("MAIL_USE_TLS")),
        "cookie_secure": bool(cfg.get("SESSION_COOKIE_SECURE")),
        "proxy_fix": cfg.get("PROXY_FIX", 0),
        "hash_method": str(cfg.get("PASSWORD_HASH_METHOD", "scrypt")).split(":")[0],
        "database": "PostgreSQL"
        if str(cfg.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql")
        else "SQLite",
        "oparl": bool(cfg.get("OPARL_ENABLED")),
        "login_failures": cfg.get("LOGIN_MAX_FAILURES"),
        "login_window": cfg.get("LOGIN_WINDOW_MINUTES"),
    }
