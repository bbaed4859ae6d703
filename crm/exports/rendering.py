"""How the worker turns a ``PreparedFile`` into its PDF, saving progress as it goes."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from crm.exports.columns import LETTER_FIELDS
from crm.exports.downloads import PdfOptions, render_pdf
from crm.exports.filters import ContactFilter, export_scope
from crm.exports.models import PreparedFile
from crm.exports.prepared import path_of, write_private
from crm.exports.queries import stream_contact_rows
from crm.extensions import db
from crm.rules import RuleError
from crm.time import utcnow

log = logging.getLogger(__name__)

#: how often (seconds) the progress of a running file is saved for its page to show
PROGRESS_EVERY = 1.0


def render(file_id: int) -> None:
    """Render prepared file ``file_id`` once; a failure is stored on it, never raised."""
    if not _claim(file_id):
        return  # another worker has it, or it is finished
    prepared = db.session.get(PreparedFile, file_id)
    with force_locale("de"):
        try:
            flt = ContactFilter.from_args(prepared.args())
            scope = export_scope(prepared.owner)
            rows = list(stream_contact_rows(flt, scope, LETTER_FIELDS))
            prepared.total = len(rows)
            db.session.commit()
            options = PdfOptions(prepared.subject, prepared.body, prepared.label, prepared.start)
            pdf = render_pdf(prepared.kind, _counted(rows, prepared), options, flt.as_of)
            write_private(path_of(prepared), pdf)
        except RuleError as exc:
            _failed(prepared, str(exc))
            return
        except Exception:  # the page must say so rather than wait for ever
            log.exception("prepared file %s failed", file_id)
            _failed(prepared, _("Die Datei konnte nicht erstellt werden (interner Fehler)."))
            return
    # only a file still running becomes done: an erasure may have withdrawn it meanwhile
    finished = db.session.execute(
        sa.update(PreparedFile)
        .where(PreparedFile.id == file_id, PreparedFile.status == "running")
        .values(status="done", done=prepared.total, finished_at=utcnow()),
        execution_options={"synchronize_session": "fetch"},
    ).rowcount
    db.session.commit()
    if not finished:
        path_of(prepared).unlink(missing_ok=True)


def _claim(file_id: int) -> bool:
    """Mark the file running if it is still queued; only one worker can win this."""
    claimed = db.session.execute(
        sa.update(PreparedFile)
        .where(PreparedFile.id == file_id, PreparedFile.status == "queued")
        .values(status="running", updated_at=utcnow())
    ).rowcount
    db.session.commit()
    return claimed == 1


def waiting_ids() -> list[int]:
    """Return the files still queued (their task was lost, e.g. the queue was emptied)."""
    stmt = sa.select(PreparedFile.id).where(PreparedFile.status == "queued")
    return list(db.session.scalars(stmt.order_by(PreparedFile.id)))


def fail_abandoned(minutes: int = 30) -> int:
    """Mark running files without progress for ``minutes`` failed (their worker died)."""
    failed = db.session.execute(
        sa.update(PreparedFile)
        .where(
            PreparedFile.status == "running",
            PreparedFile.updated_at < utcnow() - timedelta(minutes=minutes),
        )
        .values(
            status="failed",
            error=_("Die Erstellung wurde abgebrochen. Bitte erneut anfordern."),
            finished_at=utcnow(),
        )
    ).rowcount
    db.session.commit()
    return failed


def _counted(rows: list, prepared: PreparedFile):
    """Yield ``rows``, saving how many were rendered about once a second."""
    saved_at = time.monotonic()
    for number, row in enumerate(rows, 1):
        yield row
        if time.monotonic() - saved_at >= PROGRESS_EVERY:
            prepared.done = number
            db.session.commit()
            saved_at = time.monotonic()


def _failed(prepared: PreparedFile, message: str) -> None:
    db.session.rollback()
    prepared.status, prepared.error, prepared.finished_at = "failed", message, utcnow()
    db.session.commit()
