"""Demo data: the working and project groups of the Europäische Metropolregion Mitteldeutschland.

``flask seed`` calls :func:`seed` inside an app context and commits afterwards; ``seed()`` only
adds and flushes. It is idempotent: every row is looked up by its natural key first
(organisation and group by name, contact by first and last name, user by e-mail, meeting by
group and title, affiliation by contact and organisation, membership and seat by
organisation/contact, group, role and start date) and only created when missing. Existing rows
are never changed, so edits made in the app survive another ``flask seed``, and a user's
password is never reset.

The groups and the members of the project groups follow the region's own description
(``reference/metropolregion-arbeitsgruppen.txt``). Organisations are real public bodies and
companies of the region, but every person is invented, and every personal e-mail address uses
the reserved ``.example`` top-level domain (the organisation's web domain with ``.example`` in
place of its TLD), so no demo mail can reach a real person.

Dates: the history (foundings, memberships, most seats) uses fixed dates; what a demo needs to
be "recent" is relative to the day of the first ``flask seed``: meetings (some held, some
upcoming) and the change of the LVB delegate in the PG Elektromobilität about six months ago.
Rows with such relative dates are looked up without the date (by the rest of their natural key),
so that running ``flask seed`` again on a later day still creates nothing new.

The literal tables live in the ``seed/`` package beside this file (``seed/organisations.py``,
``groups.py``, ``people.py``, ``seats.py``, ``meetings.py``); this module turns them into rows.

Deliberate gaps for the reports: the PG Gewässerlandschaft Mitteldeutschland has no member from
Thüringen ("Länder balance"), and the PG Familienfreundlichkeit has no deputy lead.
"""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from crm.extensions import db
from crm.models import (
    Affiliation,
    AgendaItem,
    ConsentRecord,
    Contact,
    DateOption,
    Group,
    Invitation,
    Meeting,
    Membership,
    Organisation,
    OutboxMail,
    Seat,
    User,
    Vote,
)
from crm.time import today
from seed.groups import GROUPS, MEMBERSHIPS
from seed.meetings import CLOSING_ITEM, MEETINGS, OPENING_ITEMS, POLL_DAYS
from seed.organisations import MAIL_DOMAINS, ORGANISATIONS
from seed.people import AFFILIATION_ENDS, CONSENTS, CONTACTS, NO_CONTACT, PAST_AFFILIATIONS
from seed.seats import SEATS

BERLIN = ZoneInfo("Europe/Berlin")

#: the demo logins (e-mail, password, role, name); the README lists them
DEMO_USERS = [
    ("admin@crm.example", "Admin-Demo-2026", "admin", "Alex Admin"),
    ("geschaeftsstelle@crm.example", "Sekretariat-Demo-2026", "secretariat", "Sabine Sekretariat"),
    ("leitung@crm.example", "Leitung-Demo-2026", "group_lead", "Lars Leitung"),
    ("vorstand@crm.example", "Vorstand-Demo-2026", "viewer", "Vera Vorstand"),
]
#: groups the demo group lead manages (by short name)
LEAD_USER_GROUPS = ("AG VM", "PG EM")
#: the demo group lead is linked to the person who leads this group
LEAD_USER_CONTACT_GROUP = "AG VM"

#: the region's own secretariat; its staff hold the secretariat seats
GESCHAEFTSSTELLE = "EMMD"


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _day(value: str | int | None, today: date) -> date | None:
    """Return a date from an ISO string (fixed) or an int (days relative to ``today``)."""
    if value is None:
        return None
    if isinstance(value, int):
        return today + timedelta(days=value)
    return date.fromisoformat(value)


def _local(day: date, at: time = time(10, 0)) -> datetime:
    """Return the aware UTC datetime of a local Europe/Berlin wall-clock time."""
    return datetime.combine(day, at, tzinfo=BERLIN).astimezone(UTC)


def _midweek(day: date, forward: bool) -> date:
    """Move ``day`` to the nearest Tuesday–Thursday in the given direction."""
    step = timedelta(days=1 if forward else -1)
    while day.weekday() not in (1, 2, 3):
        day += step
    return day


def _mix(*parts: str) -> int:
    """Return a stable number 0–99 for deterministic variety (RSVPs, phone extensions)."""
    return zlib.crc32("|".join(parts).encode()) % 100


def _fold(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})
    return text.lower().translate(table)


