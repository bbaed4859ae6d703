"""Delivery of the outbox over SMTP by the worker: one claimed mail at a time, each in its
own try.

A worker *claims* a due mail before it talks to the SMTP server: the row turns ``sending``
with a lease (``claimed_until`` = now + ``MAIL_LEASE_SECONDS``) and the worker's name
(``claimed_by``), and that is committed. On PostgreSQL the candidate row is read with
``FOR UPDATE SKIP LOCKED``, so two workers never wait for each other; the claim itself is
a conditional UPDATE (still due? then mine), which is what makes it exclusive on SQLite
too. After the server's answer the worker writes the outcome, again only while it still
holds the lease. A worker killed mid-send leaves its mail ``sending``; once the lease has
run out, any worker takes it again, so no mail is lost. A mail is sent twice only if a
worker dies in the instant between the server's "250 accepted" and its own commit (the
second copy then has the same Message-ID, which mail clients merge).

A mail that cannot be built (a header with a line break …) or that the server refuses
permanently (5xx) is ``failed`` at once with the reason; a temporary error is retried with
exponential backoff (1, 2, 4 … minutes, at most 6 hours) up to ``MAIL_MAX_ATTEMPTS``. When
the server cannot be reached the run stops (the mail in hand is retried later), rather
than counting the same error against every queued mail.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from crm.extensions import db
from crm.mail import mime
from crm.mail.models import OutboxMail
from crm.time import utcnow

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
#: this process's name in ``claimed_by``
WORKER = f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass
class SendResult:
    sent: int = 0
    retry: int = 0
    failed: int = 0


class Unreachable(Exception):
    """The SMTP server cannot be reached: stop this run."""


def backoff(attempts: int) -> timedelta:
    """Return the wait before the next attempt after ``attempts`` failed ones."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def is_due(now: datetime) -> sa.ColumnElement[bool]:
    """Return the condition of a mail a worker may take at ``now``."""
    return sa.or_(
        sa.and_(
            OutboxMail.status == "queued",
            sa.or_(OutboxMail.next_attempt_at.is_(None), OutboxMail.next_attempt_at <= now),
        ),
        sa.and_(OutboxMail.status == "sending", OutboxMail.claimed_until < now),
    )


def claim_next(now: datetime, lease: timedelta) -> OutboxMail | None:
    """Claim the oldest due mail for this worker (committed); None when nothing is due."""
    while True:
        candidate = db.session.scalar(
            sa.select(OutboxMail.id)
            .where(is_due(now))
            .order_by(OutboxMail.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if candidate is None:
            db.session.rollback()
            return None
        taken = db.session.execute(
            sa.update(OutboxMail)
            .where(OutboxMail.id == candidate, is_due(now))
            .values(
                status="sending",
                claimed_until=now + lease,
                claimed_by=WORKER,
                attempts=OutboxMail.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
        if taken == 1:
            return db.session.get(OutboxMail, candidate)


def _finish(mail: OutboxMail, **values) -> bool:
    """Write the outcome of this worker's attempt; False if its lease was lost meanwhile."""
    done = db.session.execute(
        sa.update(OutboxMail)
        .where(
            OutboxMail.id == mail.id,
            OutboxMail.status == "sending",
            OutboxMail.claimed_by == WORKER,
        )
        .values(claimed_until=None, claimed_by=None, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not done:
        log.warning("outbox mail %s: lease lost before the outcome was written", mail.id)
    return bool(done)


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


class Connection:
    """One SMTP connection for a run, opened on first use and again after a drop."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.smtp: smtplib.SMTP | None = None

    def send(self, msg) -> None:
        if self.smtp is None:
            cfg = current_app.config
            try:
                smtp = smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), timeout=self.timeout)
                if cfg.get("MAIL_USE_TLS"):
                    smtp.starttls()
                if cfg.get("MAIL_USERNAME"):
                    smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
            except (OSError, smtplib.SMTPException) as exc:
                raise Unreachable(f"SMTP-Verbindung fehlgeschlagen: {exc!r}") from exc
            self.smtp = smtp
        try:
            self.smtp.send_message(msg)
        except (smtplib.SMTPServerDisconnected, OSError):
            self.smtp = None
            raise

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()
            self.smtp = None


def _retry_or_fail(
    mail: OutboxMail, error: str, now: datetime, result: SendResult, max_attempts: int
) -> None:
    values = {"last_error": error[:2000], "message_id": mail.message_id}
    if mail.attempts >= max_attempts:
        result.failed += 1
        _finish(mail, status="failed", next_attempt_at=None, **values)
    else:
        result.retry += 1
        _finish(mail, status="queued", next_attempt_at=now + backoff(mail.attempts), **values)


def send_one(mail: OutboxMail, conn: Connection, now: datetime, result: SendResult) -> None:
    """Try one claimed mail and write what came of it; raises Unreachable to end the run."""
    cfg = current_app.config
    sender = cfg["MAIL_DEFAULT_SENDER"]
    max_attempts = int(cfg.get("MAIL_MAX_ATTEMPTS", 8))
    if not mail.message_id:
        # written before the attempt: a copy sent again after a crash has the same one
        mail.message_id = mime.new_message_id(mail, sender)
        db.session.commit()
    try:
        msg = mime.build(mail, sender, reply_to=cfg.get("MAIL_REPLY_ADDRESS"))
    except Exception as exc:  # noqa: BLE001 (whatever breaks one mail must not stop the queue)
        result.failed += 1
        _finish(mail, status="failed", last_error=f"Mail nicht erstellbar: {exc}"[:2000])
        return
    try:
        conn.send(msg)
    except Unreachable as exc:
        _retry_or_fail(mail, str(exc), now, result, max_attempts)
        raise
    except (OSError, smtplib.SMTPException) as exc:
        _retry_or_fail(mail, f"{exc!r}", now, result, 1 if _is_permanent(exc) else max_attempts)
        return
    result.sent += 1
    _finish(
        mail,
        status="sent",
        sent_at=utcnow(),
        last_error=None,
        next_attempt_at=None,
        message_id=mail.message_id,
    )


def send_pending(now: datetime | None = None, limit: int | None = None) -> SendResult:
    """Deliver the due mails, one claimed at a time; return how many were sent, will be
    retried, failed. Several workers may run this at once."""
    now = now or utcnow()
    lease = timedelta(seconds=int(current_app.config.get("MAIL_LEASE_SECONDS", 600)))
    conn = Connection(timeout=min(30.0, lease.total_seconds() / 3))
    result = SendResult()
    try:
        while limit is None or result.sent + result.retry + result.failed < limit:
            mail = claim_next(now, lease)
            if mail is None:
                break
            try:
                send_one(mail, conn, now, result)
            except Unreachable:
                break
    finally:
        conn.close()
    return result
