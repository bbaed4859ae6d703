"""The calendar feed a phone, Outlook or Thunderbird subscribes to."""

from __future__ import annotations

from flask import Response, abort

from crm.auth.security import public
from crm.feeds import bp
from crm.meetings import ical, services


@bp.route("/calendar/<token>.ics")
@public
def feed(token: str):
    """The meetings of a feed as iCalendar (METHOD:PUBLISH); 404 for unknown or revoked."""
    found = services.feed_by_token(token) or abort(404)
    name, meetings = services.feed_meetings(found)
    return Response(
        ical.feed_ics(meetings, name),
        mimetype="text/calendar",
        headers={"Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex"},
    )
