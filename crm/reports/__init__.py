"""Reports: Länder balance, membership matrix, gaps (pages, printable, XLSX)."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from crm.reports import participation_views, views  # noqa: E402,F401