def _mail_domain(key: str, website: str) -> str:
    """Return the organisation's web domain under the reserved .example TLD."""
    if key in MAIL_DOMAINS:
        return MAIL_DOMAINS[key]
    host = website.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.")
    return host.rsplit(".", 1)[0] + ".example"


def _extension(phone: str, number: int) -> str:
    """Return a direct line: the switchboard number with another extension."""
    base = phone.rsplit("-", 1)[0] if "-" in phone else phone
    return f"{base}-{number}"


def _get_or_create(model, key: dict, values: dict | None = None):
    """Return ``(row, created)``: the row matching ``key``, or a new one with ``values``."""
    row = db.session.scalar(sa.select(model).filter_by(**key).limit(1))
    if row is not None:
        return row, False
    row = model(**key, **(values or {}))
    db.session.add(row)
    return row, True


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


class _Ctx:
    """What the steps share: today, and the rows by their keys."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.now = datetime.now(UTC)
        self.orgs: dict[str, Organisation] = {}
        self.groups: dict[str, Group] = {}
        self.contacts: dict[str, Contact] = {}
        self.users: dict[str, User] = {}


# ---------------------------------------------------------------------------------------------
# steps
# ---------------------------------------------------------------------------------------------
def _organisations(ctx: _Ctx) -> None:
    for key, name, kind, state, parent, street, plz, city, website, phone in ORGANISATIONS:
        local = "poststelle" if kind == "ministry" else "info"
        org, _ = _get_or_create(
            Organisation,
            {"name": name},
            {
                "short_name": key,
                "kind": kind,
                "state": state,
                "parent": ctx.orgs[parent] if parent else None,
                "street": street,
                "postal_code": plz,
                "city": city,
                "website": website,
                "email": f"{local}@{_mail_domain(key, website)}",
                "phone": phone,
            },
        )
        ctx.orgs[key] = org
    db.session.flush()


def _groups(ctx: _Ctx) -> None:
    for key, name, kind, founded, parent, description in GROUPS:
        group, _ = _get_or_create(
            Group,
            {"name": name},
            {
                "short_name": key,
                "kind": kind,
                "founded_on": _day(founded, ctx.today),
                "parent": ctx.groups[parent] if parent else None,
                "description": description,
            },
        )
        ctx.groups[key] = group
    db.session.flush()


def _group_founded(key: str, today: date) -> date:
    return next(_day(g[3], today) for g in GROUPS if g[0] == key)


def _memberships(ctx: _Ctx) -> None:
    for group_key, rows in MEMBERSHIPS.items():
        group = ctx.groups[group_key]
        for org_key, role, start, end in rows:
            starts_on = _day(start, ctx.today) or _group_founded(group_key, ctx.today)
            _get_or_create(
                Membership,
                {
                    "organisation": ctx.orgs[org_key],
                    "group": group,
                    "role": role,
                    "starts_on": starts_on,
                },
                {"ends_on": _day(end, ctx.today)},
            )
    db.session.flush()


def _affiliation_periods(today: date) -> dict[tuple[str, str], tuple[date, date | None]]:
    """Return (last name, organisation key) -> (starts on, ends on) from the data above."""
    periods = {}
    for c in CONTACTS:
        periods[(c[3], c[4])] = (_day(c[7], today), _day(AFFILIATION_ENDS.get(c[3]), today))
    for last, org, _job, _dept, start, end in PAST_AFFILIATIONS:
        periods[(last, org)] = (_day(start, today), _day(end, today))
    return periods


def _contacts(ctx: _Ctx) -> None:
    org_rows = {o[0]: o for o in ORGANISATIONS}
    for salutation, title, first, last, org_key, job, dept, since in CONTACTS:
        kind = org_rows[org_key][2]
        if last in CONSENTS:
            legal_basis = "consent"
        elif org_key == GESCHAEFTSSTELLE:
            legal_basis = "contract"
        elif kind in ("company", "public_company", "association", "foundation", "other"):
            legal_basis = "legitimate_interest"
        else:
            legal_basis = "public_task"
        values = {
            "salutation": salutation,
            "title": title,
            "legal_basis": legal_basis,
            "is_no_contact": last in NO_CONTACT,
            "notes": NO_CONTACT.get(last),
        }
        if last in CONSENTS:
            given, source = CONSENTS[last]
            values["consent_given_at"] = (
                datetime.fromisoformat(given).replace(tzinfo=BERLIN).astimezone(UTC)
            )
            values["consent_source"] = source
        contact, _ = _get_or_create(Contact, {"first_name": first, "last_name": last}, values)
        ctx.contacts[last] = contact
        if last in CONSENTS:
            db.session.flush()
            # the consent form covered circulars and publication (per-purpose records)
            for purpose in ("circulars", "publication"):
                _get_or_create(
                    ConsentRecord,
                    {"contact_id": contact.id, "purpose": purpose, "is_current": True},
                    {
                        "status": "given",
                        "at": values["consent_given_at"],
                        "source": "form",
                        "note": values["consent_source"][:200],
                    },
                )

        rows = [(org_key, job, dept, since, AFFILIATION_ENDS.get(last))]
        rows += [(o, j, d, s, e) for name, o, j, d, s, e in PAST_AFFILIATIONS if name == last]
        for a_org, a_job, a_dept, a_start, a_end in rows:
            key, _name, _kind, _state, _parent, _street, _plz, _city, website, phone = org_rows[
                a_org
            ]
            local = f"{_fold(first[0])}.{_fold(last)}"
            _get_or_create(
                Affiliation,
                {"contact": contact, "organisation": ctx.orgs[a_org]},
                {
                    "job_title": a_job,
                    "department": a_dept,
                    "email": f"{local}@{_mail_domain(key, website)}",
                    "phone": _extension(phone, 100 + 9 * _mix(last, a_org)),
                    "is_primary": True,
                    "starts_on": _day(a_start, ctx.today),
                    "ends_on": _day(a_end, ctx.today),
                },
            )
    db.session.flush()


def _seats(ctx: _Ctx) -> None:
    periods = _affiliation_periods(ctx.today)
    main_org = {c[3]: c[4] for c in CONTACTS}
    for group_key, rows in SEATS.items():
        group = ctx.groups[group_key]
        founded = _group_founded(group_key, ctx.today)
        memberships = MEMBERSHIPS[group_key]
        for last, role, start, end, org_key in rows:
            org_key = org_key or main_org[last]
            aff_start, aff_end = periods[(last, org_key)]
            member_rows = [m for m in memberships if m[0] == org_key]
            candidates = [founded, aff_start]
            ends = [aff_end]
            if member_rows:
                candidates.append(min(_day(m[2], ctx.today) or founded for m in member_rows))
                if all(m[3] for m in member_rows):
                    ends.append(max(_day(m[3], ctx.today) for m in member_rows))
            starts_on = _day(start, ctx.today) or max(candidates)
            known_ends = [e for e in ends if e]
            ends_on = _day(end, ctx.today) or (min(known_ends) if known_ends else None)
            key = {"contact": ctx.contacts[last], "group": group, "role": role}
            values = {"ends_on": ends_on}
            if isinstance(start, int):
                # a date relative to the day of seeding: match without it
                key["organisation"] = ctx.orgs[org_key]
                values["starts_on"] = starts_on
            else:
                key["starts_on"] = starts_on
                values["organisation"] = ctx.orgs[org_key]
            _get_or_create(Seat, key, values)
    db.session.flush()


def _users(ctx: _Ctx) -> None:
    for email, password, role, name in DEMO_USERS:
        user = db.session.scalar(sa.select(User).filter_by(email=email))
        if user is None:
            user = User(email=email, name=name, role=role)
            user.set_password(password)
            if role == "group_lead":
                user.managed_groups = [ctx.groups[k] for k in LEAD_USER_GROUPS]
                lead = db.session.scalar(
                    sa.select(Seat)
                    .filter_by(group=ctx.groups[LEAD_USER_CONTACT_GROUP], role="lead")
                    .order_by(Seat.starts_on.desc())
                    .limit(1)
                )
                user.contact = lead.contact if lead else None
            db.session.add(user)
        ctx.users[role] = user
    db.session.flush()


def _seat_holders(group: Group, on: date) -> list[Seat]:
    """Return the group's seats on a day, one per person (the first by role order)."""
    seats = db.session.scalars(
        sa.select(Seat)
        .where(
            Seat.group_id == group.id,
            Seat.starts_on <= on,
            sa.or_(Seat.ends_on.is_(None), Seat.ends_on >= on),
        )
        .order_by(Seat.id)
    ).all()
    by_person: dict[int, Seat] = {}
    for seat in seats:
        by_person.setdefault(seat.contact_id, seat)
    return list(by_person.values())


