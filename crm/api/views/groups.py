"""/api/v1/groups, /memberships, /seats: groups and who belonged to them on which day."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import joinedload

from crm.api import queries, schemas
from crm.api.http import ID, Routes, changing, get_or_404, listed, managed, one, saved
from crm.auth.permissions import can_manage, can_manage_group_content, require
from crm.contacts.models import Contact
from crm.groups import operations
from crm.groups import queries as group_queries
from crm.groups.models import Group, Membership, Seat
from crm.organisations.models import Organisation

blp = Blueprint(
    "api_groups",
    __name__,
    url_prefix="/api/v1",
    description="Groups (AG, PG, committees), organisations' memberships and people's seats. "
    "Memberships and seats are never deleted: they end on a date; lists take `as_of`.",
)
routes = Routes(blp)

SEAT_OPTIONS = (joinedload(Seat.contact), joinedload(Seat.organisation), joinedload(Seat.group))
MEMBERSHIP_OPTIONS = (joinedload(Membership.organisation), joinedload(Membership.group))
GROUP_FIELDS = ("kind", "name", "short_name", "description", "founded_on")


def _period_filters(args: dict) -> dict:
    """Return the filters of a membership or seat list from its query arguments."""
    names = ("group_kind", "role", "kind", "state")
    return {"group_id": args["group"], "on": args["as_of"]} | {n: args[n] for n in names}


def _ended(model, row_id: int, options, end, ends_on):
    """End the group, membership or seat ``row_id`` on ``ends_on`` (its last day) with
    ``end(row, ends_on, version)``; the row is kept. Needs If-Match."""
    row, version = changing(model, row_id, options)
    end(row, ends_on, version)
    return saved(row)


def _parent(data: dict) -> Group | None:
    parent_id = data.pop("parent_id", None)
    return get_or_404(Group, parent_id) if parent_id else None


@routes.listing("/groups/", schemas.GroupArgs, schemas.Group)
def list_groups(args):
    """List the groups active on `as_of` (today), or all with `dissolved=true`."""
    stmt = group_queries.list_query(
        kind=args["kind"], q=args["q"], on=args["as_of"], dissolved=args["dissolved"]
    )
    return listed(stmt, Group.name, Group.id)


@routes.reading(f"/groups/<{ID}:group_id>", schemas.Group)
def get_group(group_id: int):
    """Read one group."""
    return one(Group, group_id)


@routes.creating("/groups/", schemas.Group)
def create_group(data: dict):
    """Found a group (secretariat and admin)."""
    require(can_manage(current_user, Group()))
    group = operations.create_group(parent=_parent(data), **data)
    return saved(group)


@routes.writing(
    f"/groups/<{ID}:group_id>", schemas.Group, schemas.Group(partial=True), method="PATCH"
)
def update_group(data: dict, group_id: int):
    """Change the group's own data; needs If-Match."""
    group, version = changing(Group, group_id)
    parent = _parent(data) if "parent_id" in data else group.parent
    values = {name: getattr(group, name) for name in GROUP_FIELDS} | data
    operations.update_group(group, version, parent=parent, **values)
    return saved(group)


@routes.writing(f"/groups/<{ID}:group_id>/dissolution", schemas.Group, schemas.PeriodEnd)
def dissolve_group(data: dict, group_id: int):
    """Dissolve the group on `ends_on`; memberships and seats still open then end too."""
    return _ended(Group, group_id, (), operations.dissolve_group, data["ends_on"])


# --- memberships --------------------------------------------------------------------------


@routes.listing("/memberships/", schemas.MembershipArgs, schemas.Membership)
def list_memberships(args):
    """List memberships current on `as_of` (today), by group and organisation."""
    stmt = queries.memberships_query(**_period_filters(args))
    return listed(stmt, Group.name, Organisation.sort_key, Membership.id)


@routes.reading(f"/memberships/<{ID}:membership_id>", schemas.Membership)
def get_membership(membership_id: int):
    """Read one membership."""
    return one(Membership, membership_id, MEMBERSHIP_OPTIONS)


@routes.creating(f"/groups/<{ID}:group_id>/memberships", schemas.Membership)
def add_membership(data: dict, group_id: int):
    """Make an organisation a member of the group from `starts_on`."""
    group = get_or_404(Group, group_id)
    require(can_manage(current_user, Membership()))
    organisation = get_or_404(Organisation, data.pop("organisation_id"))
    membership = operations.add_membership(group, organisation, **data)
    return saved(membership)


@routes.writing(
    f"/memberships/<{ID}:membership_id>",
    schemas.Membership,
    schemas.Membership(partial=True),
    method="PATCH",
)
def update_membership(data: dict, membership_id: int):
    """Correct role, period or notes; needs If-Match."""
    membership, version = changing(Membership, membership_id, MEMBERSHIP_OPTIONS)
    data.pop("organisation_id", None)  # a membership keeps its organisation
    values = {n: getattr(membership, n) for n in ("role", "starts_on", "ends_on", "notes")}
    operations.update_membership(membership, version, **(values | data))
    return saved(membership)


@routes.writing(f"/memberships/<{ID}:membership_id>/end", schemas.Membership, schemas.PeriodEnd)
def end_membership(data: dict, membership_id: int):
    """End the membership on `ends_on` (its last day); the row is kept."""
    return _ended(
        Membership, membership_id, MEMBERSHIP_OPTIONS, operations.end_membership, data["ends_on"]
    )


# --- seats --------------------------------------------------------------------------------


@routes.listing("/seats/", schemas.SeatArgs, schemas.Seat)
def list_seats(args):
    """List seats current on `as_of` (today); `kind` and `state` of the represented
    organisation: e.g. the delegates from Thüringen in the project operations."""
    stmt = queries.seats_query(**_period_filters(args))
    return listed(stmt, Group.name, Seat.role, Seat.id)


@routes.reading(f"/seats/<{ID}:seat_id>", schemas.Seat)
def get_seat(seat_id: int):
    """Read one seat."""
    return one(Seat, seat_id, SEAT_OPTIONS)


def _organisation(data: dict) -> Organisation | None:
    org_id = data.pop("organisation_id", None)
    return get_or_404(Organisation, org_id) if org_id else None


@routes.creating(f"/groups/<{ID}:group_id>/seats", schemas.Seat)
def add_seat(data: dict, group_id: int):
    """Give a person a seat in the group (staff, or the group's lead)."""
    group = managed(Group, group_id, may=can_manage_group_content)
    contact = get_or_404(Contact, data.pop("contact_id"))
    seat, _warnings = operations.add_seat(group, contact, organisation=_organisation(data), **data)
    return saved(seat)


@routes.writing(f"/seats/<{ID}:seat_id>", schemas.Seat, schemas.Seat(partial=True), method="PATCH")
def update_seat(data: dict, seat_id: int):
    """Correct role, organisation, period or notes; needs If-Match."""
    seat, version = changing(Seat, seat_id, SEAT_OPTIONS)
    data.pop("contact_id", None)  # a seat keeps its person; a new person is a new seat
    organisation = _organisation(data) if "organisation_id" in data else seat.organisation
    values = {n: getattr(seat, n) for n in ("role", "starts_on", "ends_on", "notes")}
    operations.update_seat(seat, version, organisation=organisation, **(values | data))
    return saved(seat)


@routes.writing(f"/seats/<{ID}:seat_id>/end", schemas.Seat, schemas.PeriodEnd)
def end_seat(data: dict, seat_id: int):
    """End the seat on `ends_on` (its last day); the row is kept."""
    return _ended(Seat, seat_id, SEAT_OPTIONS, operations.end_seat, data["ends_on"])
