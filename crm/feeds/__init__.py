"""Subscribable calendar feeds ``/calendar/<token>.ics`` (secret, revocable; no login) and the
page where users manage them (``/meetings/feeds``).

The package is called ``feeds`` so that it does not shadow Python's ``calendar`` module;
the blueprint (and so every endpoint) is named ``calendar``.
"""

from flask import Blueprint

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

from crm.feeds import views  # noqa: E402,F401
