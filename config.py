"""Configuration, read from the environment (and ``instance/config.py`` if present).

Every setting of DESIGN.md can be given as an environment variable of the same name.
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret_key(instance_path: str) -> str:
    """Return the random key kept in ``instance/secret_key``, creating it on first use."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"secret_key.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)  # atomic; when several workers start at once, the first wins
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


class Config:
    #: signs sessions and CSRF tokens. Unset: a random key is created once in
    #: ``instance/secret_key`` (fine for one machine; several machines need the same value)
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'crm.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    #: SMTP server; unset, mails stay in the outbox (a demo can still be followed through)
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Geschäftsstelle <geschaeftsstelle@localhost>"
    )
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(BASE_DIR / "instance" / "uploads"))
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(20 * 1024 * 1024)))
    #: limits that refuse an import file at once (crm/imports/limits.py holds the defaults)
    IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "200"))
    IMPORT_MAX_CELL_CHARS = int(os.environ.get("IMPORT_MAX_CELL_CHARS", "10000"))
    IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_MB", "1024")) << 20
    IMPORT_MAX_RATIO = int(os.environ.get("IMPORT_MAX_RATIO", "200"))
    #: largest meeting attachment (bytes)
    ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
    #: delivery attempts before an outbox mail is marked failed
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    #: how long a worker holds a mail it is sending; a worker that dies mid-send loses its
    #: mails to the other workers after this many seconds (keep it well above 30, the SMTP
    #: timeout)
    MAIL_LEASE_SECONDS = int(os.environ.get("MAIL_LEASE_SECONDS", "600"))
    #: automatic reminders (worker): days before a meeting to those who have not answered,
    #: and before a date poll's first slot to those who have not voted (0: none); a
    #: meeting's own "reminder_days" replaces both
    REMINDER_INVITATION_DAYS = int(os.environ.get("REMINDER_INVITATION_DAYS", "3"))
    REMINDER_POLL_DAYS = int(os.environ.get("REMINDER_POLL_DAYS", "3"))
    #: circulars leave the outbox in batches: this many mails every CIRCULAR_BATCH_MINUTES
    CIRCULAR_BATCH_SIZE = int(os.environ.get("CIRCULAR_BATCH_SIZE", "100"))
    CIRCULAR_BATCH_MINUTES = int(os.environ.get("CIRCULAR_BATCH_MINUTES", "1"))
    #: attachments of a circular: the allowed extensions, how many files, and their total size
    #: (every mail carries them all, so the total is what each recipient's mailbox receives)
    CIRCULAR_ATTACHMENT_TYPES = os.environ.get(
        "CIRCULAR_ATTACHMENT_TYPES", "pdf,docx,xlsx,pptx,odt,ods,png,jpg,jpeg,txt"
    )
    CIRCULAR_ATTACHMENTS_MAX_FILES = int(os.environ.get("CIRCULAR_ATTACHMENTS_MAX_FILES", "10"))
    CIRCULAR_ATTACHMENTS_MAX_BYTES = int(
        os.environ.get("CIRCULAR_ATTACHMENTS_MAX_BYTES", str(10 * 1024 * 1024))
    )
    #: the mailbox replies go to: Reply-To and the invitations' ORGANIZER, so Outlook's
    #: Accept/Decline lands where the worker reads (MAIL_IMAP_*); default: the sender
    MAIL_REPLY_ADDRESS = os.environ.get("MAIL_REPLY_ADDRESS")
    #: the IMAP mailbox of MAIL_REPLY_ADDRESS; unset, replies and bounces are not read
    MAIL_IMAP_HOST = os.environ.get("MAIL_IMAP_HOST")
    MAIL_IMAP_PORT = int(os.environ.get("MAIL_IMAP_PORT", "993"))
    #: IMAP over TLS (port 993); "0" for plain IMAP with STARTTLS where offered
    MAIL_IMAP_SSL = _bool("MAIL_IMAP_SSL", True)
    MAIL_IMAP_USER = os.environ.get("MAIL_IMAP_USER")
    MAIL_IMAP_PASSWORD = os.environ.get("MAIL_IMAP_PASSWORD")
    #: the folder read; processed mails are moved to MAIL_IMAP_DONE_FOLDER
    MAIL_IMAP_FOLDER = os.environ.get("MAIL_IMAP_FOLDER", "INBOX")
    MAIL_IMAP_DONE_FOLDER = os.environ.get("MAIL_IMAP_DONE_FOLDER", "crm-verarbeitet")
    #: outbox rows per page
    OUTBOX_PER_PAGE = int(os.environ.get("OUTBOX_PER_PAGE", "50"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    #: trust X-Forwarded-* from this many proxies (set to 1 behind nginx)
    #: secret of this installation from which each person's stable vCard UID is derived
    #: (uuid5 over it and the person's id); falls back to SECRET_KEY
    VCARD_UID_SECRET = os.environ.get("VCARD_UID_SECRET")
    #: serial letters (``flask export contacts --format letters-pdf``): the return line above
    #: the address, the logo (an image file), footer lines ("|" between lines), information
    #: block entries ("Label: value|…"), closing and signature
    LETTER_SENDER_LINE = os.environ.get(
        "LETTER_SENDER_LINE", "Metropolregion Mitteldeutschland · Markt 1 · 04109 Leipzig"
    )
    LETTERHEAD_LOGO = os.environ.get("LETTERHEAD_LOGO")
    LETTERHEAD_FOOTER = os.environ.get(
        "LETTERHEAD_FOOTER",
        "Metropolregion Mitteldeutschland Management GmbH|Markt 1 · 04109 Leipzig",
    )
    LETTER_INFO = os.environ.get("LETTER_INFO", "")
    LETTER_CLOSING = os.environ.get("LETTER_CLOSING", "Mit freundlichen Grüßen")
    LETTER_SIGNATURE = os.environ.get("LETTER_SIGNATURE", "")
    # serial letters and labels from the builder are prepared on the worker: at most this many
    # recipients per file, and the PDFs are deleted this many hours after they were asked for
    PREPARED_MAX_RECIPIENTS = int(os.environ.get("PREPARED_MAX_RECIPIENTS", "5000"))
    PREPARED_FILE_HOURS = int(os.environ.get("PREPARED_FILE_HOURS", "24"))
    PROXY_FIX = int(os.environ.get("PROXY_FIX", "0"))

    #: the legal basis of circulars (Rundschreiben, lists of the export builder):
    #: "legitimate_interest" (default: everyone but those who objected or withdrew) or
    #: "consent" (opt-in: only people with a "given" consent record for circulars)
    PRIVACY_CIRCULARS_BASIS = os.environ.get("PRIVACY_CIRCULARS_BASIS", "legitimate_interest")

    #: people without a current affiliation or seat for longer than this many years appear
    #: on the review list (Prüfliste) to be erased or kept with a reason
    RETENTION_YEARS_INACTIVE = int(os.environ.get("RETENTION_YEARS_INACTIVE", "3"))
    #: delivered outbox mails lose their bodies after this many days (a nightly worker job)
    RETENTION_DAYS_MAIL = int(os.environ.get("RETENTION_DAYS_MAIL", "90"))

    #: directory login (LDAP / Active Directory, ``crm.auth.ldap``); unset: off. E-mails with a
    #: local-password account keep logging in locally; any other e-mail is looked up in the
    #: directory with LDAP_USER_FILTER ("{email}" is replaced by the escaped e-mail) under
    #: LDAP_USER_BASE, using the service account LDAP_BIND_DN / LDAP_BIND_PASSWORD (both
    #: empty: anonymous), and the password is checked by binding as the entry found
    LDAP_URL = os.environ.get("LDAP_URL")
    LDAP_BIND_DN = os.environ.get("LDAP_BIND_DN")
    LDAP_BIND_PASSWORD = os.environ.get("LDAP_BIND_PASSWORD")
    LDAP_USER_BASE = os.environ.get("LDAP_USER_BASE", "")
    LDAP_USER_FILTER = os.environ.get("LDAP_USER_FILTER", "(mail={email})")
    #: JSON {group DN: role}: a directory user gets the widest role of their groups; in none
    #: of them, the login is refused. E.g. {"cn=crm-sekretariat,ou=groups,dc=example,dc=org":
    #: "secretariat"}
    LDAP_GROUP_ROLES = os.environ.get("LDAP_GROUP_ROLES", "{}")
    #: upgrade ldap:// with StartTLS; a CA file to check the server's certificate (ldaps:// and
    #: StartTLS always check it, against the system's CAs without this)
    LDAP_START_TLS = _bool("LDAP_START_TLS")
    LDAP_CA_FILE = os.environ.get("LDAP_CA_FILE")
    #: seconds to wait for the directory server
    LDAP_TIMEOUT = int(os.environ.get("LDAP_TIMEOUT", "5"))

    #: single sign-on with OpenID Connect (``crm.auth.oidc``); off unless OIDC_ISSUER and
    #: OIDC_CLIENT_ID are set. The issuer URL (its /.well-known/openid-configuration is read),
    #: the client registered there for this app (redirect URI: <app>/login/sso/callback,
    #: post-logout redirect URI: <app>/login) and its secret
    OIDC_ISSUER = os.environ.get("OIDC_ISSUER")
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID")
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET")
    #: the claim with the person's roles or groups; dots go into objects (Keycloak's realm
    #: roles: "realm_access.roles")
    OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "roles")
    #: JSON {claim value: role}; the widest mapped role wins, none: the login is refused.
    #: Empty: the claim's values are the CRM's role codes themselves
    OIDC_ROLE_MAP = os.environ.get("OIDC_ROLE_MAP", "{}")
    #: the scopes asked for (add the one that carries the role claim if the provider needs it)
    OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
    #: the provider's name on the login button: "Mit <name> anmelden"
    OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "Single Sign-on")
    #: seconds to wait for the provider
    OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    LANGUAGES = ("de", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    BOOTSTRAP_SERVE_LOCAL = True
    WTF_CSRF_TIME_LIMIT = None

    #: failed logins (crm.auth.throttle), counted over LOGIN_WINDOW_MINUTES: after
    #: LOGIN_MAX_FAILURES for one account from one address, and after
    #: LOGIN_ADDRESS_MAX_FAILURES from one address for any accounts, each further attempt
    #: waits LOGIN_DELAY_SECONDS, doubled with every failure (at most the window);
    #: LOGIN_ACCOUNT_MAX_FAILURES per hour for one account from all addresses together
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get("LOGIN_ADDRESS_MAX_FAILURES", "30"))
    LOGIN_ACCOUNT_MAX_FAILURES = int(os.environ.get("LOGIN_ACCOUNT_MAX_FAILURES", "100"))
    LOGIN_DELAY_SECONDS = float(os.environ.get("LOGIN_DELAY_SECONDS", "2"))
    LOGIN_WINDOW_MINUTES = int(os.environ.get("LOGIN_WINDOW_MINUTES", "15"))
    #: a login session ends after this many minutes without a request …
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
    #: … and at the latest this many hours after the login
    SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
    #: roles that must use a second factor (TOTP), comma-separated; empty: optional for all
    MFA_REQUIRED_ROLES = tuple(
        r.strip() for r in os.environ.get("MFA_REQUIRED_ROLES", "admin").split(",") if r.strip()
    )
    #: werkzeug's password hash method (tests use a cheap one; keep scrypt in production)
    PASSWORD_HASH_METHOD = "scrypt"
    PER_PAGE_CHOICES = (25, 50, 100)
    #: rows per page of a sub-list on a detail page (a group's members, an organisation's people)
    SUBLIST_PER_PAGE = int(os.environ.get("SUBLIST_PER_PAGE", "50"))
    #: a list on a screen counts its rows up to this many; a longer one says "mehr als 10.000"
    #: (so a page does not count the whole table on every view; the API counts exactly)
    COUNT_CAP = int(os.environ.get("COUNT_CAP", "10000"))

    #: Redis for rate limits (and the background queue); unset: limits are counted in the
    #: process's memory, which is right for one process only
    REDIS_URL = os.environ.get("REDIS_URL")
    #: requests per token (per address without a token) on /api/v1 and /oparl/v1
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    #: requests to name a substitute on the public invitee page, per invitation link and per
    #: address (beyond them 429); one link can name only one substitute anyway
    SUBSTITUTE_RATE_LIMIT_TOKEN = os.environ.get("SUBSTITUTE_RATE_LIMIT_TOKEN", "5 per hour")
    SUBSTITUTE_RATE_LIMIT_ADDRESS = os.environ.get("SUBSTITUTE_RATE_LIMIT_ADDRESS", "30 per hour")
    #: the public OParl endpoint /oparl/v1/ (off: every OParl URL answers 404)
    OPARL_ENABLED = _bool("OPARL_ENABLED", True)
    #: the network as the OParl Body
    OPARL_BODY_NAME = os.environ.get("OPARL_BODY_NAME", "Metropolregion Mitteldeutschland")
    OPARL_BODY_SHORT_NAME = os.environ.get("OPARL_BODY_SHORT_NAME", "Metropolregion")
    OPARL_CONTACT_EMAIL = os.environ.get("OPARL_CONTACT_EMAIL")
    #: where users report accessibility barriers (the statement's feedback route, BITV 2.0 § 7);
    #: unset: the sender address of the app's mails
    ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT")
    #: the date (YYYY-MM-DD) the statement names as the last check: the day the browser
    #: accessibility tests last ran green on the release
    ACCESSIBILITY_CHECKED_ON = os.environ.get("ACCESSIBILITY_CHECKED_ON", "2026-12-02")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True
    SERVER_NAME = None
    MAIL_SERVER = "127.0.0.1"
    #: one PBKDF2 round: hashing is not what the tests test, and scrypt costs ~50 ms a user
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
