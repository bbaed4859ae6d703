"""Rules for meetings: agenda, date poll, invitations and their mails, RSVP, attendance,
minutes, attachments, conflicts, the participation report and calendar feeds.

Every function that changes something only adds to the session (mails included, through
``crm.mail.services.queue``); the view commits once, so a change and its mails are one
transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import markdown
import nh3
import sqlalchemy as sa
from babel.dates import format_datetime as babel_datetime
from flask import current_app, render_template
from markupsafe import Markup
from sqlalchemy.orm import joinedload, selectinload

from crm.audit import services as audit
from crm.contacts.models import Affiliation, Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Group, Membership, Seat
from crm.mail import services as mail
from crm.mail.models import OutboxMail
from crm.meetings import ical
from crm.meetings.models import (
    VOTE_ANSWERS,
    AgendaItem,
    Attachment,
    CalendarFeed,
    DateOption,
    Invitation,
    Meeting,
    Vote,
)
from crm.organisations.models import Organisation
from crm.time import BERLIN, local_date, today, utcnow


class MeetingError(ValueError):
    """A rule of meetings was broken; the German message is shown to the user."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


class StaleMeetingError(MeetingError):
    """Someone else changed the meeting since the form was loaded."""


#: seat roles invited by default; the others can be ticked
DEFAULT_INVITEE_ROLES = ("lead", "deputy_lead", "delegate")
#: RSVPs whose holders still get updates and cancellations
NOTIFIED_RSVPS = ("pending", "accepted", "tentative", "declined")


# --- lists and loading ------------------------------------------------------------------


def list_query(
    group_id: int | None = None,
    when: str = "upcoming",
    q: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    status: str | None = None,
) -> sa.Select:
    """Return the SELECT for the meeting list: upcoming (soonest first) or past (newest first)."""
    from crm.time import to_utc

    stmt = sa.select(Meeting).options(joinedload(Meeting.group))
    now = utcnow()
    if when == "past":
        stmt = stmt.where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc())
    elif when == "all":
        # open polls (no date yet) lie ahead: first, then newest first
        stmt = stmt.order_by(Meeting.starts_at.is_not(None), Meeting.starts_at.desc())
    else:
        stmt = stmt.where(sa.or_(Meeting.starts_at >= now, Meeting.starts_at.is_(None)))
        stmt = stmt.order_by(Meeting.starts_at.is_(None), Meeting.starts_at)
    if group_id:
        stmt = stmt.where(Meeting.group_id == group_id)
    if q:
        stmt = stmt.where(sa.func.lower(Meeting.title).contains(q.strip().lower()))
    if date_from:
        stmt = stmt.where(Meeting.starts_at >= to_utc(date_from, datetime.min.time()))
    if date_to:
        stmt = stmt.where(
            Meeting.starts_at < to_utc(date_to + timedelta(days=1), datetime.min.time())
        )
    if status:
        stmt = stmt.where(Meeting.status == status)
    return stmt.order_by(Meeting.id)


def detail(meeting_id: int) -> Meeting | None:
    """Return a meeting with its agenda, attachments, poll and invitations loaded."""
    return db.session.scalar(
        sa.select(Meeting)
        .options(
            joinedload(Meeting.group),
            selectinload(Meeting.agenda_items),
            selectinload(Meeting.attachments),
            selectinload(Meeting.date_options).selectinload(DateOption.votes),
            selectinload(Meeting.invitations).joinedload(Invitation.contact),
            selectinload(Meeting.invitations).joinedload(Invitation.organisation),
            selectinload(Meeting.invitations)
            .joinedload(Invitation.substitute_for)
            .joinedload(Invitation.contact),
        )
        .where(Meeting.id == meeting_id)
    )


