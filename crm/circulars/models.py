"""A circular mail (Rundschreiben) to a contact list of the export builder."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.auth.models import User
from crm.db import Base, StoredFileMixin, TimestampMixin, UTCDateTime, in_codes

#: draft (composed, nothing sent) → sending (asked to send; the worker writes the mails)
#: → sent ("abgeschickt": every mail is in the outbox)
STATUSES = {
    "draft": _l("Entwurf"),
    "sending": _l("wird vorbereitet"),
    "sent": _l("abgeschickt"),
}


class Circular(TimestampMixin, Base):
    __tablename__ = "circulars"
    __table_args__ = (in_codes("status", STATUSES),)

    subject: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: the text below the personal salutation (plain text, paragraphs by blank lines)
    body: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: the export builder's query string (filters and as-of date) that selects the people
    query: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: one of STATUSES
    status: Mapped[str] = mapped_column(
        sa.String(10), nullable=False, default="draft", server_default="draft"
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: when the worker put the mails into the outbox
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: mails put into the outbox
    recipients: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    #: people of the list left out, by reason code (consent.LEFT_OUT, or "no_email")
    left_out: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    #: recipients who withdrew their consent for circulars with this circular's link
    unsubscribed: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")

    created_by: Mapped[User | None] = relationship()
    #: the files every mail of the circular carries (``crm.circulars.attachments``)
    attachments: Mapped[list[CircularAttachment]] = relationship(
        back_populates="circular",
        order_by="CircularAttachment.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status])

    @property
    def left_out_total(self) -> int:
        return sum((self.left_out or {}).values())


class CircularAttachment(StoredFileMixin, TimestampMixin, Base):
    """A file attached to every mail of a circular, stored under UPLOAD_FOLDER/circulars."""

    __tablename__ = "circular_attachments"

    circular_id: Mapped[int] = mapped_column(
        sa.ForeignKey("circulars.id", ondelete="CASCADE"), nullable=False, index=True
    )

    circular: Mapped[Circular] = relationship(back_populates="attachments")
