"""Login, logout and user administration."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from crm.auth import merge, sso_views, views  # noqa: E402,F401
