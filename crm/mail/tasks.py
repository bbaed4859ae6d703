"""The worker delivers the outbox every minute (no cron needed)."""

from __future__ import annotations

from flask import current_app

from crm.jobs import crontab, periodic


@periodic(crontab(minute="*"))
def deliver_outbox() -> None:
    """Send the due mails of the outbox; without ``MAIL_SERVER`` they stay queued."""
    from crm.mail import delivery

    if current_app.config.get("MAIL_SERVER"):
        delivery.send_pending()


@periodic(crontab(minute="*"))
def read_reply_mailbox() -> None:
    """Read replies and bounces from the reply mailbox (``MAIL_IMAP_HOST``), if set."""
    from crm.mail import inbound

    if current_app.config.get("MAIL_IMAP_HOST"):
        inbound.read_inbox()
