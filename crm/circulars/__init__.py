"""Circular mails (Rundschreiben): composed by the secretariat to a list of the export
builder, sent through the outbox one mail per person, with a result page and an
unsubscribe link in every mail."""

from flask import Blueprint

bp = Blueprint("circulars", __name__, url_prefix="/circulars")

from crm.circulars import tasks, views  # noqa: E402,F401  (tasks: registered with the worker)