def by_token(token: str) -> Invitation | None:
    """Return the invitation of a personal link, with its meeting loaded."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        sa.select(Invitation)
        .options(
            joinedload(Invitation.contact),
            joinedload(Invitation.organisation),
            joinedload(Invitation.meeting).joinedload(Meeting.group),
            selectinload(Invitation.votes),
        )
        .where(Invitation.token == token)
    )


def manageable_groups(user) -> list[Group]:
    """Return the groups ``user`` may create meetings for."""
    from crm.auth.permissions import STAFF_ROLES, managed_group_ids

    stmt = sa.select(Group).where(Group.dissolved_on.is_(None)).order_by(Group.name)
    if user.role not in STAFF_ROLES:
        ids = managed_group_ids(user)
        if not ids:
            return []
        stmt = stmt.where(Group.id.in_(ids))
    return list(db.session.scalars(stmt))


# --- meetings ---------------------------------------------------------------------------

MEETING_FIELDS = ("title", "description", "location", "online_url", "starts_at", "ends_at")
NOTIFY_FIELDS = ("starts_at", "ends_at", "location", "online_url")


def _check_times(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if (starts_at is None) != (ends_at is None):
        raise MeetingError("Bitte Beginn und Ende angeben.", "ends_time")
    if starts_at is not None and ends_at <= starts_at:
        raise MeetingError("Das Ende muss nach dem Beginn liegen.", "ends_time")


def create_meeting(group: Group, data: dict, user=None) -> Meeting:
    """Add a draft meeting of ``group`` (with a time, or without one for a date poll)."""
    _check_times(data.get("starts_at"), data.get("ends_at"))
    meeting = Meeting(group=group, status="draft", created_by_id=getattr(user, "id", None))
    for key in MEETING_FIELDS:
        setattr(meeting, key, data.get(key) or None)
    db.session.add(meeting)
    audit.record_create(meeting, summary=f"Sitzung angelegt: {meeting.title}")
    return meeting


def update_meeting(meeting: Meeting, data: dict, expected_version: int | None = None) -> int:
    """Change a meeting; when invitees already have the time or place, mail them an update.

    Returns the number of update mails queued. A change of time or place raises SEQUENCE.
    """
    if meeting.version != expected_version:  # missing or garbled counts as stale
        raise StaleMeetingError(
            "Die Sitzung wurde inzwischen von jemand anderem geändert. Bitte die aktuelle "
            "Fassung prüfen und die Änderung erneut eingeben."
        )
    if meeting.status in ("cancelled", "held"):
        raise MeetingError("Abgesagte oder durchgeführte Sitzungen können nicht geändert werden.")
    _check_times(data.get("starts_at"), data.get("ends_at"))
    if meeting.status == "scheduled" and data.get("starts_at") is None:
        raise MeetingError("Eine terminierte Sitzung braucht Beginn und Ende.", "starts_on")
    before = audit.snapshot(meeting)
    for key in MEETING_FIELDS:
        setattr(meeting, key, data.get(key) or None)
    changed = [k for k in NOTIFY_FIELDS if before.get(k) != audit.snapshot(meeting).get(k)]
    sent = 0
    if changed and meeting.status == "scheduled":
        meeting.sequence += 1
        sent = _notify_all(meeting, "update")
    audit.record_update(meeting, before, summary=f"Sitzung geändert: {meeting.title}")
    return sent


def cancel_meeting(meeting: Meeting) -> int:
    """Cancel a meeting; invitees who got the invitation receive METHOD:CANCEL."""
    if meeting.status in ("cancelled", "held"):
        raise MeetingError("Die Sitzung ist bereits abgesagt oder durchgeführt.")
    before = audit.snapshot(meeting)
    was_scheduled = meeting.status == "scheduled"
    meeting.status = "cancelled"
    meeting.sequence += 1
    sent = _notify_all(meeting, "cancel" if was_scheduled else "poll_cancel")
    audit.record_update(meeting, before, summary=f"Sitzung abgesagt: {meeting.title}")
    return sent


# --- agenda -----------------------------------------------------------------------------


def add_agenda_item(
    meeting: Meeting, title: str, description: str | None = None, duration: int | None = None
) -> AgendaItem:
    """Append an item to the agenda."""
    position = max((i.position for i in meeting.agenda_items), default=0) + 1
    item = AgendaItem(
        title=title.strip(), description=description or None, duration_minutes=duration
    )
    item.position = position
    meeting.agenda_items.append(item)
    audit.record("update", "meetings", meeting.id, summary=f"TOP hinzugefügt: {item.title}")
    return item


def update_agenda_item(
    item: AgendaItem, title: str, description: str | None, duration: int | None
) -> None:
    item.title = title.strip()
    item.description = description or None
    item.duration_minutes = duration
    audit.record("update", "meetings", item.meeting_id, summary=f"TOP geändert: {item.title}")


def remove_agenda_item(item: AgendaItem) -> None:
    """Remove an item and close the gap in the numbering."""
    meeting = item.meeting
    meeting.agenda_items.remove(item)
    for n, other in enumerate(sorted(meeting.agenda_items, key=lambda i: i.position), 1):
        other.position = n
    audit.record("update", "meetings", meeting.id, summary=f"TOP entfernt: {item.title}")


def move_agenda_item(item: AgendaItem, direction: str) -> None:
    """Swap an item with its neighbour above (``up``) or below (``down``)."""
    items = sorted(item.meeting.agenda_items, key=lambda i: i.position)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for n, it in enumerate(items, 1):
        it.position = n


# --- invitees ---------------------------------------------------------------------------


def invitee_date(meeting: Meeting) -> date:
    """Return the day whose seats make the default invitee list (the meeting's, or today)."""
    if meeting.starts_at:
        return local_date(meeting.starts_at)
    if meeting.date_options:
        return local_date(meeting.date_options[0].starts_at)
    return today()


def seats_on(group: Group, on: date, roles) -> list[Seat]:
    """Return the group's seats current on ``on`` with the given roles."""
    return list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.contact), joinedload(Seat.organisation))
            .where(Seat.group_id == group.id, Seat.role.in_(list(roles)), active_on(Seat, on))
            .order_by(Seat.id)
        )
    )


