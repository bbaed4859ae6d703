"""Meetings: list, detail, calendar files."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)
