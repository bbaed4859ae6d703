"""What the outbox page changes: cancel, resend, correct the address and resend (audited)."""

from __future__ import annotations

from crm.audit import services as audit
from crm.extensions import db
from crm.mail import services
from crm.mail.models import OutboxMail


def _note(action: str, mail: OutboxMail, msgid: str, changes=None, **params) -> None:
    """Audit ``action`` on ``mail``, said by ``msgid`` with the mail's subject and ``params``."""
    summary = audit.Message(msgid, subject=mail.subject, **params)
    audit.record(action, "outbox_mails", mail.id, summary=summary, changes=changes)


def cancel(mail: OutboxMail) -> None:
    """Cancel a mail that has not gone out."""
    services.cancel(mail)
    _note("cancel", mail, audit.N_("%(address)s: %(subject)s"), address=mail.to_address)


def resend(mail: OutboxMail, to_address: str | None = None) -> OutboxMail:
    """Queue the mail again (a copy; to ``to_address`` if given) and audit it."""
    old = mail.to_address
    copy = services.resend(mail, to_address)
    db.session.flush()
    changes = {"to_address": [old, copy.to_address]} if copy.to_address != old else None
    _note(
        "resend",
        mail,
        audit.N_("%(address)s: %(subject)s (#%(id)s)"),
        changes,
        address=copy.to_address,
        id=copy.id,
    )
    return copy