def add_invitees_from_seats(meeting: Meeting, roles=DEFAULT_INVITEE_ROLES) -> int:
    """Invite the holders of the group's seats (as of the meeting day); return how many new."""
    invited = {i.contact_id for i in meeting.invitations}
    added = 0
    for seat in seats_on(meeting.group, invitee_date(meeting), roles):
        if seat.contact_id in invited or seat.contact.archived_at is not None:
            continue
        meeting.invitations.append(
            Invitation(contact=seat.contact, organisation=_organisation_of(seat))
        )
        invited.add(seat.contact_id)
        added += 1
    if added:
        audit.record("update", "meetings", meeting.id, summary=f"{added} Personen eingeladen")
    return added


def _organisation_of(seat: Seat) -> Organisation | None:
    if seat.organisation is not None:
        return seat.organisation
    primary = seat.contact.primary_affiliation()
    return primary.organisation if primary else None


def add_invitee(meeting: Meeting, contact: Contact) -> Invitation:
    """Invite one person (a guest, a deputy); when the meeting is scheduled, mail them."""
    if any(i.contact_id == contact.id for i in meeting.invitations):
        raise MeetingError("Diese Person ist bereits eingeladen.", "contact_id")
    if meeting.status in ("cancelled", "held"):
        raise MeetingError("Zu dieser Sitzung kann niemand mehr eingeladen werden.")
    primary = contact.primary_affiliation()
    invitation = Invitation(contact=contact, organisation=primary.organisation if primary else None)
    meeting.invitations.append(invitation)
    db.session.flush()
    audit.record("update", "meetings", meeting.id, summary=f"Eingeladen: {contact.full_name}")
    if meeting.status == "scheduled":
        _notify(invitation, "invitation")
    elif meeting.status == "polling":
        _notify(invitation, "poll")
    return invitation


def remove_invitee(invitation: Invitation) -> None:
    """Take a person off the list; if they had the invitation, they get a cancellation."""
    meeting = invitation.meeting
    if invitation.sent_at and meeting.status == "scheduled":
        # RFC 5546: removing one attendee is a CANCEL to them; a higher SEQUENCE makes every
        # client accept it
        meeting.sequence += 1
        _notify(invitation, "cancel", personal=True)
    audit.record(
        "update", "meetings", meeting.id, summary=f"Ausgeladen: {invitation.contact.full_name}"
    )
    meeting.invitations.remove(invitation)


def email_of(invitation: Invitation) -> str | None:
    """Return the address for an invitee: business e-mail at the organisation they represent,
    else the primary affiliation's, else the private one. People who asked not to be
    contacted (``is_no_contact``) get no mail.
    """
    contact = invitation.contact
    if contact.is_no_contact or contact.archived_at is not None:
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


# --- mails ------------------------------------------------------------------------------


def invitation_link(invitation: Invitation) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/invitations/{invitation.token}"


def when_text(meeting: Meeting) -> str:
    """Return "Mittwoch, 25.11.2026, 14:00–16:00 Uhr" in Europe/Berlin (German, for mails)."""
    if meeting.starts_at is None:
        return "Termin wird abgestimmt"
    start = babel_datetime(meeting.starts_at, "EEEE, dd.MM.yyyy, HH:mm", tzinfo=BERLIN, locale="de")
    if meeting.ends_at and local_date(meeting.ends_at) == local_date(meeting.starts_at):
        end = babel_datetime(meeting.ends_at, "HH:mm", tzinfo=BERLIN, locale="de")
    elif meeting.ends_at:
        end = babel_datetime(meeting.ends_at, "dd.MM.yyyy, HH:mm", tzinfo=BERLIN, locale="de")
    else:
        return f"{start} Uhr"
    return f"{start}–{end} Uhr"


SUBJECTS = {
    "poll": "Terminumfrage: {title}",
    "reminder": "Erinnerung: {title}",
    "invitation": "Einladung: {title} am {day}",
    "update": "Geändert: {title} am {day}",
    "cancel": "Abgesagt: {title} am {day}",
    "poll_cancel": "Abgesagt: {title}",
}
ICAL_METHOD = {"invitation": "REQUEST", "update": "REQUEST", "cancel": "CANCEL"}


def _notify(invitation: Invitation, kind: str, personal: bool = False) -> OutboxMail | None:
    """Queue one mail of ``kind`` to an invitee; returns None when they have no address."""
    address = email_of(invitation)
    meeting = invitation.meeting
    if address is None:
        return None
    link = invitation_link(invitation)
    day = (
        babel_datetime(meeting.starts_at, "dd.MM.yyyy", tzinfo=BERLIN, locale="de")
        if meeting.starts_at
        else ""
    )
    subject = SUBJECTS[kind].format(title=meeting.title, day=day)
    body = render_template(
        "mail/meeting.txt",
        kind=kind,
        personal=personal,
        meeting=meeting,
        invitation=invitation,
        when=when_text(meeting),
        link=link,
    )
    method = ICAL_METHOD.get(kind)
    if kind == "reminder" and meeting.status == "scheduled":
        method = None
    ics = ical.invitation_ics(invitation, address, method, link) if method else None
    queued = mail.queue(address, subject, body, ical=ics, ical_method=method, invitation=invitation)
    now = utcnow()
    if kind in ("invitation", "update", "poll"):
        invitation.sent_at = invitation.sent_at or now
    if kind == "reminder":
        invitation.reminded_at = now
    return queued


def _notify_all(meeting: Meeting, kind: str) -> int:
    """Mail everyone who already has the invitation (or the poll); return how many mails."""
    count = 0
    for invitation in meeting.invitations:
        if invitation.sent_at is None or invitation.rsvp not in NOTIFIED_RSVPS:
            continue
        if _notify(invitation, kind):
            count += 1
    return count


def send_invitations(meeting: Meeting) -> tuple[int, list[Invitation]]:
    """Schedule the meeting and mail each invitee not yet invited; return (sent, without mail)."""
    if meeting.starts_at is None:
        raise MeetingError("Bitte zuerst Beginn und Ende festlegen oder einen Termin abstimmen.")
    if meeting.status not in ("draft", "polling", "scheduled"):
        raise MeetingError("Für diese Sitzung können keine Einladungen mehr versendet werden.")
    if not meeting.invitations:
        raise MeetingError("Bitte zuerst Personen einladen.")
    before = audit.snapshot(meeting)
    # once scheduled, ``sent_at`` means "has the invitation"; before, it only means "has the
    # poll link", and everyone gets the calendar invitation now
    was_scheduled = meeting.status == "scheduled"
    meeting.status = "scheduled"
    sent, missing = 0, []
    for invitation in meeting.invitations:
        if invitation.rsvp == "delegated" or (was_scheduled and invitation.sent_at):
            continue
        if _notify(invitation, "invitation"):
            sent += 1
        else:
            missing.append(invitation)
    audit.record_update(meeting, before, summary=f"Einladungen versendet: {sent}")
    return sent, missing


def remind(meeting: Meeting) -> int:
    """Remind invitees who have not answered (poll: no votes; scheduled: RSVP pending)."""
    count = 0
    for invitation in meeting.invitations:
        if invitation.sent_at is None:
            continue
        if meeting.status == "polling":
            waiting = not invitation.votes
        elif meeting.status == "scheduled":
            waiting = invitation.rsvp == "pending"
        else:
            raise MeetingError("Erinnerungen gibt es nur während der Umfrage oder vor der Sitzung.")
        if waiting and _notify(invitation, "reminder"):
            count += 1
    audit.record("update", "meetings", meeting.id, summary=f"Erinnerungen versendet: {count}")
    return count


def outbox_status(meeting: Meeting) -> dict[int, OutboxMail]:
    """Return the latest outbox mail per invitation of ``meeting`` (one query)."""
    ids = [i.id for i in meeting.invitations]
    if not ids:
        return {}
    rows = db.session.scalars(
        sa.select(OutboxMail).where(OutboxMail.invitation_id.in_(ids)).order_by(OutboxMail.id)
    )
    return {m.invitation_id: m for m in rows}


# --- date poll --------------------------------------------------------------------------


def add_date_option(meeting: Meeting, starts_at: datetime, ends_at: datetime) -> DateOption:
    """Propose a slot for the date poll."""
    if meeting.status not in ("draft", "polling"):
        raise MeetingError("Termine können nur vor der Festlegung vorgeschlagen werden.")
    _check_times(starts_at, ends_at)
    if any(o.starts_at == starts_at for o in meeting.date_options):
        raise MeetingError("Dieser Termin ist bereits vorgeschlagen.", "starts_on")
    option = DateOption(starts_at=starts_at, ends_at=ends_at)
    meeting.date_options.append(option)
    return option


def remove_date_option(option: DateOption) -> None:
    meeting = option.meeting
    if meeting.status not in ("draft", "polling"):
        raise MeetingError("Termine können nur vor der Festlegung entfernt werden.")
    meeting.date_options.remove(option)


