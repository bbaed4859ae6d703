"""What the bulk actions change: ending memberships or seats on a date, inviting, lists.

Each function takes every selected record at once, checks the single-record rules for all of
them BEFORE it writes anything (a refusal is a ``BulkError`` naming the record, and nothing
is changed), then writes with one UPDATE or one batch of INSERTs and audits every changed
row as the single-record operation does. The caller writes the operation's own audit event
(``record_operation``) and commits once.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from crm.audit import services as audit
from crm.auth.permissions import can_manage
from crm.contacts.models import Affiliation, Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Membership, Seat
from crm.groups.rules import GroupError, check_period
from crm.lists.models import SavedList
from crm.lists.operations import ListError, add_members, everyone, save_list
from crm.meetings.invitees import invite_many
from crm.meetings.models import Meeting
from crm.meetings.queries import invitee_date
from crm.meetings.rules import CLOSED
from crm.organisations.models import Organisation
from crm.tags.bulk import BulkError
from crm.time import today, utcnow

#: the seats whose holders are an organisation's delegates (invited for it)
DELEGATE_ROLES = ("delegate", "deputy_delegate")
#: how many names a refusal lists before "und N weitere"
NAMED = 5


def names(items: list[str]) -> str:
    """Return "A, B, C" or "A, B, C, D, E und 3 weitere"."""
    shown = ", ".join(items[:NAMED])
    if len(items) > NAMED:
        return str(_l("%(names)s und %(n)s weitere", names=shown, n=len(items) - NAMED))
    return shown


#: the refusals when some of the selected organisations have nobody the action could take
NO_DELEGATE = _l("%(names)s: keine aktuelle Vertretung in %(group)s. Nichts wurde geändert.")
NO_PEOPLE = _l("%(names)s: keine Personen mit aktueller Zugehörigkeit. Nichts wurde geändert.")


def _refuse_uncovered(orgs: list, covered: set[int], message, field: str, **params) -> None:
    """Refuse the whole action (nothing changes) when some of ``orgs`` are not in
    ``covered``: ``message`` names them (``%(names)s``) with ``params``."""
    without = [o.name for o in orgs if o.id not in covered]
    if without:
        raise BulkError(message % {"names": names(without), **params}, field)


def record_operation(kind: str, summary: audit.Message, ids: list[int], **details) -> None:
    """Audit a bulk action as one operation: what, on which records, with which values."""
    audit.record(
        "update",
        "bulk_actions",
        None,
        summary=summary,
        changes={"list": kind, "ids": ids, "count": len(ids), **details},
    )


# ---------------------------------------------------------------------------------------
# ending memberships (organisations) and seats (people)
# ---------------------------------------------------------------------------------------


def _running(model, owner, ids: list[int], on: date) -> sa.Select:
    """Return the SELECT of ``model`` rows of the owners ``ids`` that run past ``on``."""
    return (
        sa.select(model)
        .where(owner.in_(ids), sa.or_(model.ends_on.is_(None), model.ends_on > on))
        .order_by(model.group_id, model.id)
    )


def running_memberships(org_ids: list[int], on: date) -> list[Membership]:
    """Return the memberships of the organisations that run past ``on`` (one query)."""
    stmt = _running(Membership, Membership.organisation_id, org_ids, on).options(
        joinedload(Membership.organisation), joinedload(Membership.group)
    )
    return list(db.session.scalars(stmt))


def running_seats(contact_ids: list[int], on: date) -> list[Seat]:
    """Return the seats of the people that run past ``on`` (one query)."""
    stmt = _running(Seat, Seat.contact_id, contact_ids, on).options(
        joinedload(Seat.contact), joinedload(Seat.group)
    )
    return list(db.session.scalars(stmt))


#: per kind of row: (the refusal when none of the selection has one running, the audit
#: summary of each ended row, its placeholder), as when one row ends (``crm.groups.operations``)
_ENDING = {
    Membership: (
        _l("Die ausgewählten Organisationen haben keine laufende Mitgliedschaft."),
        audit.N_("Mitgliedschaft beendet: %(org)s"),
        "org",
    ),
    Seat: (
        _l("Die ausgewählten Personen haben kein laufendes Mandat."),
        audit.N_("Mandat beendet: %(name)s"),
        "name",
    ),
}


def _holder(row: Membership | Seat) -> str:
    """Return whose membership (the organisation) or seat (the person) ``row`` is."""
    return row.organisation.name if isinstance(row, Membership) else row.contact.full_name


def _end_all(model, rows: list, on: date) -> None:
    """End ``rows`` on ``on`` after checking each against the single-record rule."""
    nothing, msgid, placeholder = _ENDING[model]
    if not rows:
        raise BulkError(nothing)
    for row in rows:
        try:
            check_period(row.starts_on, on)
        except GroupError as exc:
            raise BulkError(
                _l(
                    "%(who)s in %(group)s: %(reason)s Nichts wurde geändert.",
                    who=_holder(row),
                    group=row.group.name,
                    reason=str(exc),
                ),
                "ends_on",
            ) from exc
    now = utcnow()
    db.session.execute(
        sa.update(model)
        .where(model.id.in_([row.id for row in rows]))
        .values(ends_on=on, updated_at=now, version=model.version + 1),
        execution_options={"synchronize_session": False},
    )
    audit.record_all(
        "update",
        model.__tablename__,
        [
            (
                row.id,
                audit.Message(msgid, **{placeholder: _holder(row)}),
                {"ends_on": [row.ends_on and row.ends_on.isoformat(), on.isoformat()]},
            )
            for row in rows
        ],
    )
    for row in rows:
        # the session's copy as the UPDATE left the row (no reload per row)
        set_committed_value(row, "ends_on", on)
        set_committed_value(row, "updated_at", now)
        set_committed_value(row, "version", row.version + 1)


def end_memberships(orgs: list[Organisation], on: date) -> tuple[int, int]:
    """Return ``(memberships ended, seats still running)`` after ending on ``on`` (the last
    day) every membership of ``orgs`` that runs past it.

    As when one membership ends, the seats of the organisation's people in those groups are
    not ended with it: they are counted, and the page says so.
    """
    rows = running_memberships([o.id for o in orgs], on)
    _end_all(Membership, rows, on)
    return len(rows), _seats_running_past(rows, on)


def _seats_running_past(memberships: list[Membership], on: date) -> int:
    """Return how many seats for the organisations in those groups run past ``on``."""
    stmt = (
        sa.select(sa.func.count(Seat.id))
        .join(
            Membership,
            sa.and_(
                Membership.group_id == Seat.group_id,
                Membership.organisation_id == Seat.organisation_id,
            ),
        )
        .where(
            Membership.id.in_([m.id for m in memberships]),
            sa.or_(Seat.ends_on.is_(None), Seat.ends_on > on),
            Seat.starts_on <= on,
        )
    )
    return db.session.scalar(stmt) or 0


def end_seats(people: list[Contact], on: date) -> int:
    """Return how many seats ended on ``on``: every seat of ``people`` running past it."""
    rows = running_seats([c.id for c in people], on)
    _end_all(Seat, rows, on)
    return len(rows)


# ---------------------------------------------------------------------------------------
# invitations
# ---------------------------------------------------------------------------------------


def open_meetings(user) -> list[Meeting]:
    """Return the meetings ``user`` may still invite people to, soonest first."""
    stmt = (
        sa.select(Meeting)
        .options(joinedload(Meeting.group))
        .where(Meeting.status.not_in(CLOSED))
        .order_by(Meeting.starts_at.desc().nulls_first(), Meeting.id.desc())
    )
    return [m for m in db.session.scalars(stmt) if can_manage(user, m)]


def _people_to_invite(meeting: Meeting, people: list[Contact]) -> list[tuple]:
    """Return ``(contact, organisation)`` per person; only people who hold or held a seat
    in the meeting's group (the rule of a single invitation)."""
    ids = [c.id for c in people]
    holders = set(
        db.session.scalars(
            sa.select(Seat.contact_id).where(
                Seat.group_id == meeting.group_id, Seat.contact_id.in_(ids)
            )
        )
    )
    refused = [c.full_name for c in people if c.id not in holders or c.is_archived]
    if refused:
        raise BulkError(
            _l(
                "%(names)s: eingeladen werden können nur Personen mit einem Mandat in "
                "%(group)s. Nichts wurde geändert.",
                names=names(refused),
                group=meeting.group.name,
            ),
            "meeting",
        )
    loaded = db.session.scalars(
        sa.select(Contact)
        .where(Contact.id.in_(ids))
        .options(selectinload(Contact.affiliations).joinedload(Affiliation.organisation))
    )
    pairs = []
    for contact in loaded:
        primary = contact.primary_affiliation()
        pairs.append((contact, primary.organisation if primary else None))
    return pairs


