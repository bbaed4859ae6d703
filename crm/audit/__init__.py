"""The audit trail: who changed or exported what."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")
