"""Retention decisions: a person on the review list kept on purpose, with the reason."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base, TimestampMixin, UTCDateTime


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
