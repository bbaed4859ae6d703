"""Login, logout and user administration."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from crm.auth import account_views, admin_views, merge, sso_views, views  # noqa: E402,F401
