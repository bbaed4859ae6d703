"""Imports: see views.py."""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")

from crm.imports import tasks, views  # noqa: E402,F401  (tasks: registered with the worker)
