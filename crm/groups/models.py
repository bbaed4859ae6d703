"""Groups (working groups, project groups, committees), memberships and seats over time."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from crm.auth.permissions import GroupProtected
from crm.contacts.models import Contact
from crm.db import Base, TimestampMixin, VersionMixin, end_not_before_start, in_codes
from crm.organisations.models import Organisation
from crm.search.copies import keep_copy
from crm.time import today

KINDS = {
    "working_group": _l("Arbeitsgruppe"),
    "project_group": _l("Projektgruppe"),
    "committee": lazy_pgettext("group kind", "Gremium"),
}
KIND_PLURALS = {
    "working_group": _l("Arbeitsgruppen"),
    "project_group": _l("Projektgruppen"),
    "committee": lazy_pgettext("group kind", "Gremien"),
}
KIND_ABBREVIATIONS = {"working_group": "AG", "project_group": "PG", "committee": "Gremium"}

MEMBERSHIP_ROLES = {
    "member": _l("Mitglied"),
    "lead": _l("Federführung"),
    "guest": _l("Gast"),
    "advisory": _l("Beratend"),
}

SEAT_ROLES = {
    "lead": _l("Leitung"),
    "deputy_lead": _l("Stellv. Leitung"),
    "delegate": _l("Vertreter/in"),
    "deputy_delegate": _l("Stellvertreter/in"),
    "guest": _l("Gast"),
    "secretariat": _l("Geschäftsstelle"),
}


class Group(TimestampMixin, VersionMixin, Base):
    __tablename__ = "groups"
    __table_args__ = (
        in_codes("kind", KINDS),
        end_not_before_start("founded_on", "dissolved_on"),
    )

    #: one of ``KINDS``
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False, index=True)
    #: e.g. "AG Verkehr und Mobilität"
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False, unique=True)
    #: e.g. "AG VM"
    short_name: Mapped[str | None] = mapped_column(sa.String(60))
    description: Mapped[str | None] = mapped_column(sa.Text)
    founded_on: Mapped[date | None] = mapped_column(sa.Date)
    #: set when the group is dissolved; its history stays
    dissolved_on: Mapped[date | None] = mapped_column(sa.Date)
    #: the group this one belongs to, if any
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )

    parent: Mapped[Group | None] = relationship(remote_side="Group.id")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )
    seats: Mapped[list[Seat]] = relationship(back_populates="group", cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))

    def is_active(self, on: date | None = None) -> bool:
        on = on or today()
        return self.dissolved_on is None or self.dissolved_on >= on

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.name!r}>"


class GroupPeriod:
    """A role in a group for a period, both days included; ended by a date, never deleted.

    Shared by ``Membership`` and ``Seat``; each names its ``ROLES``.
    """

    ROLES: ClassVar[dict]

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        # a group's composition on a day is read from this index alone (the lists' counts,
        # the reports): group, period, and who
        who = "organisation_id" if cls.__tablename__ == "memberships" else "contact_id"
        return (
            in_codes("role", cls.ROLES),
            end_not_before_start("starts_on", "ends_on"),
            sa.Index(
                f"ix_{cls.__tablename__}_group_period",
                "group_id",
                "starts_on",
                "ends_on",
                who,
            ),
            # the holders of one role (the leads and deputies the gaps report and the
            # dashboard look for) without reading a 5,000-seat group's other seats
            sa.Index(
                f"ix_{cls.__tablename__}_role_group", "role", "group_id", "starts_on", "ends_on"
            ),
            # the group page's sub-list in its order (leads first, then by name): its first
            # rows, and the period of each, read from the index whatever the group's size
            sa.Index(
                f"ix_{cls.__tablename__}_group_list",
                "group_id",
                "role_rank",
                "sort_key",
                "id",
                "starts_on",
                "ends_on",
            ),
        )

    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: the first day
    starts_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    #: the last day (inclusive); empty while it runs on
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    #: the place of the role in the group page's list (``RANKS``: leads first), set whenever
    #: the row is written
    role_rank: Mapped[int] = mapped_column(
        sa.SmallInteger, nullable=False, default=9, server_default="9"
    )
    #: a copy of the ``sort_key`` of the person (seat) or organisation (membership), kept by
    #: ``crm.search.copies``: the group page sorts by it on the index above, without a join
    sort_key: Mapped[str] = mapped_column(
        sa.String(300), nullable=False, default="", server_default=""
    )

    @property
    def role_label(self) -> str:
        return str(self.ROLES.get(self.role, self.role))


class Membership(GroupPeriod, TimestampMixin, VersionMixin, Base):
    """An organisation's membership in a group."""

    __tablename__ = "memberships"
    ROLES = MEMBERSHIP_ROLES
    #: the lead organisations first, then the others by name
    RANKS: ClassVar[dict] = {"lead": 0, "member": 1, "guest": 1, "advisory": 1}

    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    #: one of ``MEMBERSHIP_ROLES``
    role: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="member")

    organisation: Mapped[Organisation] = relationship()
    group: Mapped[Group] = relationship(back_populates="memberships")


class Seat(GroupProtected, GroupPeriod, TimestampMixin, VersionMixin, Base):
    """A person's seat in a group (lead, delegate, deputy …)."""

    __tablename__ = "seats"
    ROLES = SEAT_ROLES
    #: lead, deputy lead, delegates, deputies, guests, secretariat: the order of ``SEAT_ROLES``
    RANKS: ClassVar[dict] = {role: rank for rank, role in enumerate(SEAT_ROLES)}

    #: erasing a person (data protection) removes their seats with them
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: one of ``SEAT_ROLES``
    role: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="delegate")
    #: the organisation the person represents in this group (optional)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )

    contact: Mapped[Contact] = relationship()
    group: Mapped[Group] = relationship(back_populates="seats")
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def protecting_group(self) -> Group:
        """Return the group whose leads may change this record."""
        return self.group


def _rank(mapper, connection, target) -> None:
    role = target.role or mapper.columns["role"].default.arg
    target.role_rank = target.RANKS.get(role, 9)


for _model in (Membership, Seat):
    sa.event.listen(_model, "before_insert", _rank)
    sa.event.listen(_model, "before_update", _rank)
keep_copy(Membership, Membership.organisation_id, Organisation)
keep_copy(Seat, Seat.contact_id, Contact)
