"""Outgoing e-mails, written in the same transaction as the change that causes them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base, TimestampMixin, UTCDateTime, in_codes

#: queued → sending (claimed by one worker, with a lease) → sent | failed; a sent mail may
#: later be bounced (a delivery status notification came back); cancelled by hand
STATUSES = ("queued", "sending", "sent", "failed", "bounced", "cancelled")
STATUS_LABELS = {
    "queued": _l("im Postausgang"),
    "sending": _l("wird gesendet"),
    "sent": _l("versendet"),
    "failed": _l("fehlgeschlagen"),
    "bounced": _l("unzustellbar"),
    "cancelled": _l("storniert"),
}
#: what a mail is about (the outbox page filters by it)
KIND_LABELS = {
    "invitation": _l("Einladung"),
    "reminder": _l("Erinnerung"),
    "update": _l("Änderung"),
    "cancel": _l("Absage"),
    "poll": _l("Terminumfrage"),
    "poll_cancel": _l("Absage der Umfrage"),
    "circular": _l("Rundschreiben"),
    "other": _l("Sonstige"),
}
KINDS = tuple(KIND_LABELS)


class OutboxMail(TimestampMixin, Base):
    __tablename__ = "outbox_mails"
    __table_args__ = (
        in_codes("status", STATUSES),
        sa.Index("ix_outbox_mails_status_next", "status", "next_attempt_at"),
    )

    #: the one recipient of this mail
    to_address: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    subject: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    body_text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: an optional HTML alternative to ``body_text``
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    #: an iCalendar part (text/calendar), if any
    ical: Mapped[str | None] = mapped_column(sa.Text)
    #: the iCalendar METHOD of ``ical``: REQUEST or CANCEL
    ical_method: Mapped[str | None] = mapped_column(sa.String(20))
    #: files attached to the mail (after the body and the calendar), each
    #: ``{"file": crm.files reference, "filename": …, "content_type": …}``; read when sent
    attachments: Mapped[list[dict] | None] = mapped_column(sa.JSON)
    #: one of STATUSES
    status: Mapped[str] = mapped_column(
        sa.String(10), nullable=False, default="queued", server_default="queued"
    )
    #: one of KINDS
    kind: Mapped[str] = mapped_column(
        sa.String(20), nullable=False, default="other", server_default="other"
    )
    #: delivery attempts so far; after MAIL_MAX_ATTEMPTS the mail is "failed"
    attempts: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    #: why the last attempt failed (SMTP error, a mail that cannot be built, a bounce)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    #: not tried before this time (UTC); the wait grows with each attempt
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: while "sending": the worker's lease; once past, another worker may take the mail
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: while "sending": which worker holds the lease (host:pid:random)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(100))
    #: the Message-ID header, fixed when the mail is first sent (bounces name it)
    message_id: Mapped[str | None] = mapped_column(sa.String(250), index=True)
    #: when the SMTP server accepted the mail (UTC)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the invitation this mail belongs to, for the meeting page's delivery status
    invitation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )
    #: the group whose business this mail is (group leads see their groups' mails)
    group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )
    #: the circular (Rundschreiben) this mail is one copy of
    circular_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("circulars.id", ondelete="SET NULL"), index=True
    )
    #: the recipient's unsubscribe link (List-Unsubscribe header, RFC 2369 / 8058)
    unsubscribe_url: Mapped[str | None] = mapped_column(sa.String(500))
    #: the person it is addressed to, if known (bounces flag their address)
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )

    @property
    def status_label(self) -> str:
        """Return the state as the UI names it."""
        return str(STATUS_LABELS[self.status])

    @property
    def kind_label(self) -> str:
        """Return what the mail is about as the UI names it."""
        return str(KIND_LABELS.get(self.kind, self.kind))
