"""The outbox: queue e-mails in the caller's transaction, deliver them later over SMTP.

``queue()`` only adds an ``OutboxMail`` row to the session, so a mail exists exactly when
the change that caused it is committed. ``send_pending()`` (run by ``flask mail send``, e.g.
every minute from cron or a systemd timer) delivers due mails one by one, committing after
each, so a crash loses no mail (at worst the one mail in flight, if the process dies between
the SMTP server's acceptance and the commit, is sent again). A failed attempt is retried with
exponential backoff (1, 2, 4 … minutes, at most 6 hours); after ``MAIL_MAX_ATTEMPTS``
attempts (or at once when the server refuses the recipient permanently, 5xx) the mail is
marked ``failed`` with the last error and stays visible; ``flask mail retry-failed`` queues
failed mails again.
"""

from __future__ import annotations

import contextlib
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

import sqlalchemy as sa
from flask import current_app

from crm.extensions import db
from crm.mail.models import OutboxMail
from crm.time import utcnow

DEFAULT_MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(hours=6)


def queue(
    to_address: str,
    subject: str,
    body_text: str,
    *,
    body_html: str | None = None,
    ical: str | None = None,
    ical_method: str | None = None,
    invitation=None,
) -> OutboxMail:
    """Add a pending mail to the session; it is sent once the caller's transaction commits."""
    mail = OutboxMail(
        to_address=to_address,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        ical=ical,
        ical_method=ical_method,
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    if invitation is not None:
        mail.invitation_id = invitation.id
    db.session.add(mail)
    return mail


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    """Return the MIME message: text (+ HTML) and the calendar file as text/calendar."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = mail.to_address
    msg["Subject"] = mail.subject
    msg["Date"] = formatdate(localtime=False)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "crm.local"
    msg["Message-ID"] = make_msgid(idstring=f"outbox{mail.id}", domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(mail.body_text)
    if mail.body_html:
        msg.add_alternative(mail.body_html, subtype="html")
    if mail.ical:
        method = mail.ical_method or "REQUEST"
        msg.add_attachment(
            mail.ical,
            subtype="calendar",
            filename="absage.ics" if method == "CANCEL" else "einladung.ics",
            params={"method": method},
        )
    return msg


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass
class SendResult:
    sent: int = 0
    retry: int = 0
    failed: int = 0


def _connect() -> smtplib.SMTP:
    cfg = current_app.config
    smtp = smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), timeout=30)
    if cfg.get("MAIL_USE_TLS"):
        smtp.starttls()
    if cfg.get("MAIL_USERNAME"):
        smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
    return smtp


def due_query(now: datetime, limit: int) -> sa.Select:
    """Return the SELECT of pending mails due at ``now``, oldest first."""
    return (
        sa.select(OutboxMail)
        .where(
            OutboxMail.status == "pending",
            sa.or_(OutboxMail.next_attempt_at.is_(None), OutboxMail.next_attempt_at <= now),
        )
        .order_by(OutboxMail.id)
        .limit(limit)
    )


def send_pending(now: datetime | None = None, limit: int = 500) -> SendResult:
    """Deliver the due pending mails; return how many were sent, will be retried, failed.

    Several workers may run at once on PostgreSQL: rows are claimed with
    ``FOR UPDATE SKIP LOCKED`` one at a time, so no mail is sent twice.
    """
    now = now or utcnow()
    cfg = current_app.config
    sender = cfg["MAIL_DEFAULT_SENDER"]
    max_attempts = int(cfg.get("MAIL_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))
    result = SendResult()
    smtp: smtplib.SMTP | None = None
    connect_error: str | None = None
    seen: set[int] = set()
    try:
        while len(seen) < limit:
            stmt = due_query(now, 1).where(OutboxMail.id.not_in(seen) if seen else sa.true())
            mail = db.session.scalar(stmt.with_for_update(skip_locked=True))
            if mail is None:
                break
            seen.add(mail.id)
            error = None
            if smtp is None and connect_error is None:
                try:
                    smtp = _connect()
                except (OSError, smtplib.SMTPException) as exc:
                    connect_error = f"SMTP-Verbindung fehlgeschlagen: {exc!r}"
            if connect_error:
                error = connect_error
            else:
                try:
                    smtp.send_message(build_message(mail, sender))
                except smtplib.SMTPRecipientsRefused as exc:
                    error = f"{exc!r}"
                    # 5xx for the recipient is permanent: retrying will not help
                    if all(code >= 500 for code, _ in exc.recipients.values()):
                        mail.attempts = max_attempts - 1
                except (OSError, smtplib.SMTPException) as exc:
                    error = f"{exc!r}"
                    if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
                        smtp = None
            mail.attempts += 1
            if error is None:
                mail.status = "sent"
                mail.sent_at = utcnow()
                mail.last_error = None
                mail.next_attempt_at = None
                result.sent += 1
            else:
                mail.last_error = error[:2000]
                if mail.attempts >= max_attempts:
                    mail.status = "failed"
                    mail.next_attempt_at = None
                    result.failed += 1
                else:
                    mail.next_attempt_at = now + _backoff(mail.attempts)
                    result.retry += 1
            db.session.commit()
    finally:
        if smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
    return result


def retry_failed() -> int:
    """Put failed mails back in the queue (after the SMTP problem is fixed); return how many."""
    rows = db.session.scalars(sa.select(OutboxMail).where(OutboxMail.status == "failed")).all()
    for mail in rows:
        mail.status = "pending"
        mail.attempts = 0
        mail.next_attempt_at = utcnow()
    return len(rows)
