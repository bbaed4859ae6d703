"""The outbox: e-mails are queued in the database and delivered by the background worker."""

from crm.mail import tasks  # noqa: E402,F401  (registers the delivery task with the worker)
