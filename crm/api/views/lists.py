"""/api/v1/lists: saved distribution lists, and the people a list gives on a day.

The rules of the lists page: only roles that may export personal data see lists at all
(viewers without an admin's grant get 403); each sees their own lists, staff also the
shared ones; a group lead's list gives only people with a seat in the groups its owner
leads. Reading a list's people is an export of personal data and audited as one.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask_login import current_user
from flask_smorest import Blueprint

from crm.api import list_schemas as schemas
from crm.api.http import ID, Routes, etag_headers, listed, saved
from crm.api.problems import Problem
from crm.auth.permissions import can_export_personal_data, require
from crm.exports.filters import ContactFilter
from crm.exports.operations import record_export
from crm.exports.queries import contact_rows_query
from crm.extensions import db
from crm.lists import operations
from crm.lists.models import SavedList

blp = Blueprint(
    "api_lists",
    __name__,
    url_prefix="/api/v1/lists",
    description="Saved distribution lists (the list builder's filters under a name) and the "
    "people on them as of a day. Only for roles that may export personal data.",
)
routes = Routes(blp)

#: the values of a list's rows (``crm.exports.queries``), one row per person
ENTRY_FIELDS = tuple(n for n in schemas.ListEntry().fields if n != "id")


def _visible(list_id: int) -> SavedList:
    require(can_export_personal_data(current_user))
    saved_list = operations.get_list(current_user, list_id)
    if saved_list is None:
        raise Problem(404)
    return saved_list


@routes.listing("/", schemas.PageArgs, schemas.SavedList, also=(403,))
def list_lists(args):
    """List the saved lists the token's user may run: their own, for staff the shared ones."""
    require(can_export_personal_data(current_user))
    return listed(operations.visible_query(current_user), SavedList.name, SavedList.id)


@routes.reading(f"/<{ID}:list_id>", schemas.SavedList, also=(403,))
def get_list(list_id: int):
    """Read one saved list with its filters."""
    saved_list = _visible(list_id)
    return saved_list, etag_headers(saved_list)


@routes.creating("/", schemas.SavedList)
def save_list(data: dict):
    """Save filters under a name (`shared`: the secretariat runs it too)."""
    require(can_export_personal_data(current_user))
    query = urlencode(ContactFilter(**data["filters"]).query_pairs())
    return saved(operations.save_list(current_user, data["name"], query, data["shared"]))


@routes.listing(
    f"/<{ID}:list_id>/people", schemas.ListEntryArgs, schemas.ListEntry, also=(403, 404)
)
def list_people(args, list_id: int):
    """List the people on the list as of `as_of` (today) with their current organisation
    and business address, by name. Audited as an export of personal data."""
    saved_list = _visible(list_id)
    flt = operations.list_filter(saved_list, args["as_of"])
    scope = operations.list_scope(saved_list, current_user)
    rows, headers = listed(contact_rows_query(flt, scope, ENTRY_FIELDS), scalars=False)
    total = int(headers["X-Total-Count"])
    record_export("list", "api", flt, total, user=current_user, list=saved_list.name)
    db.session.commit()
    return rows, headers
