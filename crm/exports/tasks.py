"""The worker renders prepared letters and labels and deletes expired ones."""

from __future__ import annotations

import logging

from crm.jobs import crontab, periodic, task

log = logging.getLogger(__name__)


@task()
def render_prepared(file_id: int) -> None:
    """Render the prepared file ``file_id`` (letters or labels), counting its progress."""
    from crm.exports.rendering import render

    render(file_id)


@periodic(crontab(minute="*"))
def render_waiting_files() -> None:
    """Every minute: render files whose task was lost; fail those whose worker died."""
    from crm.exports import rendering

    for file_id in rendering.waiting_ids():
        rendering.render(file_id)
    rendering.fail_abandoned()


@periodic(crontab(minute="17"))
def delete_expired_files() -> None:
    """Delete prepared PDFs older than ``PREPARED_FILE_HOURS`` (every hour)."""
    from crm.exports import prepared as files

    if count := files.delete_expired():
        log.info("deleted %s expired prepared files", count)
