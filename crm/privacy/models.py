"""Retention decisions (a person on the review list kept on purpose, with the reason) and
erasures asked for on the web, which the worker carries out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base, TimestampMixin, UTCDateTime, in_codes


class RetentionHold(TimestampMixin, Base):
    """ "Keep" on the review list: the person leaves it until the period has passed again."""

    __tablename__ = "retention_holds"

    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kept_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    reason: Mapped[str] = mapped_column(sa.String(500), nullable=False)
    kept_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


ERASURE_STATUSES = {
    "queued": _l("Wartet auf den Hintergrunddienst"),
    "running": _l("Wird ausgeführt"),
    "done": _l("Abgeschlossen"),
    "failed": _l("Fehlgeschlagen"),
}


class Erasure(TimestampMixin, Base):
    """An erasure asked for on the person page, carried out step by step on the worker.

    While it runs it keeps the values to remove (``traces``), so that a worker that died
    can go on where it stopped; when it is done they are gone and the reason is scrubbed.
    """

    __tablename__ = "erasures"
    __table_args__ = (in_codes("status", ERASURE_STATUSES),)

    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="queued")
    #: why (as typed until done, then without the person's values)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: how many of the steps (``crm.privacy.erase.STEPS``) are done
    done: Mapped[int] = mapped_column(nullable=False, default=0)
    #: the person's values and record ids while the erasure runs; NULL when done
    traces: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    #: what was touched, by kind (audit events, mails, uploads …)
    counts: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    error: Mapped[str | None] = mapped_column(sa.Text)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def status_label(self) -> str:
        return str(ERASURE_STATUSES[self.status])
