"""The mails of meetings: poll links, invitations with calendar files, updates, reminders.

Mails are in the invitee's language (``Contact.language``: English where the person says
so, German by default), whatever the sender's; their times are Europe/Berlin wall-clock
times, written the way a reader of that language expects. Each mail is only queued
(``crm.mail.services.queue``), so it is sent with the change that caused it or not at all.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from crm.contacts.consent import unreachable_ids
from crm.contacts.salutation import mail_language, salutation_of
from crm.i18n import fmt_slot_day, fmt_when
from crm.mail import services as mail
from crm.mail.models import OutboxMail
from crm.meetings import ical
from crm.meetings.models import Invitation, Meeting
from crm.meetings.rules import NOTIFIED_RSVPS
from crm.time import utcnow

SUBJECTS = {
    "poll": _l("Terminumfrage: %(title)s"),
    "reminder": _l("Erinnerung: %(title)s"),
    "invitation": _l("Einladung: %(title)s am %(day)s"),
    "update": _l("Geändert: %(title)s am %(day)s"),
    "cancel": _l("Abgesagt: %(title)s am %(day)s"),
    "poll_cancel": _l("Abgesagt: %(title)s"),
}
ICAL_METHOD = {"invitation": "REQUEST", "update": "REQUEST", "cancel": "CANCEL"}


def external_url(endpoint: str, **values) -> str:
    """Return the absolute URL of ``endpoint`` on the public host ``BASE_URL``.

    ``url_for(…, _external=True)`` would take the host of the current request (or fail
    outside one); a link in a mail must point at the public address whoever sent it, from a
    page, a CLI job or a test. So the app's URL map builds it, bound to ``BASE_URL``.
    """
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def invitation_link(invitation: Invitation) -> str:
    """Return the invitee's personal (secret) link."""
    return external_url("invitations.show", token=invitation.token)


def blocked_invitees(meeting: Meeting) -> set[int]:
    """Return the ids of the meeting's invitees who may not be mailed about it (one query).

    The consent rule (``crm.contacts.consent``, purpose "invitations"): "no contact", an
    objection to invitations, a withdrawn general consent, or no consent where the person's
    legal basis is consent.
    """
    return set(unreachable_ids("invitations", [i.contact_id for i in meeting.invitations]))


def email_of(invitation: Invitation, blocked: set[int] | None = None) -> str | None:
    """Return the address for an invitee: business e-mail at the organisation they represent,
    else the primary affiliation's, else the private one. People the consent rule leaves out
    of invitations (``blocked``, else asked for this one person) get no mail.
    """
    contact = invitation.contact
    if contact.is_no_contact or contact.archived_at is not None:
        return None
    if blocked is None:
        blocked = set(unreachable_ids("invitations", [contact.id]))
    if contact.id in blocked:
        return None
    current = [a for a in contact.affiliations if a.is_current() and a.email]
    for a in current:
        if invitation.organisation_id and a.organisation_id == invitation.organisation_id:
            return a.email
    for a in current:
        if a.is_primary:
            return a.email
    if current:
        return current[0].email
    return contact.email or None


def notify(
    invitation: Invitation,
    kind: str,
    personal: bool = False,
    blocked: set[int] | None = None,
    now: datetime | None = None,
) -> OutboxMail | None:
    """Queue one mail of ``kind`` to an invitee; returns None when they have no address
    (or may not be mailed: ``blocked``, see ``blocked_invitees``). ``now`` is the time
    written as sent / reminded (the reminder task's clock)."""
    address = email_of(invitation, blocked)
    meeting = invitation.meeting
    if address is None:
        return None
    link = invitation_link(invitation)
    lang = mail_language(invitation.contact)
    with force_locale(lang):
        day = fmt_slot_day(meeting.starts_at, lang)
        subject = str(SUBJECTS[kind]) % {"title": meeting.title, "day": day}
        body = render_template(
            "mail/meeting.txt",
            kind=kind,
            personal=personal,
            meeting=meeting,
            invitation=invitation,
            salutation=salutation_of(invitation.contact, lang),
            when=fmt_when(meeting.starts_at, meeting.ends_at, lang=lang)
            or gettext("Termin wird abgestimmt"),
            link=link,
            lang=lang,
        )
    method = ICAL_METHOD.get(kind)
    if kind == "reminder" and meeting.status == "scheduled":
        method = None
    ics = ical.invitation_ics(invitation, address, method, link, lang) if method else None
    queued = mail.queue(
        address,
        subject,
        body,
        ical=ics,
        ical_method=method,
        invitation=invitation,
        kind=kind,
        group_id=meeting.group_id,
    )
    now = now or utcnow()
    if kind in ("invitation", "update", "poll"):
        invitation.sent_at = invitation.sent_at or now
    if kind == "reminder":
        invitation.reminded_at = now
    return queued


def notify_all(meeting: Meeting, kind: str) -> int:
    """Mail everyone who already has the invitation (or the poll); return how many mails."""
    count = 0
    blocked = blocked_invitees(meeting)
    for invitation in meeting.invitations:
        if invitation.sent_at is None or invitation.rsvp not in NOTIFIED_RSVPS:
            continue
        if notify(invitation, kind, blocked=blocked):
            count += 1
    return count
