"""What the outbox page changes: cancel, resend, correct the address and resend (audited)."""

from __future__ import annotations

from crm.audit import services as audit
from crm.extensions import db
from crm.mail import services
from crm.mail.models import OutboxMail


def cancel(mail: OutboxMail) -> None:
    """Cancel a mail that has not gone out."""
    services.cancel(mail)
    audit.record(
        "cancel",
        "outbox_mails",
        mail.id,
        summary=audit.Message(
            audit.N_("%(address)s: %(subject)s"), address=mail.to_address, subject=mail.subject
        ),
    )


def resend(mail: OutboxMail, to_address: str | None = None) -> OutboxMail:
    """Queue the mail again (a copy; to ``to_address`` if given) and audit it."""
    old = mail.to_address
    copy = services.resend(mail, to_address)
    db.session.flush()
    changes = {"to_address": [old, copy.to_address]} if copy.to_address != old else None
    audit.record(
        "resend",
        "outbox_mails",
        mail.id,
        summary=audit.Message(
            audit.N_("%(address)s: %(subject)s (#%(id)s)"),
            address=copy.to_address,
            subject=mail.subject,
            id=copy.id,
        ),
        changes=changes,
    )
    return copy
