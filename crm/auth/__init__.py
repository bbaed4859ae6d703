"""Login, logout and user administration."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
