"""Imports page (the full feature is built in its own issue)."""

from flask import render_template

from crm.imports import bp


@bp.route("/")
def index():
    """Say plainly that this feature is not available yet."""
    return render_template("imports/index.html")