def start_poll(meeting: Meeting) -> int:
    """Open the date poll and mail each invitee their personal link; return mails queued."""
    if meeting.status != "draft":
        raise MeetingError("Die Umfrage kann nur aus dem Entwurf gestartet werden.")
    if len(meeting.date_options) < 2:
        raise MeetingError("Bitte mindestens zwei Termine vorschlagen.")
    if not meeting.invitations:
        raise MeetingError("Bitte zuerst Personen einladen.")
    before = audit.snapshot(meeting)
    meeting.status = "polling"
    count = sum(1 for i in meeting.invitations if _notify(i, "poll"))
    audit.record_update(meeting, before, summary="Terminumfrage gestartet")
    return count


def vote(invitation: Invitation, answers: dict[int, str]) -> None:
    """Store (or change) an invitee's yes / maybe / no per slot."""
    meeting = invitation.meeting
    if meeting.status != "polling":
        raise MeetingError("Die Terminumfrage ist abgeschlossen.")
    options = {o.id for o in meeting.date_options}
    current = {v.date_option_id: v for v in invitation.votes}
    for option_id, answer in answers.items():
        if option_id not in options or answer not in VOTE_ANSWERS:
            raise MeetingError("Ungültige Antwort.")
        if option_id in current:
            current[option_id].answer = answer
        else:
            invitation.votes.append(Vote(date_option_id=option_id, answer=answer))
    invitation.responded_at = utcnow()


@dataclass
class PollRow:
    option: DateOption
    yes: int = 0
    maybe: int = 0
    no: int = 0
    best: bool = False

    @property
    def score(self) -> float:
        return self.yes + self.maybe / 2


@dataclass
class PollMatrix:
    rows: list[PollRow] = field(default_factory=list)
    #: invitation id -> {option id: answer}
    answers: dict[int, dict[int, str]] = field(default_factory=dict)
    answered: int = 0


def poll_matrix(meeting: Meeting) -> PollMatrix:
    """Return the slots with yes/maybe/no totals, the best ones marked (most yes, maybe = ½)."""
    matrix = PollMatrix()
    by_option = {}
    for option in meeting.date_options:
        row = PollRow(option)
        matrix.rows.append(row)
        by_option[option.id] = row
        for v in option.votes:
            setattr(row, v.answer, getattr(row, v.answer) + 1)
            matrix.answers.setdefault(v.invitation_id, {})[option.id] = v.answer
    matrix.answered = len(matrix.answers)
    best = max((r.score for r in matrix.rows), default=0)
    for r in matrix.rows:
        r.best = best > 0 and r.score == best
    return matrix


def pick_date_option(meeting: Meeting, option: DateOption) -> tuple[int, list[Invitation]]:
    """Fix the meeting on a slot, close the poll and send the invitations with calendar files."""
    if meeting.status != "polling" or option.meeting_id != meeting.id:
        raise MeetingError("Ein Termin kann nur während der Umfrage festgelegt werden.")
    meeting.starts_at = option.starts_at
    meeting.ends_at = option.ends_at
    return send_invitations(meeting)


# --- RSVP and substitutes ---------------------------------------------------------------

RSVP_CHOICES = ("accepted", "tentative", "declined")


def rsvp(invitation: Invitation, answer: str, comment: str | None = None) -> None:
    """Record an invitee's accept / tentative / decline (they may change it later)."""
    if answer not in RSVP_CHOICES:
        raise MeetingError("Bitte zusagen, vorbehaltlich zusagen oder absagen.", "answer")
    if invitation.meeting.status not in ("scheduled",):
        raise MeetingError("Für diese Sitzung sind keine Rückmeldungen mehr möglich.")
    if invitation.rsvp == "delegated":
        raise MeetingError("Sie haben bereits eine Vertretung benannt.")
    invitation.rsvp = answer
    invitation.comment = (comment or "").strip()[:500] or None
    invitation.responded_at = utcnow()


def colleagues(invitation: Invitation) -> list[Contact]:
    """Return people of the invitee's organisation who could stand in for them."""
    if invitation.organisation_id is None:
        return []
    invited = sa.select(Invitation.contact_id).where(Invitation.meeting_id == invitation.meeting_id)
    return list(
        db.session.scalars(
            sa.select(Contact)
            .join(Affiliation, Affiliation.contact_id == Contact.id)
            .where(
                Affiliation.organisation_id == invitation.organisation_id,
                active_on(Affiliation, today()),
                Contact.archived_at.is_(None),
                Contact.id.not_in(invited),
            )
            .order_by(Contact.last_name, Contact.first_name)
            .distinct()
        )
    )


