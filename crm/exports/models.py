"""A serial letter or label PDF the worker prepares for one user (see ``prepared.py``)."""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import parse_qsl

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.datastructures import MultiDict

from crm.auth.models import User
from crm.db import Base, TimestampMixin, UTCDateTime, in_codes

KINDS = {"letters-pdf": _l("Serienbrief"), "labels-pdf": _l("Adressetiketten")}
STATUSES = {
    "queued": _l("Wartet auf den Hintergrunddienst"),
    "running": _l("Wird erstellt"),
    "done": _l("Fertig"),
    "failed": _l("Fehlgeschlagen"),
}


class PreparedFile(TimestampMixin, Base):
    """One PDF the worker renders for one user: its filters, options and progress."""

    __tablename__ = "prepared_files"
    __table_args__ = (in_codes("kind", KINDS), in_codes("status", STATUSES))

    owner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="queued")
    #: the builder's query string (filters and as-of date) the file was asked for
    query: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    subject: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    body: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    label: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="3474")
    start: Mapped[int] = mapped_column(nullable=False, default=1)
    total: Mapped[int] = mapped_column(nullable=False, default=0)
    done: Mapped[int] = mapped_column(nullable=False, default=0)
    error: Mapped[str | None] = mapped_column(sa.Text)
    #: the file's random name under the prepared folder (never chosen by a user)
    token: Mapped[str] = mapped_column(
        sa.String(43), nullable=False, unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    finished_at: Mapped[object | None] = mapped_column(UTCDateTime())

    owner: Mapped[User] = relationship()

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status])

    @property
    def percent(self) -> int:
        return (
            100 if self.status == "done" else int(100 * self.done / self.total) if self.total else 0
        )

    def path(self, folder: Path) -> Path:
        """Return where the PDF lives in ``folder`` (the prepared folder)."""
        return folder / f"{self.token}.pdf"

    @property
    def filename(self) -> str:
        stem = "serienbrief" if self.kind == "letters-pdf" else "etiketten"
        return f"{stem}-{self.created_at:%Y-%m-%d}-{self.id}.pdf"

    def args(self) -> MultiDict:
        """Return the builder's filters as request arguments."""
        return MultiDict(parse_qsl(self.query))


#: people added to a saved list by hand (a bulk action on the people or organisation list).
#: The builder's ``list`` parameter adds them to the people its filters select; a list
#: without filters is then just these people (``crm.exports.queries``).
saved_list_members = sa.Table(
    "saved_list_members",
    Base.metadata,
    sa.Column(
        "saved_list_id", sa.ForeignKey("saved_lists.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "contact_id",
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)
