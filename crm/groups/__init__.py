"""Groups, memberships and seats."""

from flask import Blueprint

bp = Blueprint("groups", __name__, url_prefix="/groups")

from crm.groups import history, merge, panels, views  # noqa: E402,F401
