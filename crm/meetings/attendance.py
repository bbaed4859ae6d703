"""After the meeting: who attended (the meeting then counts as held) and the minutes."""

from __future__ import annotations

from datetime import timedelta

import markdown
import nh3
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from crm.audit import services as audit
from crm.audit.conflicts import check_version
from crm.meetings.models import ATTENDANCE, MINUTES_STATUSES, Meeting
from crm.meetings.rules import MeetingError
from crm.time import utcnow

MINUTES_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre", "hr", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def record_attendance(meeting: Meeting, attended: dict[int, str]) -> None:
    """Store who attended (``yes``/``no``/``unknown`` per invitation); the meeting is held."""
    if meeting.status not in ("scheduled", "held"):
        raise MeetingError(_l("Anwesenheit kann nur für terminierte Sitzungen erfasst werden."))
    # an hour's grace: the list is often ticked while people arrive
    if meeting.starts_at is None or meeting.starts_at > utcnow() + timedelta(hours=1):
        raise MeetingError(_l("Anwesenheit kann erst ab Beginn der Sitzung erfasst werden."))
    by_id = {i.id: i for i in meeting.invitations}
    for invitation_id, value in attended.items():
        if invitation_id not in by_id or value not in ATTENDANCE:
            raise MeetingError(_l("Ungültige Angabe zur Anwesenheit."))
        by_id[invitation_id].attended = value
    before = audit.snapshot(meeting)
    meeting.status = "held"
    audit.record_update(meeting, before, summary=audit.Message(audit.N_("Anwesenheit erfasst")))


def render_minutes(text: str | None) -> Markup:
    """Return the minutes (Markdown) as HTML that cannot carry scripts (nh3 allow-list)."""
    if not text:
        return Markup("")
    html = markdown.markdown(text, extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=MINUTES_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 (sanitised above)


def save_minutes(
    meeting: Meeting,
    text: str | None,
    status: str,
    version: int | None,
    seen_event: int | None = None,
) -> None:
    """Store the minutes (Markdown) and their status (draft / approved).

    Raises ``StaleEdit`` when the form was not based on the meeting's current version.
    """
    check_version(meeting, version, seen_event)
    if status not in MINUTES_STATUSES:
        raise MeetingError(_l("Ungültiger Status."), "minutes_status")
    if meeting.status in ("draft", "polling", "cancelled"):
        raise MeetingError(_l("Ein Protokoll gibt es erst für terminierte Sitzungen."))
    if status == "approved" and not (text or "").strip():
        raise MeetingError(_l("Ein leeres Protokoll kann nicht genehmigt werden."), "minutes")
    before = audit.snapshot(meeting)
    meeting.minutes = (text or "").strip() or None
    meeting.minutes_status = status
    audit.record_update(meeting, before, summary=audit.Message(audit.N_("Protokoll gespeichert")))
