"""A saved distribution list: the export builder's filters under a name."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.auth.models import User
from crm.db import Base, TimestampMixin


class SavedList(TimestampMixin, Base):
    """A filter combination of the export builder, saved under a name and re-run on demand.

    ``query`` holds the builder's query string without the as-of date ("on"): a re-run
    chooses the date (today by default), so the list gives the people of that day.
    """

    __tablename__ = "saved_lists"

    name: Mapped[str] = mapped_column(sa.String(150), nullable=False)
    query: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: shared lists are seen and run by the secretariat (and admins); private ones by the owner
    shared: Mapped[bool] = mapped_column(nullable=False, default=False, server_default=sa.false())
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    owner: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<SavedList {self.id} {self.name!r}>"
