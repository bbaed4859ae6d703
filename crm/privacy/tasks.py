"""The worker's data-protection jobs: erasures asked for on the web, and every night the
retention of old mail bodies and import uploads."""

from __future__ import annotations

from crm.jobs import crontab, periodic, task


@task()
def erase_on_worker(erasure_id: int) -> None:
    """Carry out the erasure ``erasure_id`` step by step (``crm.privacy.erasures``)."""
    from crm.privacy import erasures

    erasures.run(erasure_id)


@periodic(crontab(minute="*"))
def resume_erasures() -> None:
    """Every minute: run erasures whose task was lost or whose worker died."""
    from crm.privacy import erasures

    erasures.resume_waiting()


@periodic(crontab(minute="17", hour="3"))
def retention() -> None:
    """Purge bodies of delivered mails past ``RETENTION_DAYS_MAIL`` and uploads past 24 h."""
    from crm.extensions import db
    from crm.privacy.retention import purge_mail_bodies
    from crm.privacy.uploads import purge_old_uploads

    purge_mail_bodies()
    db.session.commit()
    purge_old_uploads()
