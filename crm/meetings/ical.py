"""iCalendar files: invitations (REQUEST), cancellations (CANCEL) and subscribable feeds.

Times are written in UTC (``…Z``), which Outlook, Thunderbird, Apple and Android calendars
all read without a VTIMEZONE and show in the viewer's own zone. Text is escaped and folded by
``icalendar``; control characters, which forms, imports and the API refuse, are replaced here
too (``_one_line``), so an old or hand-made value can never break a calendar file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.utils import parseaddr

from flask import current_app
from flask_babel import force_locale, gettext
from icalendar import Calendar, Event, vCalAddress, vText

from crm.contacts.salutation import mail_language
from crm.fields import CONTROL, CONTROL_BUT_LINES
from crm.meetings.models import Invitation, Meeting
from crm.time import utcnow

PRODID = "-//Metropolregion Mitteldeutschland//crm//DE"
_CONTROL = re.compile(rf"[{CONTROL}]+")
_CONTROL_BUT_LINES = re.compile(rf"[{CONTROL_BUT_LINES}]+")


def _one_line(text: str | None) -> str:
    """Return ``text`` with each run of control characters (line breaks too) as one space."""
    return _CONTROL.sub(" ", text or "").strip()


def _lines(text: str) -> str:
    """Return ``text`` with its line breaks as ``\\n`` and no other control character."""
    return _CONTROL_BUT_LINES.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", vText(_one_line(name)))
        cal.add("x-wr-timezone", "Europe/Berlin")
    return cal


def _organizer() -> vCalAddress:
    """Return the ORGANIZER: the sender's name with the reply mailbox (``MAIL_REPLY_ADDRESS``,
    else the sender), so a calendar client's Accept/Decline reaches the mailbox the worker
    reads."""
    cfg = current_app.config
    name, address = parseaddr(cfg["MAIL_DEFAULT_SENDER"])
    address = cfg.get("MAIL_REPLY_ADDRESS") or address
    organizer = vCalAddress(f"mailto:{address}")
    if name:
        organizer.params["cn"] = vText(_one_line(name))
    return organizer


def _attendee(email: str, invitation: Invitation) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["cn"] = vText(_one_line(invitation.contact.full_name))
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText(PARTSTAT.get(invitation.rsvp, "NEEDS-ACTION"))
    attendee.params["rsvp"] = vText("TRUE")
    return attendee


PARTSTAT = {
    "pending": "NEEDS-ACTION",
    "accepted": "ACCEPTED",
    "tentative": "TENTATIVE",
    "declined": "DECLINED",
    "delegated": "DELEGATED",
}


def _description(meeting: Meeting, link: str | None) -> str:
    lines = []
    if meeting.description:
        lines += [meeting.description, ""]
    if meeting.agenda_items:
        lines.append(gettext("Tagesordnung:"))
        lines += [f"{n}. {_one_line(item.title)}" for n, item in enumerate(meeting.agenda_items, 1)]
    if meeting.online_url:
        lines += ["", f"{gettext('Online:')} {meeting.online_url}"]
    if link:
        lines += ["", f"{gettext('Zusage/Absage:')} {link}"]
    return _lines("\n".join(lines))


def event(
    meeting: Meeting,
    *,
    cancelled: bool = False,
    link: str | None = None,
    attendees: Iterable[tuple[str, Invitation]] = (),
) -> Event:
    """Return the VEVENT of ``meeting`` (UID, SEQUENCE, UTC start and end …)."""
    ev = Event()
    ev.add("uid", meeting.uid)
    ev.add("sequence", meeting.sequence)
    ev.add("dtstamp", utcnow().replace(microsecond=0))
    ev.add("dtstart", meeting.starts_at)
    ev.add("dtend", meeting.ends_at or meeting.starts_at)
    group = meeting.group.short_name or meeting.group.name
    ev.add("summary", f"{_one_line(meeting.title)} ({_one_line(group)})")
    location = _one_line(meeting.location or meeting.online_url)
    if location:
        ev.add("location", location)
    ev.add("description", _description(meeting, link))
    if meeting.online_url:
        ev.add("url", _one_line(meeting.online_url))
    ev.add("status", "CANCELLED" if cancelled or meeting.status == "cancelled" else "CONFIRMED")
    ev.add("transp", "OPAQUE")
    ev.add("organizer", _organizer())
    for email, invitation in attendees:
        ev.add("attendee", _attendee(email, invitation))
    return ev


def invitation_ics(
    invitation: Invitation, email: str, method: str, link: str, lang: str | None = None
) -> str:
    """Return the calendar file mailed to one invitee (METHOD:REQUEST or CANCEL), its text
    in the invitee's language (``lang``, else the person's: English where they say so)."""
    cal = _calendar(method)
    with force_locale(lang or mail_language(invitation.contact)):
        cal.add_component(
            event(
                invitation.meeting,
                cancelled=method == "CANCEL",
                link=link,
                attendees=[(email, invitation)],
            )
        )
    return cal.to_ical().decode()


def feed_ics(meetings: Iterable[Meeting], name: str) -> str:
    """Return a subscribable calendar (METHOD:PUBLISH) of meetings that have a time."""
    cal = _calendar("PUBLISH", name)
    for meeting in meetings:
        if meeting.starts_at is not None:
            cal.add_component(event(meeting))
    return cal.to_ical().decode()
