"""Single sign-on with OpenID Connect (Authlib): authorization code flow with PKCE.

``OIDC_ISSUER`` names the provider (Keycloak, an Azure AD / Entra tenant, …); its metadata
(``/.well-known/openid-configuration``) gives the endpoints and keys. Authlib keeps state,
nonce and the PKCE verifier in the user's session and verifies the ID token (signature from
the provider's keys, issuer, audience, expiry, nonce). The role comes from the claim
``OIDC_ROLE_CLAIM`` mapped by ``OIDC_ROLE_MAP``; ``crm.auth.external`` creates or updates
the account. Logging out of the CRM also ends the provider's session (RP-initiated logout).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import current_app
from flask_babel import lazy_gettext as _l
from joserfc.errors import JoseError
from requests import RequestException

from crm.auth import external
from crm.auth.models import User

#: what a failed exchange with the provider raises: its error answer, a bad token, the network
FAILURES = (OAuthError, JoseError, RequestException, KeyError, ValueError)

#: the key of the ID token in Flask's session, kept for the provider's logout
ID_TOKEN = "oidc_id_token"


def is_enabled() -> bool:
    config = current_app.config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


def client():
    """Return the Authlib client for the configured provider (one per set of settings).

    The provider's metadata and keys are fetched once per process and client.
    """
    config = current_app.config
    issuer = config["OIDC_ISSUER"].rstrip("/")
    settings = (issuer, config["OIDC_CLIENT_ID"], config.get("OIDC_CLIENT_SECRET") or "")
    name = "oidc_" + hashlib.sha256(json.dumps(settings).encode()).hexdigest()[:16]
    oauth = current_app.extensions.get("crm_oidc")
    if oauth is None:
        oauth = current_app.extensions["crm_oidc"] = OAuth(current_app)
    found = oauth.create_client(name)
    if found is not None:
        return found
    return oauth.register(
        name,
        client_id=settings[1],
        client_secret=settings[2] or None,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": config["OIDC_SCOPES"],
            "code_challenge_method": "S256",
            "default_timeout": config["OIDC_TIMEOUT"],
        },
    )


def _claim(claims: dict[str, Any], path: str) -> list[str]:
    """Return the values of the claim at ``path`` (dots go into objects: realm_access.roles)."""
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def roles_from(claims: dict[str, Any]) -> list[str]:
    """Return the CRM roles that the role claim's values map to (``OIDC_ROLE_MAP``).

    Without a map, the claim's values are taken as the CRM's role codes themselves.
    """
    config = current_app.config
    values = _claim(claims, config["OIDC_ROLE_CLAIM"])
    raw = config.get("OIDC_ROLE_MAP") or "{}"
    mapping = json.loads(raw) if isinstance(raw, str) else dict(raw)
    if not mapping:
        return values
    return [mapping[v] for v in values if v in mapping]


def finish_login() -> tuple[User, str]:
    """Return the user and the ID token after the provider sent the browser back.

    Exchanges the code (with the PKCE verifier), verifies the ID token, reads the user info
    when the token lacks a claim, and creates or updates the account (not committed).
    Raises one of ``FAILURES`` for a failed exchange or token, ``ExternalLoginError`` (audited)
    when the CRM refuses the person.
    """
    app_client = client()
    token = app_client.authorize_access_token()
    claims = dict(token["userinfo"])  # the verified ID token's claims
    role_claim = current_app.config["OIDC_ROLE_CLAIM"].split(".")[0]
    if "email" not in claims or role_claim not in claims:
        info = app_client.userinfo(token=token)
        if info.get("sub") == claims["sub"]:  # OIDC Core 5.3.2: else it must not be used
            claims = {**info, **claims}
    email = str(claims.get("email") or "").strip().lower()
    if not email or claims.get("email_verified") is False:
        raise external.refuse(
            "oidc",
            email,
            "no_email",
            _l(
                "Der Anmeldedienst hat keine bestätigte E-Mail-Adresse übermittelt. Bitte "
                "wenden Sie sich an die Verwaltung."
            ),
        )
    name = claims.get("name") or " ".join(
        str(claims[k]) for k in ("given_name", "family_name") if claims.get(k)
    )
    user = external.provision(
        "oidc",
        f"oidc:{claims['iss']}|{claims['sub']}"[:500],
        email,
        name or email,
        roles_from(claims),
    )
    return user, token["id_token"]


def end_session_url(id_token: str | None, return_to: str) -> str | None:
    """Return the provider's logout URL for a session that logged in by SSO, else None."""
    if not id_token or not is_enabled():
        return None
    try:
        if not client().load_server_metadata().get("end_session_endpoint"):
            return None
        return client().create_logout_url(
            post_logout_redirect_uri=return_to,
            id_token_hint=id_token,
            client_id=current_app.config["OIDC_CLIENT_ID"],
        )["url"]
    except FAILURES:  # the provider is down: the CRM's own logout still happens
        return None
