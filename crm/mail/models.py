"""Outgoing e-mails, written in the same transaction as the change that causes them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base, TimestampMixin, UTCDateTime, in_codes

STATUSES = ("pending", "sent", "failed")


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
    #: an iCalendar attachment (text/calendar), if any
    ical: Mapped[str | None] = mapped_column(sa.Text)
    #: the iCalendar METHOD of ``ical``: REQUEST or CANCEL
    ical_method: Mapped[str | None] = mapped_column(sa.String(20))
    #: "pending" until delivered ("sent") or given up after too many attempts ("failed")
    status: Mapped[str] = mapped_column(
        sa.String(10), nullable=False, default="pending", server_default="pending"
    )
    #: delivery attempts so far; after MAIL_MAX_ATTEMPTS the mail is "failed"
    attempts: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    #: the SMTP error of the last failed attempt
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    #: not retried before this time (UTC); the wait grows with each attempt
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the SMTP server accepted the mail (UTC)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the invitation this mail belongs to, for the meeting page's delivery status
    invitation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )
