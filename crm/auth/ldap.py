"""Directory login (LDAP, Active Directory): check an e-mail and password against the directory.

With ``LDAP_URL`` set, a login whose e-mail has no local-password account is checked here:
the service account (``LDAP_BIND_DN``) finds the entry by ``LDAP_USER_FILTER`` under
``LDAP_USER_BASE``, a bind as that entry checks the password, and the groups listed in
``LDAP_GROUP_ROLES`` give the role (``crm.auth.external`` creates or updates the account).
"""

from __future__ import annotations

import json
import logging
import ssl

from flask import current_app
from flask_babel import lazy_gettext as _l
from ldap3 import BASE, NONE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import parse_dn

from crm.auth import external
from crm.auth.models import ROLES, User

log = logging.getLogger(__name__)

#: stable ids of an entry, which survive a move to another OU (OpenLDAP, Active Directory)
_ID_ATTRIBUTES = ("entryUUID", "objectGUID")


def is_enabled() -> bool:
    return bool(current_app.config.get("LDAP_URL"))


def handles(user: User | None) -> bool:
    """Return whether a login for ``user`` (None: no account yet) is checked in the directory."""
    return is_enabled() and (user is None or user.auth_source == "ldap")


def normalise_dn(dn: str) -> str:
    """Return ``dn`` in one spelling (lower case, no spaces around separators) for comparing."""
    try:
        parts = parse_dn(dn, escape=False, strip=True)
    except LDAPException:
        return dn.strip().lower()
    return ",".join(f"{attr.lower()}={value.lower()}" for attr, value, _sep in parts)


def group_roles() -> dict[str, str]:
    """Return ``LDAP_GROUP_ROLES`` as {normalised group DN: role}; unknown roles are dropped."""
    raw = current_app.config.get("LDAP_GROUP_ROLES") or "{}"
    mapping = json.loads(raw) if isinstance(raw, str) else dict(raw)
    result = {}
    for dn, role in mapping.items():
        if role in ROLES:
            result[normalise_dn(dn)] = role
        else:
            log.warning("LDAP_GROUP_ROLES: unknown role %r for %s ignored", role, dn)
    return result


def _server() -> Server:
    config = current_app.config
    tls = None
    if config.get("LDAP_CA_FILE") or config["LDAP_URL"].startswith("ldaps:"):
        tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=config.get("LDAP_CA_FILE"))
    return Server(
        config["LDAP_URL"], get_info=NONE, tls=tls, connect_timeout=config["LDAP_TIMEOUT"]
    )


def _connection(server: Server, user: str | None, password: str | None) -> Connection:
    conn = Connection(
        server,
        user=user or None,
        password=password or None,
        read_only=True,
        receive_timeout=current_app.config["LDAP_TIMEOUT"],
    )
    if current_app.config.get("LDAP_START_TLS"):
        conn.open()
        conn.start_tls()
    return conn


def _first(entry: dict, name: str) -> str | None:
    value = entry.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, bytes):
        return value.hex()
    return str(value) if value else None


def _find_entry(conn: Connection, email: str) -> tuple[str, dict] | None:
    """Return (dn, attributes) of the one entry the filter finds for ``email``, else None."""
    config = current_app.config
    search_filter = config["LDAP_USER_FILTER"].format(email=escape_filter_chars(email))
    conn.search(
        config["LDAP_USER_BASE"],
        search_filter,
        SUBTREE,
        attributes=["cn", "displayName", "memberOf", *_ID_ATTRIBUTES],
        size_limit=2,
    )
    entries = [e for e in conn.response or [] if e.get("type") == "searchResEntry"]
    if len(entries) != 1:  # none, or ambiguous: never guess which person it is
        return None
    return entries[0]["dn"], entries[0].get("attributes", {})


def _groups(conn: Connection, dn: str, attributes: dict, wanted: dict[str, str]) -> set[str]:
    """Return the normalised DNs of the configured groups that ``dn`` is a member of.

    ``memberOf`` (Active Directory, OpenLDAP's memberof overlay) is read when present; each
    configured group is also asked directly (``member`` / ``uniqueMember``), which works
    on every server.
    """
    found = {normalise_dn(g) for g in attributes.get("memberOf") or []} & wanted.keys()
    member = escape_filter_chars(dn)
    for group_dn in wanted.keys() - found:
        conn.search(
            group_dn,
            f"(|(member={member})(uniqueMember={member}))",
            BASE,
            attributes=["cn"],
        )
        if any(e.get("type") == "searchResEntry" for e in conn.response or []):
            found.add(group_dn)
    return found


def check_credentials(email: str, password: str) -> User | None:
    """Return the directory user for ``email`` when ``password`` is theirs, else None.

    The account is created or updated (not committed). Raises ``ExternalLoginError`` when the
    directory cannot be reached or the entry is in no group of ``LDAP_GROUP_ROLES``.
    """
    email = (email or "").strip().lower()
    if not is_enabled() or not email or not password:
        # an empty password would be an anonymous bind, which every server accepts
        return None
    config = current_app.config
    server = _server()
    conn = _connection(server, config.get("LDAP_BIND_DN"), config.get("LDAP_BIND_PASSWORD"))
    try:
        if not conn.bind():
            raise LDAPException(f"service account refused: {conn.result.get('description')}")
        found = _find_entry(conn, email)
        if found is None:
            return None
        dn, attributes = found
        user_conn = _connection(server, dn, password)
        try:
            if not user_conn.bind():
                return None
        finally:
            user_conn.unbind()
        wanted = group_roles()
        groups = _groups(conn, dn, attributes, wanted)
    except LDAPException as exc:
        log.error("LDAP login for %s failed: %s", email, exc)
        raise external.refuse(
            "ldap",
            email,
            "directory_unreachable",
            _l("Der Verzeichnisdienst ist nicht erreichbar. Bitte versuchen Sie es später erneut."),
        ) from exc
    finally:
        conn.unbind()
    stable_id = next((_first(attributes, a) for a in _ID_ATTRIBUTES if attributes.get(a)), None)
    name = _first(attributes, "displayName") or _first(attributes, "cn") or email
    return external.provision(
        "ldap",
        f"ldap:{stable_id or normalise_dn(dn)}",
        email,
        name,
        [wanted[g] for g in groups],
    )
