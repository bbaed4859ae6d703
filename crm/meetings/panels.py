"""What meetings add to the pages of organisations and people (``crm.hooks``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template
from sqlalchemy.orm import joinedload

from crm.contacts.models import Contact
from crm.extensions import db
from crm.groups.models import Membership
from crm.hooks import panel
from crm.meetings.models import ATTENDANCE, Invitation, Meeting
from crm.organisations.models import Organisation


@panel("organisation", order=30)
def organisation_meetings(org: Organisation, limit: int = 50, **ctx) -> str:
    """Return the meetings the organisation was invited to or whose group it belongs to."""
    invited = sa.select(Invitation.meeting_id).where(Invitation.organisation_id == org.id)
    member_groups = sa.select(Membership.group_id).where(Membership.organisation_id == org.id)
    meetings = db.session.scalars(
        sa.select(Meeting)
        .options(joinedload(Meeting.group))
        .where(sa.or_(Meeting.id.in_(invited), Meeting.group_id.in_(member_groups)))
        .order_by(Meeting.starts_at.desc().nulls_first(), Meeting.id.desc())
        .limit(limit)
    ).all()
    return render_template("meetings/_panel_organisation_meetings.html", meetings=meetings)


@panel("contact", order=30)
def contact_invitations(contact: Contact, **ctx) -> str:
    """Return the person's invitations, newest meeting first."""
    invitations = db.session.scalars(
        sa.select(Invitation)
        .join(Invitation.meeting)
        .options(joinedload(Invitation.meeting).joinedload(Meeting.group))
        .where(Invitation.contact_id == contact.id)
        .order_by(Meeting.starts_at.desc().nulls_last())
    ).all()
    return render_template(
        "meetings/_panel_contact_invitations.html", invitations=invitations, attendance=ATTENDANCE
    )