def name_substitute(
    invitation: Invitation,
    contact: Contact | None = None,
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
) -> Invitation:
    """Hand an invitation to a substitute from the same organisation, who gets their own.

    The substitute is either a known colleague or a new person (name and business e-mail),
    who is then recorded as a contact of that organisation.
    """
    meeting = invitation.meeting
    if meeting.status not in ("polling", "scheduled"):
        raise MeetingError("Für diese Sitzung kann keine Vertretung mehr benannt werden.")
    if invitation.rsvp == "delegated":
        raise MeetingError("Sie haben bereits eine Vertretung benannt.")
    if invitation.organisation_id is None:
        raise MeetingError("Eine Vertretung kann nur für eine Organisation benannt werden.")
    if contact is not None:
        if contact.id not in {c.id for c in colleagues(invitation)}:
            raise MeetingError("Bitte eine Person aus Ihrer Organisation wählen.", "contact_id")
    else:
        if not (last_name and email):
            raise MeetingError("Bitte Name und E-Mail der Vertretung angeben.", "last_name")
        contact = Contact(
            first_name=(first_name or "").strip() or None, last_name=last_name.strip()
        )
        contact.affiliations.append(
            Affiliation(
                organisation_id=invitation.organisation_id,
                email=email.strip().lower(),
                is_primary=True,
                starts_on=today(),
            )
        )
        db.session.add(contact)
        audit.record_create(contact, summary="Als Vertretung über einen Einladungslink benannt")
    substitute = Invitation(
        contact=contact,
        organisation_id=invitation.organisation_id,
        substitute_for=invitation,
    )
    meeting.invitations.append(substitute)
    invitation.rsvp = "delegated"
    invitation.responded_at = utcnow()
    db.session.flush()
    _notify(substitute, "invitation" if meeting.status == "scheduled" else "poll")
    audit.record(
        "update",
        "meetings",
        meeting.id,
        summary=f"{invitation.contact.full_name} lässt sich vertreten durch {contact.full_name}",
    )
    return substitute


# --- attendance and minutes -------------------------------------------------------------


def record_attendance(meeting: Meeting, attended: dict[int, str]) -> None:
    """Store who attended (``yes``/``no``/``unknown`` per invitation); the meeting is held."""
    if meeting.status not in ("scheduled", "held"):
        raise MeetingError("Anwesenheit kann nur für terminierte Sitzungen erfasst werden.")
    if meeting.starts_at is None or meeting.starts_at > utcnow() + timedelta(hours=1):
        raise MeetingError("Anwesenheit kann erst ab Beginn der Sitzung erfasst werden.")
    by_id = {i.id: i for i in meeting.invitations}
    for invitation_id, value in attended.items():
        if invitation_id not in by_id or value not in ("yes", "no", "unknown"):
            raise MeetingError("Ungültige Angabe zur Anwesenheit.")
        by_id[invitation_id].attended = value
    before = audit.snapshot(meeting)
    meeting.status = "held"
    audit.record_update(meeting, before, summary="Anwesenheit erfasst")


MINUTES_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre", "hr", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


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


def save_minutes(meeting: Meeting, text: str | None, status: str) -> None:
    """Store the minutes (Markdown) and their status (draft / approved)."""
    if status not in ("draft", "approved"):
        raise MeetingError("Ungültiger Status.", "minutes_status")
    if meeting.status in ("draft", "polling", "cancelled"):
        raise MeetingError("Ein Protokoll gibt es erst für terminierte Sitzungen.")
    if status == "approved" and not (text or "").strip():
        raise MeetingError("Ein leeres Protokoll kann nicht genehmigt werden.", "minutes")
    before = audit.snapshot(meeting)
    meeting.minutes = (text or "").strip() or None
    meeting.minutes_status = status
    audit.record_update(meeting, before, summary="Protokoll gespeichert")


# --- attachments ------------------------------------------------------------------------

#: allowed extensions -> the content type we serve them with (never the browser's claim)
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain",
}
#: the first bytes each type must start with (Office/OpenDocument files are ZIP archives)
MAGIC = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    **{ext: (b"PK\x03\x04",) for ext in ("docx", "xlsx", "pptx", "odt", "ods")},
}
DEFAULT_MAX_ATTACHMENT = 10 * 1024 * 1024


