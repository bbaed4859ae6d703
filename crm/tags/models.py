"""Tags: short free labels on organisations and people, used as list and export filters."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from crm.db import Base, TimestampMixin


class Tag(TimestampMixin, Base):
    __tablename__ = "tags"

    #: the label as typed, e.g. "Newsletter"
    name: Mapped[str] = mapped_column(sa.String(60), nullable=False, unique=True)


organisation_tags = sa.Table(
    "organisation_tags",
    Base.metadata,
    sa.Column(
        "organisation_id",
        sa.ForeignKey("organisations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)

contact_tags = sa.Table(
    "contact_tags",
    Base.metadata,
    sa.Column("contact_id", sa.ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)
