"""Login required everywhere (except views marked ``@public``) and security headers."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, request
from flask_login import current_user

from crm.extensions import login_manager

#: endpoints that need no login besides those marked with ``@public``
PUBLIC_ENDPOINTS = {"static", "bootstrap.static"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'; frame-ancestors 'none'"
)


def public(view: Callable) -> Callable:
    """Mark a view as reachable without login (login page, health check, invitee links)."""
    view.is_public = True
    return view


def is_public_endpoint(app: Flask, endpoint: str | None) -> bool:
    if endpoint is None or endpoint in PUBLIC_ENDPOINTS:
        return True
    view = app.view_functions.get(endpoint)
    return bool(getattr(view, "is_public", False))


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Bitte melden Sie sich an."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(session_id: str):
        import hmac

        from crm.auth.models import User
        from crm.extensions import db

        user_id, _, token = session_id.partition(":")
        if not user_id.isdigit() or not token:
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.is_active:
            return None
        # a changed password (or reset by an admin) ends every older session
        return user if hmac.compare_digest(token, user.session_token()) else None

    @app.before_request
    def require_login():
        if is_public_endpoint(app, request.endpoint):
            return None
        if request.path.startswith("/api/"):
            # the API authenticates every request by its token (crm.api.auth), never by the
            # login session; tests/auth/test_access.py checks that each API URL answers 401
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if current_user and getattr(current_user, "is_authenticated", False):
            # pages with personal data are not kept in shared caches
            response.headers.setdefault("Cache-Control", "no-store")
        return response