def max_attachment_size() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", DEFAULT_MAX_ATTACHMENT))


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "meetings"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_attachment(meeting: Meeting, filename: str, data: bytes, purpose: str, user=None):
    """Store an uploaded document under a random name; check its size and type."""
    from werkzeug.utils import secure_filename

    name = (filename or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_TYPES:
        raise MeetingError(
            "Dieser Dateityp ist nicht erlaubt (erlaubt: PDF, DOCX, XLSX, PPTX, ODT, ODS, "
            "PNG, JPG, TXT).",
            "file",
        )
    if not data:
        raise MeetingError("Die Datei ist leer.", "file")
    limit = max_attachment_size()
    if len(data) > limit:
        raise MeetingError(
            f"Die Datei ist zu groß (höchstens {limit // (1024 * 1024)} MB).", "file"
        )
    if ext in MAGIC and not data.startswith(MAGIC[ext]):
        raise MeetingError("Der Inhalt der Datei passt nicht zu ihrer Endung.", "file")
    if purpose not in ("material", "minutes"):
        raise MeetingError("Ungültiger Zweck.", "purpose")
    stored = secrets.token_hex(20)
    (upload_dir() / stored).write_bytes(data)
    attachment = Attachment(
        filename=(secure_filename(name) and name)[:255] or f"datei.{ext}",
        stored_name=stored,
        content_type=ALLOWED_TYPES[ext],
        size=len(data),
        purpose=purpose,
        uploaded_by_id=getattr(user, "id", None),
    )
    meeting.attachments.append(attachment)
    audit.record("update", "meetings", meeting.id, summary=f"Anhang: {attachment.filename}")
    return attachment


def attachment_path(attachment: Attachment) -> Path:
    return upload_dir() / attachment.stored_name


def delete_attachment(attachment: Attachment) -> None:
    """Remove an attachment (the file goes when the transaction is committed by the view)."""
    meeting = attachment.meeting
    meeting.attachments.remove(attachment)
    audit.record(
        "update", "meetings", meeting.id, summary=f"Anhang entfernt: {attachment.filename}"
    )


# --- conflicts --------------------------------------------------------------------------


@dataclass
class Conflict:
    other: Meeting
    #: "person" or "room"
    reason: str
    names: list[str] = field(default_factory=list)


def conflicts(
    meeting: Meeting, starts_at: datetime | None = None, ends_at: datetime | None = None
) -> list[Conflict]:
    """Return other meetings at the same time that share an invitee or the room."""
    starts_at = starts_at or meeting.starts_at
    ends_at = ends_at or meeting.ends_at or starts_at
    if starts_at is None:
        return []
    overlapping = sa.and_(
        Meeting.id != meeting.id,
        Meeting.status.in_(("polling", "scheduled", "held")),
        Meeting.starts_at < ends_at,
        Meeting.ends_at > starts_at,
    )
    found: dict[tuple[int, str], Conflict] = {}
    contact_ids = [i.contact_id for i in meeting.invitations if i.rsvp != "delegated"]
    if contact_ids:
        rows = db.session.execute(
            sa.select(Meeting, Contact)
            .join(Invitation, Invitation.meeting_id == Meeting.id)
            .join(Contact, Contact.id == Invitation.contact_id)
            .options(joinedload(Meeting.group))
            .where(
                overlapping,
                Invitation.contact_id.in_(contact_ids),
                Invitation.rsvp.not_in(("declined", "delegated")),
            )
            .order_by(Meeting.starts_at, Contact.last_name)
        )
        for other, contact in rows:
            found.setdefault((other.id, "person"), Conflict(other, "person")).names.append(
                contact.full_name
            )
    if meeting.location and meeting.location.strip():
        rooms = db.session.scalars(
            sa.select(Meeting)
            .options(joinedload(Meeting.group))
            .where(
                overlapping,
                sa.func.lower(sa.func.trim(Meeting.location)) == meeting.location.strip().lower(),
            )
        )
        for other in rooms:
            found.setdefault((other.id, "room"), Conflict(other, "room"))
    return list(found.values())


# --- participation report ---------------------------------------------------------------


@dataclass
class ReportLine:
    name: str
    obj: object
    invited: int
    attended: int

    @property
    def rate(self) -> float:
        return self.attended / self.invited if self.invited else 0.0


@dataclass
class ParticipationReport:
    meetings: list[Meeting]
    organisations: list[ReportLine]
    people: list[ReportLine]
    absent: list[Organisation]
    last_n: int


def participation_report(group: Group, start: date, end: date, last_n: int = 3):
    """Return attendance per organisation and person over held meetings from ``start`` to
    ``end`` (inclusive), and the member organisations absent from the group's last ``last_n``
    held meetings. A substitute's attendance counts for the organisation.
    """
    from crm.time import to_utc

    held = list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.group_id == group.id,
                Meeting.status == "held",
                Meeting.starts_at >= to_utc(start, datetime.min.time()),
                Meeting.starts_at < to_utc(end + timedelta(days=1), datetime.min.time()),
            )
            .order_by(Meeting.starts_at.desc())
        )
    )
    ids = [m.id for m in held]
    attended_expr = sa.case((Invitation.attended == "yes", 1), else_=0)
    people, organisations = [], []
    if ids:
        rows = db.session.execute(
            sa.select(
                Invitation.contact_id,
                sa.func.count(Invitation.id),
                sa.func.sum(attended_expr),
            )
            .where(Invitation.meeting_id.in_(ids))
            .group_by(Invitation.contact_id)
        ).all()
        contacts = {
            c.id: c
            for c in db.session.scalars(
                sa.select(Contact).where(Contact.id.in_([r[0] for r in rows]))
            )
        }
        people = [
            ReportLine(contacts[cid].sort_name, contacts[cid], invited, int(att or 0))
            for cid, invited, att in rows
        ]
        # per organisation: of the meetings it was invited to, at how many was it present
        per_meeting = (
            sa.select(
                Invitation.organisation_id.label("org"),
                Invitation.meeting_id.label("mid"),
                sa.func.max(attended_expr).label("present"),
            )
            .where(Invitation.meeting_id.in_(ids), Invitation.organisation_id.is_not(None))
            .group_by(Invitation.organisation_id, Invitation.meeting_id)
            .subquery()
        )
        org_rows = db.session.execute(
            sa.select(
                per_meeting.c.org, sa.func.count(), sa.func.sum(per_meeting.c.present)
            ).group_by(per_meeting.c.org)
        ).all()
        orgs = {
            o.id: o
            for o in db.session.scalars(
                sa.select(Organisation).where(Organisation.id.in_([r[0] for r in org_rows]))
            )
        }
        organisations = [
            ReportLine(orgs[oid].name, orgs[oid], invited, int(att or 0))
            for oid, invited, att in org_rows
        ]
    people.sort(key=lambda r: (-r.rate, r.name.lower()))
    organisations.sort(key=lambda r: (-r.rate, r.name.lower()))
    last_ids = list(
        db.session.scalars(
            sa.select(Meeting.id)
            .where(Meeting.group_id == group.id, Meeting.status == "held")
            .order_by(Meeting.starts_at.desc())
            .limit(last_n)
        )
    )
    absent: list[Organisation] = []
    if last_ids:
        present = (
            sa.select(Invitation.organisation_id)
            .where(
                Invitation.meeting_id.in_(last_ids),
                Invitation.attended == "yes",
                Invitation.organisation_id.is_not(None),
            )
            .scalar_subquery()
        )
        absent = list(
            db.session.scalars(
                sa.select(Organisation)
                .join(Membership, Membership.organisation_id == Organisation.id)
                .where(
                    Membership.group_id == group.id,
                    active_on(Membership, today()),
                    Organisation.id.not_in(present),
                )
                .order_by(Organisation.name)
                .distinct()
            )
        )
    return ParticipationReport(held, organisations, people, absent, len(last_ids))


