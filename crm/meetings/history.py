"""What meetings' codes and links mean in change histories (``crm.audit.readable``)."""

from crm.audit.readable import register_codes, register_reference
from crm.meetings.models import ATTENDANCE, MINUTES_STATUSES, RSVPS, STATUSES, Meeting

register_codes("status", STATUSES, "meetings")
register_codes("minutes_status", MINUTES_STATUSES, "meetings")
register_codes("rsvp", RSVPS, "invitations")
register_codes("attended", ATTENDANCE, "invitations")
register_reference("meeting_id", Meeting, lambda m: m.title)
