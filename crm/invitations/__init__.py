"""The invitee's personal page ``/invitations/<token>``: date poll, RSVP, substitute (no login)."""

from flask import Blueprint

bp = Blueprint("invitations", __name__, url_prefix="/invitations")

from crm.invitations import views  # noqa: E402,F401
