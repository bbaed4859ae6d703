"""The audit trail: who changed or exported what, and when."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.db import Base, TimestampMixin

if TYPE_CHECKING:
    from crm.auth.models import User


ACTIONS = (
    "create",
    "update",
    "archive",
    "restore",
    "merge",
    "delete",
    "export",
    "import",
    "login",
    "login.success",
    "login.failure",
    "logout",
    "mfa.enable",
    "mfa.reset",
    "mfa.codes",
    "erase",
    "send",
    "cancel",
    "resend",
)


class AuditEvent(TimestampMixin, Base):
    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_entity", "entity_type", "entity_id", "created_at"),)

    #: who did it; NULL for the system or a deleted user
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: one of ``ACTIONS``
    action: Mapped[str] = mapped_column(sa.String(20), nullable=False, index=True)
    #: the model's table name, e.g. "contacts"
    entity_type: Mapped[str] = mapped_column(sa.String(50), nullable=False)
    #: the row's id in ``entity_type``; NULL for events about many rows (an export)
    entity_id: Mapped[int | None] = mapped_column()
    #: a short readable line, e.g. the record's name; for an event with a ``message``, that
    #: message in German with its params filled in (what search and erasure read)
    summary: Mapped[str | None] = mapped_column(sa.String(500))
    #: the summary as a German msgid with ``%(name)s`` placeholders (``audit.Message``),
    #: shown translated into the reader's language with ``params``; NULL for a plain summary
    message: Mapped[str | None] = mapped_column(sa.String(200))
    #: the placeholders' values as plain JSON: names, counts, codes, ISO dates
    params: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    #: {"field": [old, new], …} for changes; free details for exports and imports
    changes: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    user: Mapped[User | None] = relationship()