# --- calendar feeds ---------------------------------------------------------------------


def create_feed(user, group: Group | None = None) -> CalendarFeed:
    """Create a secret feed URL for a group's meetings or the user's own meetings."""
    feed = CalendarFeed(user_id=user.id, group_id=group.id if group else None)
    db.session.add(feed)
    audit.record(
        "create",
        "calendar_feeds",
        None,
        summary=f"Kalender-Abo angelegt ({group.name if group else 'persönlich'})",
    )
    return feed


def revoke_feed(feed: CalendarFeed) -> None:
    feed.revoked_at = utcnow()
    audit.record("update", "calendar_feeds", feed.id, summary="Kalender-Abo widerrufen")


def user_feeds(user) -> list[CalendarFeed]:
    return list(
        db.session.scalars(
            sa.select(CalendarFeed)
            .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
            .order_by(CalendarFeed.id)
        )
    )


def feed_by_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        sa.select(CalendarFeed).where(
            CalendarFeed.token == token, CalendarFeed.revoked_at.is_(None)
        )
    )


def feed_meetings(feed: CalendarFeed) -> tuple[str, list[Meeting]]:
    """Return the feed's name and meetings (a year back, all ahead; with a time only).

    A group feed lists that group's meetings. A personal feed lists the meetings of the
    groups the user leads, those their person record is invited to, and for staff all.
    """
    from crm.auth.models import User
    from crm.auth.permissions import STAFF_ROLES

    since = utcnow() - timedelta(days=366)
    stmt = (
        sa.select(Meeting)
        .options(joinedload(Meeting.group), selectinload(Meeting.agenda_items))
        .where(
            Meeting.starts_at.is_not(None),
            Meeting.starts_at >= since,
            Meeting.status.in_(("scheduled", "held", "cancelled")),
        )
        .order_by(Meeting.starts_at)
    )
    user = db.session.get(User, feed.user_id)
    if user is None or not user.is_active:
        return "Sitzungen", []
    if feed.group_id is not None:
        group = db.session.get(Group, feed.group_id)
        return f"Sitzungen {group.name}", list(
            db.session.scalars(stmt.where(Meeting.group_id == feed.group_id))
        )
    if user.role not in STAFF_ROLES:
        conditions = [Meeting.group_id.in_([g.id for g in user.managed_groups] or [-1])]
        if user.contact_id:
            conditions.append(
                Meeting.id.in_(
                    sa.select(Invitation.meeting_id).where(Invitation.contact_id == user.contact_id)
                )
            )
        stmt = stmt.where(sa.or_(*conditions))
    return f"Meine Sitzungen ({user.name})", list(db.session.scalars(stmt))
