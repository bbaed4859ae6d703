"""Meetings, their agenda, attachments, date polls and invitations."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.auth.permissions import GroupProtected
from crm.contacts.models import Contact
from crm.db import (
    Base,
    StoredFileMixin,
    TimestampMixin,
    UTCDateTime,
    VersionMixin,
    end_not_before_start,
    in_codes,
)
from crm.search.copies import keep_copy

if TYPE_CHECKING:
    from crm.groups.models import Group
    from crm.organisations.models import Organisation

STATUSES = {
    "draft": _l("Entwurf"),
    "polling": _l("Terminumfrage"),
    "scheduled": _l("Terminiert"),
    "cancelled": _l("Abgesagt"),
    "held": _l("Durchgeführt"),
}
MINUTES_STATUSES = {"draft": _l("Entwurf"), "approved": _l("Genehmigt")}
RSVPS = {
    "pending": _l("Offen"),
    "accepted": _l("Zugesagt"),
    "tentative": _l("Vorbehaltlich"),
    "declined": lazy_pgettext("rsvp", "Abgesagt"),
    "delegated": _l("Vertretung benannt"),
}
ATTENDANCE = {"unknown": _l("unbekannt"), "yes": _l("anwesend"), "no": _l("nicht anwesend")}
VOTE_ANSWERS = {"yes": _l("Ja"), "maybe": _l("Vielleicht"), "no": _l("Nein")}


def new_token() -> str:
    """Return an unguessable URL-safe token (256 bits)."""
    return secrets.token_urlsafe(32)


def new_uid() -> str:
    """Return a stable, globally unique iCalendar UID."""
    return f"{uuid.uuid4()}@crm"


class Meeting(GroupProtected, TimestampMixin, VersionMixin, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        in_codes("status", STATUSES),
        in_codes("minutes_status", MINUTES_STATUSES),
        end_not_before_start("starts_at", "ends_at"),
        sa.Index("ix_meetings_group_starts", "group_id", "starts_at"),
    )

    #: a group's meetings go when the group itself is removed
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: one of ``STATUSES``
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="draft")
    #: start in UTC; empty while the date poll is open
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    location: Mapped[str | None] = mapped_column(sa.String(300))
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    description: Mapped[str | None] = mapped_column(sa.Text)
    #: minutes as Markdown (rendered safely)
    minutes: Mapped[str | None] = mapped_column(sa.Text)
    #: one of ``MINUTES_STATUSES``: the minutes are a draft until approved
    minutes_status: Mapped[str] = mapped_column(
        sa.String(20), nullable=False, default="draft", server_default="draft"
    )
    #: the agenda's version: grows with each item added, moved or removed, so a stale agenda
    #: page's add/move/delete is refused (``crm.meetings.agenda``); apart from ``version``,
    #: so that an agenda change does not make an open edit form of the meeting stale
    agenda_version: Mapped[int] = mapped_column(nullable=False, default=1, server_default="1")
    #: iCalendar UID, stable for the meeting's life
    uid: Mapped[str] = mapped_column(sa.String(100), nullable=False, unique=True, default=new_uid)
    #: automatic reminder this many days before the meeting (or the poll's first slot) to
    #: those who have not answered; NULL: the setting's default, 0: no automatic reminder
    reminder_days: Mapped[int | None] = mapped_column()
    #: iCalendar SEQUENCE, raised with each change sent to invitees
    sequence: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    #: the user who created the meeting; NULL once that account is deleted
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    group: Mapped[Group] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    date_options: Mapped[list[DateOption]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="DateOption.starts_at"
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    @property
    def status_label(self) -> str:
        return str(STATUSES.get(self.status, self.status))

    @property
    def protecting_group(self) -> Group:
        """Return the group whose leads may change this record."""
        return self.group


class AgendaItem(GroupProtected, TimestampMixin, VersionMixin, Base):
    __tablename__ = "agenda_items"

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: order on the agenda, 1-based
    position: Mapped[int] = mapped_column(nullable=False)
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    description: Mapped[str | None] = mapped_column(sa.Text)
    #: planned time for the item, in minutes
    duration_minutes: Mapped[int | None] = mapped_column()

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")

    @property
    def protecting_group(self) -> Group:
        """Return the group whose leads may change this record."""
        return self.meeting.group


class Attachment(StoredFileMixin, GroupProtected, TimestampMixin, Base):
    """A document of a meeting (invitation material or minutes), stored under UPLOAD_FOLDER
    (``crm.meetings.attachments``; name, stored name, type, size from ``StoredFileMixin``)."""

    __tablename__ = "attachments"

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: "material" (before the meeting) or "minutes"
    purpose: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="material")

    meeting: Mapped[Meeting] = relationship(back_populates="attachments")

    @property
    def protecting_group(self) -> Group:
        """Return the group whose leads may change this record."""
        return self.meeting.group


class DateOption(GroupProtected, TimestampMixin, Base):
    """A candidate slot in a meeting's date poll."""

    __tablename__ = "date_options"
    __table_args__ = (end_not_before_start("starts_at", "ends_at"),)

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="date_options")
    votes: Mapped[list[Vote]] = relationship(
        back_populates="date_option", cascade="all, delete-orphan"
    )

    @property
    def protecting_group(self) -> Group:
        """Return the group whose leads may change this record."""
        return self.meeting.group


