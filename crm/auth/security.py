"""Login required everywhere (except views marked ``@public``) and security headers."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, redirect, request, url_for
from flask_login import current_user

from crm.extensions import login_manager

#: endpoints that need no login besides those marked with ``@public``
PUBLIC_ENDPOINTS = {"static", "bootstrap.static"}
#: what a user who must first set up a second factor may still reach
ENROLMENT_ENDPOINTS = {"auth.mfa_setup", "auth.logout", "main.language"}

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
    def load_user(user_id: str):
        # the cookie names a server-side session record; an ended one logs nobody in
        from crm.auth import sessions

        return sessions.current(user_id)

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
        if request.endpoint not in ENROLMENT_ENDPOINTS:
            from crm.auth import mfa

            if mfa.needs_enrolment(current_user):
                # a role that needs a second factor sets it up before anything else
                return redirect(url_for("auth.mfa_setup"))
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
        if (
            current_user
            and getattr(current_user, "is_authenticated", False)
            and request.endpoint not in PUBLIC_ENDPOINTS
            and "no-store" not in response.headers.get("Cache-Control", "")
        ):
            # pages and downloads with personal data are kept in no cache at all (send_file's
            # "no-cache" would still store the file on disk)
            response.headers["Cache-Control"] = "no-store"
        return response
