"""Meetings: list, detail, agenda, date poll, invitations, attendance, minutes, calendar files."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

from crm.meetings import group_panel, history, imip, merge, panels, tasks, views  # noqa: E402,F401
