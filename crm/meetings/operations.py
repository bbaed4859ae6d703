"""Changes to a meeting itself: create, edit, cancel, send the invitations, remind.

Every function only adds to the session (mails included); the view commits once, so a
change and its mails are one transaction. Each writes its audit event.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.audit import services as audit
from crm.audit.conflicts import check_version
from crm.extensions import db
from crm.groups.models import Group
from crm.meetings import history
from crm.meetings.models import Invitation, Meeting
from crm.meetings.notifications import blocked_invitees, notify, notify_all
from crm.meetings.rules import CLOSED, MeetingError, check_times

MEETING_FIELDS = ("title", "description", "location", "online_url", "starts_at", "ends_at")
#: fields whose change invitees are told about (with a new calendar file)
NOTIFY_FIELDS = ("starts_at", "ends_at", "location", "online_url")


def create_meeting(group: Group, data: dict, user=None) -> Meeting:
    """Return a new draft meeting of ``group`` (with a time, or without one for a date poll)."""
    check_times(data.get("starts_at"), data.get("ends_at"))
    meeting = Meeting(group=group, status="draft", created_by_id=getattr(user, "id", None))
    for key in MEETING_FIELDS:
        setattr(meeting, key, data.get(key) or None)
    meeting.reminder_days = data.get("reminder_days")  # 0 (no reminder) is not "empty"
    db.session.add(meeting)
    audit.record_create(
        meeting, summary=audit.Message(audit.N_("Sitzung angelegt: %(title)s"), title=meeting.title)
    )
    return meeting


def update_meeting(
    meeting: Meeting, data: dict, version: int | None, seen_event: int | None = None
) -> int:
    """Change a meeting; when invitees already have the time or place, mail them an update.

    Returns the number of update mails queued. A change of time or place raises SEQUENCE.
    Raises ``StaleEdit`` when the form was not based on the current version.
    """
    check_version(meeting, version, seen_event)
    if meeting.status in CLOSED:
        raise MeetingError(
            _l("Abgesagte oder durchgeführte Sitzungen können nicht geändert werden.")
        )
    check_times(data.get("starts_at"), data.get("ends_at"))
    if meeting.status == "scheduled" and data.get("starts_at") is None:
        raise MeetingError(_l("Eine terminierte Sitzung braucht Beginn und Ende."), "starts_on")
    before = audit.snapshot(meeting)
    for key in MEETING_FIELDS:
        setattr(meeting, key, data.get(key) or None)
    meeting.reminder_days = data.get("reminder_days")
    changed = [k for k in NOTIFY_FIELDS if before.get(k) != audit.snapshot(meeting).get(k)]
    sent = 0
    if changed and meeting.status == "scheduled":
        meeting.sequence += 1
        sent = notify_all(meeting, "update")
    audit.record_update(
        meeting,
        before,
        summary=audit.Message(audit.N_("Sitzung geändert: %(title)s"), title=meeting.title),
    )
    return sent


def cancel_meeting(meeting: Meeting) -> int:
    """Cancel a meeting; return how many invitees were sent METHOD:CANCEL (or a poll's end)."""
    if meeting.status in CLOSED:
        raise MeetingError(_l("Die Sitzung ist bereits abgesagt oder durchgeführt."))
    before = audit.snapshot(meeting)
    was_scheduled = meeting.status == "scheduled"
    meeting.status = "cancelled"
    meeting.sequence += 1
    sent = notify_all(meeting, "cancel" if was_scheduled else "poll_cancel")
    audit.record_update(
        meeting,
        before,
        summary=audit.Message(audit.N_("Sitzung abgesagt: %(title)s"), title=meeting.title),
    )
    return sent


def send_invitations(meeting: Meeting) -> tuple[int, list[Invitation]]:
    """Schedule the meeting and mail each invitee not yet invited; return (sent, without mail)."""
    if meeting.starts_at is None:
        raise MeetingError(
            _l("Bitte zuerst Beginn und Ende festlegen oder einen Termin abstimmen.")
        )
    if meeting.status not in ("draft", "polling", "scheduled"):
        raise MeetingError(_l("Für diese Sitzung können keine Einladungen mehr versendet werden."))
    if not meeting.invitations:
        raise MeetingError(_l("Bitte zuerst Personen einladen."))
    before = audit.snapshot(meeting)
    # once scheduled, ``sent_at`` means "has the invitation"; before, it only means "has the
    # poll link", and everyone gets the calendar invitation now
    was_scheduled = meeting.status == "scheduled"
    meeting.status = "scheduled"
    sent, missing = 0, []
    blocked = blocked_invitees(meeting)
    for invitation in meeting.invitations:
        if invitation.rsvp == "delegated" or (was_scheduled and invitation.sent_at):
            continue
        if notify(invitation, "invitation", blocked=blocked):
            sent += 1
        else:
            missing.append(invitation)
    audit.record_update(
        meeting,
        before,
        summary=audit.Message(audit.N_("Einladungen versendet: %(count)s"), count=sent),
    )
    return sent, missing


def remind(meeting: Meeting) -> int:
    """Remind invitees who have not answered (poll: no votes; scheduled: RSVP pending)."""
    count = 0
    blocked = blocked_invitees(meeting)
    for invitation in meeting.invitations:
        if invitation.sent_at is None:
            continue
        if meeting.status == "polling":
            waiting = not invitation.votes
        elif meeting.status == "scheduled":
            waiting = invitation.rsvp == "pending"
        else:
            raise MeetingError(
                _l("Erinnerungen gibt es nur während der Umfrage oder vor der Sitzung.")
            )
        if waiting and notify(invitation, "reminder", blocked=blocked):
            count += 1
    history.note(meeting.id, audit.N_("Erinnerungen versendet: %(count)s"), count=count)
    return count
