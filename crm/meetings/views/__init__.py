"""Meeting pages for staff and group leads: plan, poll, invite, record attendance, minutes.

Views stay thin: parse the form, call a meetings module, commit, flash, redirect. Every view
that changes something checks ``can_manage`` on the server.
"""

from crm.meetings import bp
from crm.meetings.notifications import mail_datetime
from crm.meetings.views import (  # noqa: F401
    agenda,
    attachments,
    attendance,
    invitees,
    meetings,
    poll,
)

# mails and the invitee page show times as the mails do: German, Europe/Berlin
bp.add_app_template_filter(mail_datetime, "berlin")
