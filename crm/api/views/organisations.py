"""/api/v1/organisations: list, read, create, change, archive and restore."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import joinedload, selectinload

from crm.api import schemas
from crm.api.http import ID, Routes, changing, get_or_404, listed, one, saved
from crm.auth.permissions import can_manage, require
from crm.organisations import operations, queries
from crm.organisations.models import Organisation

blp = Blueprint(
    "api_organisations",
    __name__,
    url_prefix="/api/v1/organisations",
    description="Organisations: cities, districts, ministries, chambers, companies …",
)
routes = Routes(blp)

OPTIONS = (selectinload(Organisation.tags), joinedload(Organisation.parent))
FIELDS = tuple(schemas.Organisation().load_fields)


def _parent_exists(data: dict) -> None:
    if data.get("parent_id"):
        get_or_404(Organisation, data["parent_id"])


@routes.listing("/", schemas.OrganisationArgs, schemas.Organisation)
def list_organisations(args):
    """List organisations (filters as in the UI; `group` with `as_of`: members that day)."""
    stmt = queries.list_query(
        q=args["q"],
        kind=args["kind"],
        state=args["state"],
        archived=args["archived"],
        on=args["as_of"],
        filters={"group": args["group"]},
    ).options(*OPTIONS)
    return listed(stmt, Organisation.sort_key, Organisation.id)


@routes.reading(f"/<{ID}:org_id>", schemas.Organisation)
def get_organisation(org_id: int):
    """Read one organisation."""
    return one(Organisation, org_id, OPTIONS)


@routes.creating("/", schemas.Organisation)
def create_organisation(data: dict):
    """Add an organisation (secretariat and admin)."""
    require(can_manage(current_user, Organisation()))
    _parent_exists(data)
    org = operations.create_organisation(data)
    return saved(org)


@routes.writing(
    f"/<{ID}:org_id>", schemas.Organisation, schemas.Organisation(partial=True), method="PATCH"
)
def update_organisation(data: dict, org_id: int):
    """Change the fields sent; needs the ETag read as If-Match."""
    org, version = changing(Organisation, org_id, OPTIONS)
    _parent_exists(data)
    operations.update_organisation(org, data, version=version)
    return saved(org)


@routes.writing(
    f"/<{ID}:org_id>/archived", schemas.Organisation, schemas.OrganisationEnd, method="PUT"
)
def archive_organisation(data: dict, org_id: int):
    """Archive (`true`) or restore (`false`) an organisation: how it ends; history stays."""
    org, _version = changing(Organisation, org_id, OPTIONS)
    (operations.archive_organisation if data["archived"] else operations.restore_organisation)(org)
    return saved(org)
