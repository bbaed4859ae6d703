"""Reports: Länder balance, membership matrix, gaps, changes between two dates (pages,
printable, XLSX)."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from crm.reports import changes_views, participation_views, views  # noqa: E402,F401