def _meetings(ctx: _Ctx) -> None:
    for group_key, title, days, minutes, location, online_url, items in MEETINGS:
        group = ctx.groups[group_key]
        meeting = db.session.scalar(sa.select(Meeting).filter_by(group=group, title=title))
        if meeting is not None:
            continue
        creator = ctx.users["group_lead"] if group_key in LEAD_USER_GROUPS else None
        creator = creator or ctx.users["secretariat"]
        meeting = Meeting(
            group=group,
            title=title,
            location=location,
            online_url=online_url,
            created_by_id=creator.id,
            description=f"Reguläre Sitzung der Gruppe „{group.name}“.",
        )
        if days is None:
            meeting.status = "polling"
            on = ctx.today
            for offset in POLL_DAYS:
                slot = _midweek(ctx.today + timedelta(days=offset), forward=True)
                start = _local(slot)
                meeting.date_options.append(
                    DateOption(starts_at=start, ends_at=start + timedelta(minutes=minutes))
                )
        else:
            on = _midweek(ctx.today + timedelta(days=days), forward=days > 0)
            meeting.status = "held" if days < 0 else "scheduled"
            meeting.starts_at = _local(on)
            meeting.ends_at = meeting.starts_at + timedelta(minutes=minutes)
        agenda = [(t, None, d, None) for t, d, _r in OPENING_ITEMS]
        agenda += [(t, desc, 45, result) for t, desc, result in items]
        agenda.append((CLOSING_ITEM[0], None, CLOSING_ITEM[1], None))
        for position, (item_title, desc, duration, _result) in enumerate(agenda, start=1):
            meeting.agenda_items.append(
                AgendaItem(
                    position=position,
                    title=item_title,
                    description=desc,
                    duration_minutes=duration,
                )
            )
        db.session.add(meeting)
        holders = _seat_holders(group, on)
        _invite(ctx, meeting, holders)
        if meeting.status == "held":
            meeting.minutes = _minutes(meeting, on, holders, items)
            meeting.minutes_status = "approved"
    db.session.flush()


