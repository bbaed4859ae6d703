"""People (contacts): list, detail and (issue 3) management."""

from flask import Blueprint

bp = Blueprint("contacts", __name__, url_prefix="/contacts")

from crm.contacts import bounces, consent, history, merge, panels, views  # noqa: E402,F401
