"""A subscribable calendar: the secret token behind ``/calendar/<token>.ics``."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base, TimestampMixin, UTCDateTime
from crm.meetings.models import new_token


class CalendarFeed(TimestampMixin, Base):
    """A secret, revocable token for a subscribable calendar (a group's or a user's)."""

    __tablename__ = "calendar_feeds"

    #: the secret in the feed's URL
    token: Mapped[str] = mapped_column(
        sa.String(64), nullable=False, unique=True, default=new_token
    )
    #: the group whose meetings the feed lists, or NULL for a user's own feed
    group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    #: the user who created the feed (for a personal feed: whose groups it lists)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: set when the owner revokes the link; the feed then answers 404
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
