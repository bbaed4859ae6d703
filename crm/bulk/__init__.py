"""Bulk actions on the organisation and person lists (actions.py: which; views.py: the
bar's post and its step page; operations.py, exporting.py: what they change)."""

from flask import Blueprint

bp = Blueprint("bulk", __name__, url_prefix="/bulk")

from crm.bulk import panels, views  # noqa: E402,F401
