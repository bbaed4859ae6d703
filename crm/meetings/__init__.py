"""Meetings: list, detail, calendar files."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from crm.meetings import group_panel, merge, panels, views  # noqa: E402,F401
