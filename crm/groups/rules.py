"""The rules every change of a group, membership or seat obeys: periods, overlaps, roles.

A period runs ``starts_on`` .. ``ends_on``, both days included; ``None`` as the end means
"open". A broken rule raises ``GroupError`` with the form field it belongs beside.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.contacts.models import Contact
from crm.extensions import db
from crm.groups.models import MEMBERSHIP_ROLES, SEAT_ROLES, Group, Membership, Seat
from crm.groups.queries import is_member_on
from crm.organisations.models import Organisation
from crm.rules import RuleError
from crm.time import utcnow


class GroupError(RuleError):
    """A rule about groups, memberships or seats was broken; the message is shown to the user."""


def fmt(value: date) -> str:
    """Return ``value`` as the messages show it, in the reader's language: 25.11.2026 /
    25 Nov 2026 (``crm.templating.fmt_date``; imported here, as it imports the permissions)."""
    from crm.templating import fmt_date

    return fmt_date(value)


def clean(text: str | None) -> str | None:
    """Return ``text`` without surrounding spaces, None when nothing is left."""
    return (text or "").strip() or None


def check_code(code: str, codes: dict, field: str = "role") -> None:
    """Refuse a role or kind that is not one of ``codes``."""
    if code not in codes:
        message = _l("Unbekannte Art.") if field == "kind" else _l("Unbekannte Rolle.")
        raise GroupError(message, field)


def check_period(starts_on: date | None, ends_on: date | None, end_field: str = "ends_on") -> None:
    """Refuse a period without a start or ending before it starts."""
    if starts_on is None:
        raise GroupError(_l("Bitte Beginn angeben."), "starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise GroupError(
            _l(
                "Das Ende (%(end)s) liegt vor dem Beginn (%(start)s).",
                end=fmt(ends_on),
                start=fmt(starts_on),
            ),
            end_field,
        )


def check_group_open(group: Group, starts_on: date) -> None:
    """Refuse a period that would begin after the group was dissolved."""
    if group.dissolved_on is not None and starts_on > group.dissolved_on:
        raise GroupError(
            _l(
                "Das Gremium wurde am %(d)s aufgelöst; nach diesem Tag kann niemand mehr beginnen.",
                d=fmt(group.dissolved_on),
            ),
            "starts_on",
        )


def overlaps(s1: date, e1: date | None, s2: date, e2: date | None) -> bool:
    """Return whether two periods (both days included, ``None`` = open) share a day."""
    return s1 <= (e2 or date.max) and s2 <= (e1 or date.max)


def _first_overlap(model, where, starts_on: date, ends_on: date | None, exclude):
    others = db.session.scalars(
        sa.select(model).where(*where, model.id != (exclude.id if exclude is not None else -1))
    )
    for other in others:
        if overlaps(starts_on, ends_on, other.starts_on, other.ends_on):
            return other
    return None


def check_membership(
    group: Group,
    organisation: Organisation,
    role: str,
    starts_on: date,
    ends_on: date | None,
    exclude: Membership | None = None,
) -> None:
    """Refuse a membership with an unknown role, a bad period, or a second one at a time."""
    check_code(role, MEMBERSHIP_ROLES)
    check_period(starts_on, ends_on)
    check_group_open(group, starts_on)
    where = (Membership.group_id == group.id, Membership.organisation_id == organisation.id)
    other = _first_overlap(Membership, where, starts_on, ends_on, exclude)
    if other is not None:
        raise GroupError(
            _l(
                "%(org)s ist in diesem Zeitraum bereits Mitglied (%(start)s – %(end)s). "
                "Eine Organisation kann nicht zweimal gleichzeitig Mitglied sein.",
                org=organisation.name,
                start=fmt(other.starts_on),
                end=fmt(other.ends_on) if other.ends_on else _l("heute"),
            ),
            "starts_on",
        )


def check_seat(
    group: Group,
    contact: Contact,
    role: str,
    starts_on: date,
    ends_on: date | None,
    exclude: Seat | None = None,
) -> None:
    """Refuse a seat with an unknown role, a bad period, or overlapping the same role."""
    check_code(role, SEAT_ROLES)
    check_period(starts_on, ends_on)
    check_group_open(group, starts_on)
    where = (Seat.group_id == group.id, Seat.contact_id == contact.id, Seat.role == role)
    other = _first_overlap(Seat, where, starts_on, ends_on, exclude)
    if other is not None:
        raise GroupError(
            _l(
                "%(name)s hat in diesem Zeitraum bereits ein Mandat als %(role)s (seit %(start)s).",
                name=contact.full_name,
                role=SEAT_ROLES[role],
                start=fmt(other.starts_on),
            ),
            "starts_on",
        )


#: the roles that represent an organisation: such a seat needs one
REPRESENTING = ("delegate", "deputy_delegate")


def check_represents(role: str, organisation) -> None:
    """Refuse a delegate's seat that names no organisation it represents."""
    if role in REPRESENTING and organisation is None:
        raise GroupError(
            _l(
                "Bitte die vertretene Organisation wählen: ein Mandat als %(role)s gilt für "
                "eine Organisation.",
                role=SEAT_ROLES[role],
            ),
            "organisation_id",
        )


#: a seat entered by mistake may be deleted (not only ended) this long after it was created
DELETABLE_FOR = timedelta(hours=24)


def is_deletable(seat: Seat) -> bool:
    """Return whether ``seat`` was created so recently that deleting it is still allowed."""
    return seat.created_at is not None and utcnow() - seat.created_at <= DELETABLE_FOR


def check_deletable(seat: Seat) -> None:
    """Refuse to delete a seat created more than 24 hours ago: it is ended, not deleted."""
    if not is_deletable(seat):
        raise GroupError(
            _l(
                "Ein Mandat kann nur innerhalb von 24 Stunden nach dem Anlegen gelöscht werden. "
                "Bitte stattdessen beenden."
            )
        )


def _other_leads(seat: Seat) -> list[Seat]:
    others = db.session.scalars(
        sa.select(Seat).where(
            Seat.group_id == seat.group_id, Seat.role == "lead", Seat.id != (seat.id or -1)
        )
    )
    return [o for o in others if overlaps(seat.starts_on, seat.ends_on, o.starts_on, o.ends_on)]


def seat_warnings(seat: Seat) -> list[str]:
    """Return warnings (not refusals) about a seat: its organisation is not a member then,
    or the group already has a lead in that period."""
    # plain strings: warnings are flashed, and the session stores only plain values
    warnings = []
    if seat.organisation is not None and not is_member_on(
        seat.group, seat.organisation, seat.starts_on
    ):
        warnings.append(
            _(
                "Hinweis: %(org)s ist am %(d)s nicht Mitglied von %(group)s. Das Mandat wurde "
                "trotzdem gespeichert.",
                org=seat.organisation.name,
                d=fmt(seat.starts_on),
                group=seat.group.name,
            )
        )
    if seat.role == "lead":
        for other in _other_leads(seat):
            warnings.append(
                _(
                    "Hinweis: %(group)s hat in diesem Zeitraum bereits eine Leitung "
                    "(%(name)s seit %(d)s). Das Mandat wurde trotzdem gespeichert.",
                    group=seat.group.name,
                    name=other.contact.full_name,
                    d=fmt(other.starts_on),
                )
            )
    return warnings
