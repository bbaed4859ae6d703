"""/api/v1/meetings: meetings with their agenda and invitations."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import joinedload, selectinload

from crm.api import schemas
from crm.api.http import ID, Routes, changing, etag_headers, get_or_404, listed, managed, one, saved
from crm.auth.permissions import can_manage_group_content
from crm.extensions import db
from crm.groups.models import Group
from crm.meetings import agenda, operations, queries
from crm.meetings.models import Invitation, Meeting

blp = Blueprint(
    "api_meetings",
    __name__,
    url_prefix="/api/v1/meetings",
    description="Meetings of the groups, with agenda and invitations (times in UTC).",
)
routes = Routes(blp)

DETAIL_OPTIONS = (
    joinedload(Meeting.group),
    selectinload(Meeting.agenda_items),
    selectinload(Meeting.invitations).joinedload(Invitation.contact),
)


def _load(meeting_id: int) -> Meeting:
    return get_or_404(Meeting, meeting_id, DETAIL_OPTIONS)


@routes.listing("/", schemas.MeetingArgs, schemas.Meeting)
def list_meetings(args):
    """List meetings: `when` upcoming (soonest first), past or all (newest first)."""
    stmt = queries.list_query(
        group_id=args["group"], when=args["when"], q=args["q"], status=args["status"]
    )
    return listed(stmt, Meeting.id)


@routes.reading(f"/<{ID}:meeting_id>", schemas.MeetingDetail)
def get_meeting(meeting_id: int):
    """Read one meeting with its agenda and invitations."""
    return one(Meeting, meeting_id, DETAIL_OPTIONS)


@routes.writing("/", schemas.MeetingDetail, schemas.Meeting, status=201)
def create_meeting(data: dict):
    """Add a draft meeting to a group (staff, or the group's lead); without a time for a
    date poll."""
    group = managed(Group, data.pop("group_id"), may=can_manage_group_content)
    meeting = operations.create_meeting(group, data, user=current_user)
    db.session.commit()
    return _load(meeting.id), etag_headers(meeting)


@routes.writing(f"/<{ID}:meeting_id>", schemas.MeetingDetail, schemas.MeetingUpdate, method="PATCH")
def update_meeting(data: dict, meeting_id: int):
    """Change title, time or place; invitees who have the time get an update. If-Match."""
    meeting, version = changing(Meeting, meeting_id, DETAIL_OPTIONS)
    values = {n: getattr(meeting, n) for n in operations.MEETING_FIELDS} | data
    operations.update_meeting(meeting, values, version)
    return saved(meeting)


@routes.writing(f"/<{ID}:meeting_id>/cancellation", schemas.MeetingDetail)
def cancel_meeting(meeting_id: int):
    """Cancel the meeting (how a meeting ends early); invitees are told. If-Match."""
    meeting, _version = changing(Meeting, meeting_id, DETAIL_OPTIONS)
    operations.cancel_meeting(meeting)
    return saved(meeting)


@routes.creating(f"/<{ID}:meeting_id>/agenda-items", schemas.AgendaItem)
def add_agenda_item(data: dict, meeting_id: int):
    """Append an item to the agenda."""
    meeting = managed(Meeting, meeting_id, DETAIL_OPTIONS)
    item = agenda.add_agenda_item(
        meeting, data["title"], data.get("description"), data.get("duration_minutes")
    )
    return saved(item)
