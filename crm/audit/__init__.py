"""The audit trail: who changed or exported what."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")

from crm.audit import views  # noqa: E402,F401