def _invite(ctx: _Ctx, meeting: Meeting, holders: list[Seat]) -> None:
    """Invite the seat holders; RSVPs and attendance vary deterministically."""
    for seat in holders:
        x = _mix(meeting.title, seat.contact.last_name)
        always = seat.role in ("lead", "secretariat")
        invitation = Invitation(
            contact=seat.contact, organisation=seat.organisation, rsvp="pending", attended="unknown"
        )
        meeting.invitations.append(invitation)
        if meeting.status == "held":
            invitation.sent_at = meeting.starts_at - timedelta(days=21)
            invitation.responded_at = meeting.starts_at - timedelta(days=10 + x % 7)
            if x < 15 and not always:
                invitation.rsvp, invitation.attended = "declined", "no"
            else:
                invitation.rsvp = "accepted"
                invitation.attended = "no" if 15 <= x < 21 and not always else "yes"
        else:
            invitation.sent_at = ctx.now - timedelta(days=5)
            if meeting.status == "scheduled":
                if x < 40 or always:
                    invitation.rsvp = "accepted"
                elif x < 47:
                    invitation.rsvp = "declined"
                elif x < 55:
                    invitation.rsvp = "tentative"
                if invitation.rsvp != "pending":
                    invitation.responded_at = ctx.now - timedelta(days=x % 4)
            elif x % 3:
                # date poll: two in three have voted
                for i, option in enumerate(meeting.date_options):
                    answer = ("yes", "yes", "maybe", "no")[_mix(meeting.title, str(i), str(x)) % 4]
                    invitation.votes.append(Vote(date_option=option, answer=answer))
                invitation.responded_at = ctx.now - timedelta(days=x % 4)


