"""Exports: see views.py."""

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/exports")

from crm.exports import views  # noqa: E402,F401