def _delegates_to_invite(meeting: Meeting, orgs: list[Organisation]) -> list[tuple]:
    """Return ``(contact, organisation)`` for each current delegate of ``orgs`` in the
    meeting's group (as of the meeting day); an organisation without one is refused."""
    seats = list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.contact))
            .where(
                Seat.group_id == meeting.group_id,
                Seat.organisation_id.in_([o.id for o in orgs]),
                Seat.role.in_(DELEGATE_ROLES),
                active_on(Seat, invitee_date(meeting)),
            )
            .order_by(Seat.organisation_id, Seat.role, Seat.id)
        )
    )
    represented = {s.organisation_id for s in seats if not s.contact.is_archived}
    _refuse_uncovered(orgs, represented, NO_DELEGATE, "meeting", group=meeting.group.name)
    by_id = {o.id: o for o in orgs}
    return [(s.contact, by_id[s.organisation_id]) for s in seats if not s.contact.is_archived]


def invite(kind: str, rows: list, meeting: Meeting, user) -> tuple[int, int]:
    """Return ``(invited, already invited)`` after inviting the selection to ``meeting``:
    people themselves, organisations through their current delegates. When the poll or
    the invitation is out, the new invitees get their mail (as with one invitation)."""
    if not can_manage(user, meeting):
        raise BulkError(_l("Zu dieser Sitzung dürfen Sie niemanden einladen."), "meeting")
    if meeting.status in CLOSED:
        raise BulkError(_l("Zu dieser Sitzung kann niemand mehr eingeladen werden."), "meeting")
    if kind == "contacts":
        pairs = _people_to_invite(meeting, rows)
    else:
        pairs = _delegates_to_invite(meeting, rows)
    invited = {i.contact_id for i in meeting.invitations}
    fresh = []
    for contact, organisation in pairs:
        if contact.id not in invited:
            invited.add(contact.id)
            fresh.append((contact, organisation))
    new = invite_many(meeting, fresh)
    if new:
        audit.record(
            "update",
            "meetings",
            meeting.id,
            summary=audit.Message(audit.N_("Sammelaktion: %(n)s Personen eingeladen"), n=len(new)),
        )
    return len(new), len(pairs) - len(new)


