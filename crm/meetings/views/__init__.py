"""Meeting pages for staff and group leads: plan, poll, invite, record attendance, minutes.

Views stay thin: parse the form, call a meetings module, commit, flash, redirect. Every view
that changes something checks ``can_manage`` on the server.
"""

from crm.meetings import bp  # noqa: F401  (the views register on it)
from crm.meetings.views import (  # noqa: F401
    agenda,
    attachments,
    attendance,
    invitees,
    meetings,
    poll,
)
