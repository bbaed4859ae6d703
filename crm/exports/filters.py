"""What a list contains: the filters of the list builder, read from query parameters.

The same parameters drive the page, the downloads and the command line (which builds them
from its options), so every list can be linked.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from crm.auth.permissions import STAFF_ROLES, managed_group_ids
from crm.exports.columns import CONTACT_COLUMNS, DEFAULT_COLUMNS, SCREEN_LABELS
from crm.extensions import db
from crm.groups.models import KINDS as GROUP_KINDS
from crm.groups.models import SEAT_ROLES, Group
from crm.organisations.models import KINDS, STATES
from crm.pagination import db_id
from crm.rules import RuleError
from crm.tags.models import Tag
from crm.time import today


class ExportError(RuleError):
    """A filter value that makes no sense."""


@dataclass
class ContactFilter:
    """What a contact list contains. Empty lists mean "no restriction"."""

    groups: list[int] = field(default_factory=list)
    group_kinds: list[str] = field(default_factory=list)
    seat_roles: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    as_of: date = field(default_factory=date.today)
    #: count deputies' seats (deputy delegate, deputy lead) when filtering by group
    deputies: bool = True
    include_archived: bool = False
    #: keep people marked "no contact" or whose consent was withdrawn
    include_blocked: bool = False
    columns: list[str] = field(default_factory=lambda: list(DEFAULT_COLUMNS))
    #: only these people (a bulk action's selection; never read from query parameters)
    ids: list[int] = field(default_factory=list)
    #: a saved list (``?list=``): the people added to it by hand count too
    saved_list: int | None = None

    @property
    def by_seat(self) -> bool:
        return bool(self.groups or self.group_kinds or self.seat_roles)

    @property
    def has_criteria(self) -> bool:
        """Return whether the filter selects by seat, kind, Land or tag (else: everyone)."""
        return bool(self.by_seat or self.kinds or self.states or self.tags)

    @classmethod
    def from_args(cls, args: MultiDict) -> ContactFilter:
        """Return the filter from query parameters; raise ``ExportError`` on bad values."""

        def ints(name: str) -> list[int]:
            try:
                return [db_id(v) for v in args.getlist(name) if v != ""]
            except ValueError as exc:
                raise ExportError(_l("Ungültiger Wert für %(name)s.", name=name)) from exc

        def codes(name: str, allowed) -> list[str]:
            values = [v for v in args.getlist(name) if v != ""]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise ExportError(
                    _l(
                        "Unbekannter Wert für %(name)s: %(values)s",
                        name=name,
                        values=", ".join(bad),
                    )
                )
            return values

        saved_list = ints("list")
        as_of = today()
        if args.get("on"):
            try:
                as_of = date.fromisoformat(args["on"])
            except ValueError as exc:
                raise ExportError(_l("Das Stichtagsdatum ist ungültig (JJJJ-MM-TT).")) from exc
        chosen = set(codes("columns", CONTACT_COLUMNS))
        # always in the builder's order, however the parameters were given
        columns = [k for k in CONTACT_COLUMNS if k in chosen] or list(DEFAULT_COLUMNS)
        return cls(
            groups=ints("group"),
            group_kinds=codes("group_kind", GROUP_KINDS),
            seat_roles=codes("role", SEAT_ROLES),
            kinds=codes("kind", KINDS),
            states=codes("state", STATES),
            tags=ints("tag"),
            as_of=as_of,
            deputies=args.get("deputies", "in") != "out",
            include_archived=args.get("archived") == "in",
            include_blocked=args.get("blocked") == "in",
            columns=columns,
            saved_list=saved_list[0] if saved_list else None,
        )

    def query_pairs(self) -> list[tuple[str, str]]:
        """Return the query parameters ``from_args`` reads this filter from, without "on"."""
        pairs = [
            (name, str(value))
            for name, values in (
                ("group", self.groups),
                ("group_kind", self.group_kinds),
                ("role", self.seat_roles),
                ("kind", self.kinds),
                ("state", self.states),
                ("tag", self.tags),
                # the builder's default columns go without saying
                ("columns", [] if tuple(self.columns) == DEFAULT_COLUMNS else self.columns),
            )
            for value in values
        ]
        if not self.deputies:
            pairs.append(("deputies", "out"))
        if self.include_archived:
            pairs.append(("archived", "in"))
        if self.include_blocked:
            pairs.append(("blocked", "in"))
        if self.saved_list is not None:
            pairs.append(("list", str(self.saved_list)))
        return pairs

    def describe(self) -> dict:
        """Return the filter as plain JSON for the audit log."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data


@dataclass
class OrganisationFilter:
    """What an organisation list contains (the contact filter's organisation part)."""

    kinds: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    include_archived: bool = False
    #: only these organisations (a bulk action's selection)
    ids: list[int] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: MultiDict) -> OrganisationFilter:
        """Return the filter from query parameters; raise ``ExportError`` on bad values."""
        flt = ContactFilter.from_args(args)
        return cls(
            kinds=flt.kinds,
            states=flt.states,
            tags=flt.tags,
            include_archived=flt.include_archived,
        )


def export_scope(user) -> set[int] | None:
    """Return the group ids a user may export people from, or None for "all people".

    Staff export everyone; a group lead exports only people who hold a current seat in a
    group they manage. Callers check ``can_export_personal_data`` first (viewers: 403).
    ``user=None`` is the command line, which runs with the server's own rights.
    """
    if user is None or user.role in STAFF_ROLES:
        return None
    if user.role == "viewer" and user.may_export_personal:  # granted by an admin: read-only
        return None
    return managed_group_ids(user)


def filter_choices() -> dict:
    """Return the choices of the list builder's filters (groups and tags from the database)."""
    return {
        "groups": [
            tuple(r)
            for r in db.session.execute(
                sa.select(Group.id, Group.name).order_by(Group.kind, Group.name)
            )
        ],
        "tags": [
            tuple(r) for r in db.session.execute(sa.select(Tag.id, Tag.name).order_by(Tag.name))
        ],
        "group_kinds": GROUP_KINDS,
        "seat_roles": SEAT_ROLES,
        "kinds": KINDS,
        "states": STATES,
        "columns": CONTACT_COLUMNS,
        "column_labels": SCREEN_LABELS,
    }
