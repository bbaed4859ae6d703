"""Organisations: list, detail and (issue 3) management."""

from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisations")

from crm.organisations import history, views  # noqa: E402,F401
