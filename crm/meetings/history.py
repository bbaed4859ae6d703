"""What meetings' codes and links mean in change histories (``crm.audit.readable``), and
the one way a change of a meeting's parts (agenda, invitees, files) is written there."""

from crm.audit import services as audit
from crm.audit.readable import register_codes, register_reference
from crm.meetings.models import ATTENDANCE, MINUTES_STATUSES, RSVPS, STATUSES, Meeting

register_codes("status", STATUSES, "meetings")
register_codes("minutes_status", MINUTES_STATUSES, "meetings")
register_codes("rsvp", RSVPS, "invitations")
register_codes("attended", ATTENDANCE, "invitations")
register_reference("meeting_id", Meeting, lambda m: m.title)


def note(meeting_id: int, msgid: str, **params) -> None:
    """Record an update of the meeting, said by ``msgid`` (``audit.N_``) and its values."""
    audit.record("update", "meetings", meeting_id, summary=audit.Message(msgid, **params))
