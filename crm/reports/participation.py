"""The participation report: who came to a group's held meetings, and who stayed away."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Group, Membership
from crm.meetings.models import Invitation, Meeting
from crm.organisations.models import Organisation
from crm.time import to_utc, today


@dataclass
class ReportLine:
    name: str
    obj: object
    invited: int
    attended: int

    @property
    def rate(self) -> float:
        return self.attended / self.invited if self.invited else 0.0


@dataclass
class ParticipationReport:
    meetings: list[Meeting]
    organisations: list[ReportLine]
    people: list[ReportLine]
    absent: list[Organisation]
    last_n: int


def _lines(model, rows, name) -> list[ReportLine]:
    """Return a ReportLine per (id, invited, attended) row, its object loaded in one query."""
    objects = {
        o.id: o
        for o in db.session.scalars(sa.select(model).where(model.id.in_([r[0] for r in rows])))
    }
    return [
        ReportLine(name(objects[oid]), objects[oid], invited, int(att or 0))
        for oid, invited, att in rows
    ]


def participation_report(
    group: Group, start: date, end: date, last_n: int = 3
) -> ParticipationReport:
    """Return attendance per organisation and person over held meetings from ``start`` to
    ``end`` (inclusive), and the member organisations absent from the group's last ``last_n``
    held meetings. A substitute's attendance counts for the organisation.
    """
    held = list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.group_id == group.id,
                Meeting.status == "held",
                Meeting.starts_at >= to_utc(start, datetime.min.time()),
                Meeting.starts_at < to_utc(end + timedelta(days=1), datetime.min.time()),
            )
            .order_by(Meeting.starts_at.desc())
        )
    )
    ids = [m.id for m in held]
    attended_expr = sa.case((Invitation.attended == "yes", 1), else_=0)
    people, organisations = [], []
    if ids:
        rows = db.session.execute(
            sa.select(
                Invitation.contact_id,
                sa.func.count(Invitation.id),
                sa.func.sum(attended_expr),
            )
            .where(Invitation.meeting_id.in_(ids))
            .group_by(Invitation.contact_id)
        ).all()
        people = _lines(Contact, rows, lambda c: c.sort_name)
        # per organisation: of the meetings it was invited to, at how many was it present
        per_meeting = (
            sa.select(
                Invitation.organisation_id.label("org"),
                Invitation.meeting_id.label("mid"),
                sa.func.max(attended_expr).label("present"),
            )
            .where(Invitation.meeting_id.in_(ids), Invitation.organisation_id.is_not(None))
            .group_by(Invitation.organisation_id, Invitation.meeting_id)
            .subquery()
        )
        org_rows = db.session.execute(
            sa.select(
                per_meeting.c.org, sa.func.count(), sa.func.sum(per_meeting.c.present)
            ).group_by(per_meeting.c.org)
        ).all()
        organisations = _lines(Organisation, org_rows, lambda o: o.name)
    people.sort(key=lambda r: (-r.rate, r.name.lower()))
    organisations.sort(key=lambda r: (-r.rate, r.name.lower()))
    last_ids = list(
        db.session.scalars(
            sa.select(Meeting.id)
            .where(Meeting.group_id == group.id, Meeting.status == "held")
            .order_by(Meeting.starts_at.desc())
            .limit(last_n)
        )
    )
    absent: list[Organisation] = []
    if last_ids:
        present = (
            sa.select(Invitation.organisation_id)
            .where(
                Invitation.meeting_id.in_(last_ids),
                Invitation.attended == "yes",
                Invitation.organisation_id.is_not(None),
            )
            .scalar_subquery()
        )
        absent = list(
            db.session.scalars(
                sa.select(Organisation)
                .join(Membership, Membership.organisation_id == Organisation.id)
                .where(
                    Membership.group_id == group.id,
                    active_on(Membership, today()),
                    Organisation.id.not_in(present),
                )
                .order_by(Organisation.name)
                .distinct()
            )
        )
    return ParticipationReport(held, organisations, people, absent, len(last_ids))