class Vote(TimestampMixin, Base):
    """One invitee's answer to one slot of a date poll."""

    __tablename__ = "votes"
    __table_args__ = (
        in_codes("answer", VOTE_ANSWERS),
        sa.UniqueConstraint("date_option_id", "invitation_id"),
    )

    date_option_id: Mapped[int] = mapped_column(
        sa.ForeignKey("date_options.id", ondelete="CASCADE"), nullable=False, index=True
    )
    invitation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("invitations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: one of ``VOTE_ANSWERS``
    answer: Mapped[str] = mapped_column(sa.String(10), nullable=False)

    date_option: Mapped[DateOption] = relationship(back_populates="votes")
    invitation: Mapped[Invitation] = relationship(back_populates="votes")


class Invitation(GroupProtected, TimestampMixin, VersionMixin, Base):
    """A person invited to a meeting, with RSVP, attendance and a personal link token."""

    __tablename__ = "invitations"
    __table_args__ = (
        in_codes("rsvp", RSVPS),
        in_codes("attended", ATTENDANCE),
        sa.UniqueConstraint("meeting_id", "contact_id"),
        # the meeting page's answers per RSVP (``rsvp_counts``) read from the index alone
        sa.Index("ix_invitations_meeting_rsvp", "meeting_id", "rsvp"),
        # the meeting page's invitees by name: the first rows of this index, no sort
        sa.Index("ix_invitations_meeting_list", "meeting_id", "sort_key", "id"),
    )

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: erasing a person (data protection) removes their invitations with them
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: the organisation the invitee represents at this meeting
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    #: a copy of the invitee's ``Contact.sort_key`` (``crm.search.copies``), so that the
    #: meeting's invitees are listed by name from the index above
    sort_key: Mapped[str] = mapped_column(
        sa.String(300), nullable=False, default="", server_default=""
    )
    #: one of ``RSVPS``
    rsvp: Mapped[str] = mapped_column(
        sa.String(20), nullable=False, default="pending", server_default="pending"
    )
    #: one of ``ATTENDANCE``
    attended: Mapped[str] = mapped_column(
        sa.String(10), nullable=False, default="unknown", server_default="unknown"
    )
    #: secret for the invitee's personal link /invitations/<token>
    token: Mapped[str] = mapped_column(
        sa.String(64), nullable=False, unique=True, default=new_token
    )
    #: on a substitute's invitation: the invitation of the person they stand in for
    substitute_for_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )
    #: the invitee's last answer (RSVP or poll vote), UTC
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the invitation went to the outbox; NULL: not invited yet
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the last reminder to answer
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the invitee's note with their answer
    comment: Mapped[str | None] = mapped_column(sa.String(500))

    meeting: Mapped[Meeting] = relationship(back_populates="invitations")
    contact: Mapped[Contact] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    substitute_for: Mapped[Invitation | None] = relationship(remote_side="Invitation.id")
    votes: Mapped[list[Vote]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan"
    )

    @property
    def rsvp_label(self) -> str:
        return str(RSVPS.get(self.rsvp, self.rsvp))

    @property
    def protecting_group(self) -> Group:
        """Return the group whose leads may change this record."""
        return self.meeting.group


keep_copy(Invitation, Invitation.contact_id, Contact)
