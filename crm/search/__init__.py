"""Search across organisations, people, groups and meetings (``/search?q=``)."""

from flask import Blueprint

bp = Blueprint("search", __name__)

from crm.search import views  # noqa: E402,F401
