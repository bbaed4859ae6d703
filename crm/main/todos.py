"""What the dashboard asks each role to do, each to-do linking to the page that resolves it.

The secretariat: imported organisations still to check (kind unknown or no address),
possible duplicates, failed mails, groups without a deputy lead. A group lead: their
groups, their open polls with the answer rate, past meetings without attendance or minutes.
Each reads a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from crm.audit.models import AuditEvent
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Group, Seat
from crm.mail.models import OutboxMail
from crm.meetings.models import DateOption, Invitation, Meeting, Vote
from crm.organisations.models import Organisation
from crm.time import today, utcnow

#: how far back the imports whose new organisations are to be checked lie
IMPORTS_DAYS = 90
#: at most this many rows per to-do (the link leads to the rest)
SHOWN = 8


@dataclass
class Todo:
    title: str
    url: str
    count: int
    #: (label, url, detail) of the first rows
    items: list[tuple[str, str, str]] = field(default_factory=list)


def _listed(title, url: str, rows: list, link) -> Todo:
    """Return a to-do counting ``rows`` and showing the first: each (name, ``link(row)``,
    kind label)."""
    return Todo(
        str(title), url, len(rows), [(r.name, link(r), str(r.kind_label)) for r in rows[:SHOWN]]
    )


def _matching(title, url: str, model, where: list, link) -> Todo:
    """Return the to-do of the ``model`` rows (organisations, groups) that match ``where``
    (no condition: none match), listed by name."""
    rows = []
    if where:
        rows = list(db.session.scalars(sa.select(model).where(*where).order_by(model.name)))
    return _listed(title, url, rows, link)


def _imported_organisations() -> Todo:
    since = utcnow() - timedelta(days=IMPORTS_DAYS)
    ids, names = set(), set()
    for changes in db.session.scalars(
        sa.select(AuditEvent.changes).where(
            AuditEvent.action == "import", AuditEvent.created_at >= since
        )
    ):
        changes = changes or {}
        if changes.get("kind") == "organisations":
            ids.update(changes.get("created_ids") or [])
        names.update(changes.get("organisations_created") or [])
    where = []
    if ids or names:
        where = [
            Organisation.not_archived(),
            sa.or_(Organisation.id.in_(ids), Organisation.name.in_(names)),
            sa.or_(Organisation.kind == "other", Organisation.postal_code.is_(None)),
        ]
    return _matching(
        _l("Importierte Organisationen prüfen (Art oder Anschrift fehlt)"),
        url_for("organisations.index"),
        Organisation,
        where,
        lambda o: url_for("organisations.edit", org_id=o.id),
    )


def _failed_mails() -> Todo:
    n = db.session.scalar(
        sa.select(sa.func.count()).select_from(OutboxMail).where(OutboxMail.status == "failed")
    )
    return Todo(
        str(_l("Fehlgeschlagene E-Mails")), url_for("outbox.index", status="failed"), n or 0
    )


def _groups_without_deputy() -> Todo:
    on = today()
    deputies = sa.select(Seat.group_id).where(Seat.role == "deputy_lead", active_on(Seat, on))
    running = sa.or_(Group.dissolved_on.is_(None), Group.dissolved_on >= on)
    return _matching(
        _l("Gremien ohne stellvertretende Leitung"),
        url_for("groups.index"),
        Group,
        [running, Group.id.not_in(deputies)],
        lambda g: url_for("groups.seat_create", group_id=g.id),
    )


def secretariat_todos() -> list[Todo]:
    """Return the secretariat's to-dos; possible duplicates are a link (finding them is a
    search of its own, done on the duplicates pages)."""
    return [
        _imported_organisations(),
        Todo(str(_l("Mögliche Dubletten: Personen")), url_for("contacts.duplicates"), -1),
        Todo(
            str(_l("Mögliche Dubletten: Organisationen")), url_for("organisations.duplicates"), -1
        ),
        _failed_mails(),
        _groups_without_deputy(),
    ]


def lead_todos(user) -> list[Todo]:
    """Return a group lead's to-dos in the groups they manage."""
    group_ids = [g.id for g in user.managed_groups]
    mine = _listed(
        _l("Meine Gremien"),
        url_for("groups.index"),
        list(user.managed_groups),
        lambda g: url_for("groups.detail", group_id=g.id),
    )
    polls = list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.group_id.in_(group_ids), Meeting.status == "polling")
            .order_by(Meeting.id)
        )
    )
    poll_ids = [m.id for m in polls]
    invited = dict(
        db.session.execute(
            sa.select(Invitation.meeting_id, sa.func.count())
            .where(Invitation.meeting_id.in_(poll_ids))
            .group_by(Invitation.meeting_id)
        ).all()
    )
    voted = dict(
        db.session.execute(
            sa.select(DateOption.meeting_id, sa.func.count(sa.distinct(Vote.invitation_id)))
            .join(Vote, Vote.date_option_id == DateOption.id)
            .where(DateOption.meeting_id.in_(poll_ids))
            .group_by(DateOption.meeting_id)
        ).all()
    )
    open_polls = Todo(
        str(_l("Offene Terminumfragen")),
        url_for("meetings.index"),
        len(polls),
        [
            (
                m.title,
                url_for("meetings.detail", meeting_id=m.id),
                str(
                    _l(
                        "%(n)s von %(total)s geantwortet",
                        n=voted.get(m.id, 0),
                        total=invited.get(m.id, 0),
                    )
                ),
            )
            for m in polls[:SHOWN]
        ],
    )
    recorded = sa.select(Invitation.meeting_id).where(Invitation.attended != "unknown").distinct()
    past = list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.group_id.in_(group_ids),
                Meeting.status.in_(("scheduled", "held")),
                Meeting.starts_at < utcnow(),
                sa.or_(
                    Meeting.id.not_in(recorded),
                    Meeting.minutes.is_(None),
                    Meeting.minutes == "",
                ),
            )
            .order_by(Meeting.starts_at.desc())
        )
    )
    without = set(
        db.session.scalars(
            sa.select(Meeting.id).where(
                Meeting.id.in_([m.id for m in past]), Meeting.id.not_in(recorded)
            )
        )
    )

    def missing(m: Meeting) -> str:
        parts = []
        if m.id in without:
            parts.append(str(_l("Anwesenheit fehlt")))
        if not m.minutes:
            parts.append(str(_l("Protokoll fehlt")))
        return ", ".join(parts)

    unfinished = Todo(
        str(_l("Vergangene Sitzungen ohne Anwesenheit oder Protokoll")),
        url_for("meetings.index"),
        len(past),
        [(m.title, url_for("meetings.detail", meeting_id=m.id), missing(m)) for m in past[:SHOWN]],
    )
    return [mine, open_polls, unfinished]
