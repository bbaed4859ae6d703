"""The outbox: queue e-mails in the caller's transaction; put mails back, copy, cancel.

``queue()`` only adds an ``OutboxMail`` row to the session, so a mail exists exactly when
the change that caused it is committed. The worker delivers it (``crm.mail.delivery``).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.extensions import db
from crm.mail.models import OutboxMail
from crm.rules import RuleError
from crm.time import utcnow

#: states a person may still cancel, and states worth sending again
CANCELLABLE = ("queued", "failed")
RESENDABLE = ("sent", "failed", "bounced", "cancelled")


def queue(
    to_address: str,
    subject: str,
    body_text: str,
    *,
    body_html: str | None = None,
    ical: str | None = None,
    ical_method: str | None = None,
    invitation=None,
    kind: str = "other",
    group_id: int | None = None,
    contact_id: int | None = None,
    circular_id: int | None = None,
    unsubscribe_url: str | None = None,
    attachments: list[dict] | None = None,
    not_before: datetime | None = None,
) -> OutboxMail:
    """Add a queued mail to the session; it is sent once the caller's transaction commits
    (and not before ``not_before``: circulars go out in batches). ``attachments`` are
    references to stored files (``OutboxMail.attachments``), read when the mail is sent."""
    mail = OutboxMail(
        to_address=to_address,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        ical=ical,
        ical_method=ical_method,
        status="queued",
        kind=kind,
        attempts=0,
        next_attempt_at=not_before or utcnow(),
        group_id=group_id,
        contact_id=contact_id,
        circular_id=circular_id,
        unsubscribe_url=unsubscribe_url,
        attachments=attachments,
    )
    if invitation is not None:
        mail.invitation_id = invitation.id
        mail.contact_id = contact_id or invitation.contact_id
    db.session.add(mail)
    return mail


def retry_failed() -> int:
    """Put failed mails back in the queue (after the SMTP problem is fixed); return how many."""
    rows = db.session.scalars(sa.select(OutboxMail).where(OutboxMail.status == "failed")).all()
    for mail in rows:
        mail.status = "queued"
        mail.attempts = 0
        mail.next_attempt_at = utcnow()
    return len(rows)


def cancel(mail: OutboxMail) -> None:
    """Cancel a mail that has not gone out (queued or failed)."""
    if mail.status not in CANCELLABLE:
        raise RuleError(_l("Nur wartende oder fehlgeschlagene Mails können storniert werden."))
    mail.status = "cancelled"
    mail.next_attempt_at = None


def resend(mail: OutboxMail, to_address: str | None = None) -> OutboxMail:
    """Queue a copy of ``mail`` (to a corrected address, if given); the original stays as
    it was, so the outbox keeps what happened. A queued mail just gets the new address."""
    if mail.status in ("queued", "sending"):
        if mail.status == "sending" or not to_address:
            raise RuleError(_l("Diese Mail wartet schon auf den Versand."))
        mail.to_address = to_address
        return mail
    copy = queue(
        to_address or mail.to_address,
        mail.subject,
        mail.body_text,
        body_html=mail.body_html,
        ical=mail.ical,
        ical_method=mail.ical_method,
        kind=mail.kind,
        group_id=mail.group_id,
        contact_id=mail.contact_id,
        circular_id=mail.circular_id,
        unsubscribe_url=mail.unsubscribe_url,
        attachments=mail.attachments,
    )
    copy.invitation_id = mail.invitation_id
    return copy