def _minutes(meeting: Meeting, on: date, holders: list[Seat], items) -> str:
    """Return Markdown minutes for a held meeting."""
    lead = next((s.contact.full_name for s in holders if s.role == "lead"), "Die Leitung")
    clerk = next((s.contact.full_name for s in holders if s.role == "secretariat"), "–")
    present = sum(1 for i in meeting.invitations if i.attended == "yes")
    ends = meeting.ends_at.astimezone(BERLIN)
    lines = [
        f"# Protokoll: {meeting.title}",
        "",
        f"- **Datum:** {on:%d.%m.%Y}, 10:00–{ends:%H:%M} Uhr",
        f"- **Ort:** {meeting.location or 'Videokonferenz'}",
        f"- **Sitzungsleitung:** {lead}",
        f"- **Protokoll:** {clerk}",
        f"- **Anwesend:** {present} Personen (siehe Anwesenheitsliste)",
    ]
    results = [r.format(lead=lead) for _t, _d, r in OPENING_ITEMS]
    results += [r or "Zur Kenntnis genommen." for _t, _d, r in items]
    results.append(CLOSING_ITEM[2])
    for n, (item, result) in enumerate(zip(meeting.agenda_items, results, strict=True), 1):
        lines += ["", f"## TOP {n}: {item.title}", "", result]
    return "\n".join(lines) + "\n"


def _outbox(ctx: _Ctx) -> None:
    """Fill the outbox as a worker would have left it: the invitations of the scheduled
    meetings and the poll links, rendered by the app's own mail code; most sent, every tenth
    still queued (no MAIL_SERVER in the demo), one refused by the server, one bounced (its
    person flagged "unzustellbar"); and a circular to the project groups' delegates."""
    if _count(OutboxMail):
        return
    from crm.circulars import operations as circulars
    from crm.mail.mime import domain_of
    from crm.meetings.notifications import blocked_invitees, notify

    domain = domain_of(current_app.config["MAIL_DEFAULT_SENDER"])
    mails = []
    meetings = sa.select(Meeting).where(Meeting.status.in_(("scheduled", "polling")))
    for meeting in db.session.scalars(meetings.order_by(Meeting.id)):
        kind = "invitation" if meeting.status == "scheduled" else "poll"
        blocked = blocked_invitees(meeting)
        for invitation in meeting.invitations:
            mail = notify(invitation, kind, blocked=blocked, now=invitation.sent_at)
            if mail is not None:
                mails.append((mail, invitation.sent_at))
    circular = circulars.create(
        ctx.users["secretariat"],
        "Jahrestagung der Metropolregion",
        "zur Jahrestagung der Metropolregion laden wir Sie herzlich ein. Das Programm folgt.",
        "group_kind=project_group&role=delegate",
    )
    circular.status = "sending"
    db.session.flush()
    circulars.write_mails(circular.id)
    db.session.flush()
    stamp = ctx.now - timedelta(days=2)
    mails += [
        (m, stamp) for m in db.session.scalars(sa.select(OutboxMail).filter_by(kind="circular"))
    ]
    for n, (mail, at) in enumerate(mails):
        mail.created_at = at
        if n % 10 == 9:
            continue  # still queued
        mail.status, mail.attempts, mail.next_attempt_at = "sent", 1, None
        mail.sent_at = at + timedelta(minutes=1)
        mail.message_id = f"<outbox-{mail.id}.demo@{domain}>"
    failed, bounced = mails[3][0], mails[5][0]
    failed.status, failed.sent_at, failed.attempts = "failed", None, 1
    failed.last_error = "SMTPRecipientsRefused: 550 5.1.1 Recipient address rejected: User unknown"
    bounced.status = "bounced"
    bounced.last_error = "Unzustellbar (DSN 5.1.1): mailbox unavailable"
    person = db.session.get(Contact, bounced.contact_id)
    person.undeliverable_since = ctx.now - timedelta(days=3)
    person.undeliverable_address = bounced.to_address
    db.session.flush()


def seed() -> dict[str, int]:
    """Load the demo data (idempotent); the caller commits. Return row counts afterwards."""
    ctx = _Ctx(today())
    _organisations(ctx)
    _groups(ctx)
    _memberships(ctx)
    _contacts(ctx)
    _seats(ctx)
    _users(ctx)
    _meetings(ctx)
    _outbox(ctx)
    return {
        "organisations": _count(Organisation),
        "contacts": _count(Contact),
        "affiliations": _count(Affiliation),
        "groups": _count(Group),
        "memberships": _count(Membership),
        "seats": _count(Seat),
        "meetings": _count(Meeting),
        "invitations": _count(Invitation),
        "users": _count(User),
        "outbox_mails": _count(OutboxMail),
    }
