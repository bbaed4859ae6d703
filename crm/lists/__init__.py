"""Saved distribution lists (Verteiler): see models.py and views.py."""

from flask import Blueprint

bp = Blueprint("lists", __name__, url_prefix="/lists")

from crm.lists import merge, panels, views  # noqa: E402,F401