def membership_counts(org_ids: list[int], on: date) -> tuple[int, int]:
    """Return ``(memberships, groups)`` that ending on ``on`` would touch (for the step)."""
    stmt = sa.select(
        sa.func.count(Membership.id), sa.func.count(sa.distinct(Membership.group_id))
    ).where(
        Membership.organisation_id.in_(org_ids),
        sa.or_(Membership.ends_on.is_(None), Membership.ends_on > on),
    )
    memberships, groups = db.session.execute(stmt).one()
    return memberships, groups


def seat_counts(contact_ids: list[int], on: date) -> tuple[int, int]:
    """Return ``(seats, groups)`` that ending on ``on`` would touch (for the step)."""
    stmt = sa.select(sa.func.count(Seat.id), sa.func.count(sa.distinct(Seat.group_id))).where(
        Seat.contact_id.in_(contact_ids), sa.or_(Seat.ends_on.is_(None), Seat.ends_on > on)
    )
    seats, groups = db.session.execute(stmt).one()
    return seats, groups


# ---------------------------------------------------------------------------------------
# saved lists
# ---------------------------------------------------------------------------------------


def _people_of(orgs: list[Organisation]) -> list[int]:
    """Return the people with a current affiliation to ``orgs`` (one query); an
    organisation without anyone is refused."""
    rows = db.session.execute(
        sa.select(Affiliation.organisation_id, Affiliation.contact_id)
        .join(Contact, Contact.id == Affiliation.contact_id)
        .where(
            Affiliation.organisation_id.in_([o.id for o in orgs]),
            active_on(Affiliation, today()),
            Contact.not_archived(),
        )
    ).all()
    with_people = {r.organisation_id for r in rows}
    _refuse_uncovered(orgs, with_people, NO_PEOPLE, "saved_list")
    return sorted({r.contact_id for r in rows})


def add_to_list(kind: str, rows: list, saved: SavedList | None, name: str, shared: bool, user):
    """Return ``(list, added, chosen people)`` after adding the selection's people (for
    organisations: their people) by hand to ``saved``, or to a new list ``name``."""
    people = [r.id for r in rows] if kind == "contacts" else _people_of(rows)
    if saved is None:
        try:
            saved = save_list(user, name, "", shared)
        except ListError as exc:
            raise BulkError(str(exc), "list_name") from exc
        db.session.flush()
    elif everyone(saved):
        raise BulkError(
            _l(
                "Der Verteiler „%(name)s“ umfasst ohne Filter bereits alle Personen.",
                name=saved.name,
            ),
            "saved_list",
        )
    added = add_members(saved, people)
    audit.record(
        "update",
        "saved_lists",
        saved.id,
        summary=audit.Message(
            audit.N_("Sammelaktion: %(n)s Personen zum Verteiler „%(list)s“ hinzugefügt"),
            n=added,
            list=saved.name,
        ),
    )
    return saved, added, len(people)
