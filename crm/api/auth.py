"""Bearer-token authentication for /api/v1 and the per-token rate limit.

The API knows no session: a browser's login cookie does not authenticate it (so no other
site can make a logged-in browser change data). The token's user becomes ``current_user``
for the request, so services, permissions and audit events see the same person as in the UI.
"""

from __future__ import annotations

from flask import current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from crm.api import tokens
from crm.api.problems import Problem


def bearer_secret() -> str | None:
    """Return the token sent as ``Authorization: Bearer …``, or None."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip() or None


def authenticate_request() -> None:
    """Make the token's user the request's user, or refuse with 401."""
    token = tokens.authenticate(bearer_secret() or "")
    if token is None:
        raise Problem(401, headers={"WWW-Authenticate": 'Bearer realm="api"'})
    g.api_token = token
    # Flask-Login's user of this request (no session is written: the API stays stateless)
    g._login_user = token.user


def rate_key() -> str:
    """Return whom a request counts against: its token (by hash), else its address."""
    secret = bearer_secret()
    if secret:
        return "token:" + tokens.hash_token(secret)[:32]
    return "addr:" + (get_remote_address() or "unknown")


def rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


limiter = Limiter(key_func=rate_key, headers_enabled=True)


def init_limiter(app) -> None:
    """Count in Redis when ``REDIS_URL`` is set (shared by all workers), else in memory."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
