"""The outbox page ``/outbox/``: every queued, sent, failed or bounced mail with its state,
attempts and last error, the rendered mail, and resend / correct-and-resend / cancel.

The secretariat sees all mails, a group lead the mails of the groups they manage.
"""

from flask import Blueprint

bp = Blueprint("outbox", __name__, url_prefix="/outbox")

from crm.outbox import views  # noqa: E402,F401
