"""Search across organisations, people, groups and meetings (``/search?q=``)."""

from flask import Blueprint

bp = Blueprint("search", __name__)
