"""The worker's reminder task: every five minutes, the due automatic reminders."""

from __future__ import annotations

from crm.jobs import crontab, periodic


@periodic(crontab(minute="*/5"))
def send_reminders() -> None:
    """Queue the due automatic reminders (``crm.meetings.reminders``)."""
    from crm.meetings import reminders

    reminders.send_due_reminders()
