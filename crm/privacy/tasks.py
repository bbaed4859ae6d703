"""The worker's retention jobs: old mail bodies and import uploads, every night."""

from __future__ import annotations

from crm.jobs import crontab, periodic


@periodic(crontab(minute="17", hour="3"))
def retention() -> None:
    """Purge bodies of delivered mails past ``RETENTION_DAYS_MAIL`` and uploads past 24 h."""
    from crm.extensions import db
    from crm.privacy.retention import purge_mail_bodies
    from crm.privacy.uploads import purge_old_uploads

    purge_mail_bodies()
    db.session.commit()
    purge_old_uploads()
