"""What every meeting operation checks: the error it raises and the rules they share."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from crm.rules import RuleError

#: seat roles invited by default; the others can be ticked
DEFAULT_INVITEE_ROLES = ("lead", "deputy_lead", "delegate")
#: RSVPs whose holders still get updates and cancellations
NOTIFIED_RSVPS = ("pending", "accepted", "tentative", "declined")
#: meeting statuses after which nothing about the meeting changes any more
CLOSED = ("cancelled", "held")


class MeetingError(RuleError):
    """A rule of meetings was broken; the message is shown to the user."""


def check_times(starts_at: datetime | None, ends_at: datetime | None) -> None:
    """Raise ``MeetingError`` unless both times are given (or neither) and the end is later."""
    if (starts_at is None) != (ends_at is None):
        raise MeetingError(_l("Bitte Beginn und Ende angeben."), "ends_time")
    if starts_at is not None and ends_at <= starts_at:
        raise MeetingError(_l("Das Ende muss nach dem Beginn liegen."), "ends_time")
