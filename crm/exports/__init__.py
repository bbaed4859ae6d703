"""Exports: the list builder and its downloads (views.py), letters and labels prepared on the
worker (prepared_views.py, tasks.py)."""

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/exports")

from crm.exports import prepared_views, views  # noqa: E402,F401
