"""Erasures asked for on the web: stored, carried out by the worker step by step, followed
on a progress page.

Scrubbing the change history, the outbox and the files grows with the data, so a request
never does it: ``request_erasure`` stores an ``Erasure`` (and stops every mail to the person
at once), the worker task ``erase_on_worker`` runs the steps of ``erase.STEPS``, committing
after each, and the page of the erasure shows which step it is at. The person's values are
kept on the erasure until the last step, so a worker that died goes on where it stopped
(``resume_waiting``, every minute); the last step removes them, scrubs the reason and
writes the audit event (without personal data) with the user who asked.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.extensions import db
from crm.privacy.erase import (
    STEPS,
    ErasureError,
    Traces,
    check_erasable,
    record_erasure,
    run_step,
    scrub_text,
    traces_of,
)
from crm.privacy.models import Erasure
from crm.privacy.tasks import erase_on_worker
from crm.time import utcnow

log = logging.getLogger(__name__)

#: a running erasure whose step did not finish in this time is taken over (its worker died)
STALE_AFTER = timedelta(minutes=10)


def pending(contact: Contact) -> Erasure | None:
    """Return the erasure of ``contact`` that is queued or running, if there is one."""
    return db.session.scalar(
        sa.select(Erasure).where(
            Erasure.contact_id == contact.id, Erasure.status.in_(("queued", "running"))
        )
    )


def request_erasure(contact: Contact, reason: str, user) -> Erasure:
    """Store the erasure of ``contact`` and queue it for the worker; from now on nobody
    writes to the person. Commits (the worker must see the row)."""
    reason = check_erasable(contact, reason)
    if (already := pending(contact)) is not None:
        return already
    erasure = Erasure(
        contact_id=contact.id,
        requested_by_id=getattr(user, "id", None),
        reason=reason,
        traces=traces_of(contact).as_json(),
        counts={},
    )
    contact.is_no_contact = True
    db.session.add(erasure)
    db.session.commit()
    erase_on_worker(erasure.id)
    return erasure


def _claim(erasure_id: int) -> bool:
    """Take the erasure if it is queued, or running without progress (its worker died)."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Erasure)
        .where(
            Erasure.id == erasure_id,
            sa.or_(
                Erasure.status == "queued",
                sa.and_(Erasure.status == "running", Erasure.updated_at < now - STALE_AFTER),
            ),
        )
        .values(status="running", updated_at=now)
    ).rowcount
    db.session.commit()
    return claimed == 1


def run(erasure_id: int) -> None:
    """Carry out erasure ``erasure_id`` from the step it reached; a failure is stored."""
    if not _claim(erasure_id):
        return
    erasure = db.session.get(Erasure, erasure_id)
    contact = db.session.get(Contact, erasure.contact_id)
    t = Traces.from_json(erasure.traces)
    counts = dict(erasure.counts or {})
    with force_locale("de"):
        try:
            for index in range(erasure.done, len(STEPS)):
                run_step(index, contact, t, counts)
                erasure.done, erasure.counts = index + 1, dict(counts)
                if index + 1 < len(STEPS):
                    db.session.commit()
            user = (
                db.session.get(User, erasure.requested_by_id) if erasure.requested_by_id else None
            )
            record_erasure(contact, t, erasure.reason, counts, user=user)
            erasure.reason = scrub_text(erasure.reason, t.strong | t.own)
            erasure.traces, erasure.status, erasure.finished_at = None, "done", utcnow()
            db.session.commit()
        except ErasureError as exc:
            _failed(erasure_id, str(exc))
        except Exception:  # the page must say so rather than wait for ever
            log.exception("erasure %s failed", erasure_id)
            _failed(erasure_id, "Die Löschung ist fehlgeschlagen (interner Fehler).")


def _failed(erasure_id: int, message: str) -> None:
    """Mark the erasure failed; the steps done so far stay (they are repeatable)."""
    db.session.rollback()
    erasure = db.session.get(Erasure, erasure_id)
    erasure.status, erasure.error = "failed", message
    db.session.commit()


def retry(erasure: Erasure) -> None:
    """Queue a failed erasure again: it goes on from the step it reached."""
    if erasure.status == "failed":
        erasure.status, erasure.error = "queued", None
        db.session.commit()
        erase_on_worker(erasure.id)


def resume_waiting() -> int:
    """Run the erasures whose task was lost or whose worker died; return how many."""
    ids = db.session.scalars(
        sa.select(Erasure.id)
        .where(
            sa.or_(
                Erasure.status == "queued",
                sa.and_(Erasure.status == "running", Erasure.updated_at < utcnow() - STALE_AFTER),
            )
        )
        .order_by(Erasure.id)
    ).all()
    for erasure_id in ids:
        run(erasure_id)
    return len(ids)


def progress(erasure: Erasure) -> dict:
    """Return how far the erasure is: status, steps done of all, the current step's label."""
    total = len(STEPS)
    step = STEPS[min(erasure.done, total - 1)][1]
    return {
        "status": erasure.status,
        "status_label": erasure.status_label,
        "done": erasure.done,
        "total": total,
        "percent": 100 if erasure.status == "done" else int(100 * erasure.done / total),
        "step": str(step),
    }
