"""/api/v1/people and /api/v1/affiliations: people and their roles at organisations."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import joinedload, selectinload

from crm.api import schemas
from crm.api.http import (
    ETAG_HEADERS,
    ID,
    LIST_HEADERS,
    READ_ERRORS,
    WRITE_ERRORS,
    errors,
    etag_headers,
    get_or_404,
    if_match_version,
    page_of,
    paged_headers,
)
from crm.auth.permissions import can_manage, require
from crm.contacts import affiliations, operations, queries
from crm.contacts.models import Affiliation, Contact
from crm.extensions import db
from crm.organisations.models import Organisation

blp = Blueprint(
    "api_people",
    __name__,
    url_prefix="/api/v1",
    description="People and their affiliations with organisations over time. Contact data "
    "(e-mail, phone, notes, data protection) only for roles that may export personal data.",
)

OPTIONS = (selectinload(Contact.affiliations).joinedload(Affiliation.organisation),)


def _load(contact_id: int) -> Contact:
    return get_or_404(Contact, contact_id, OPTIONS)


@blp.route("/people/")
@blp.arguments(schemas.PersonArgs, location="query")
@blp.response(200, schemas.Person(many=True), headers=LIST_HEADERS)
@errors(blp, *READ_ERRORS)
def list_people(args):
    """List people; `organisation`, `kind`, `state` by current affiliation, `group`, `role`
    by seat, both as of `as_of` (default today)."""
    stmt = queries.list_query(
        q=args["q"],
        organisation_id=args["organisation"],
        archived=args["archived"],
        kind=args["kind"],
        state=args["state"],
        on=args["as_of"],
        filters={"group": args["group"], "role": args["role"]},
    ).options(*OPTIONS)
    page = page_of(stmt, Contact.sort_key, Contact.id)
    return page.items, paged_headers(page)


@blp.route(f"/people/<{ID}:contact_id>")
@blp.response(200, schemas.Person, headers=ETAG_HEADERS)
@errors(blp, 401, 404, 429)
def get_person(contact_id: int):
    """Read one person with their affiliations."""
    contact = _load(contact_id)
    return contact, etag_headers(contact)


@blp.route("/people/", methods=["POST"])
@blp.arguments(schemas.Person)
@blp.response(201, schemas.Person, headers=ETAG_HEADERS)
@errors(blp, *WRITE_ERRORS)
def create_person(data: dict):
    """Add a person (secretariat and admin)."""
    require(can_manage(current_user, Contact()))
    contact = operations.create_contact(data)
    db.session.commit()
    return contact, etag_headers(contact)


@blp.route(f"/people/<{ID}:contact_id>", methods=["PATCH"])
@blp.arguments(schemas.Person(partial=True))
@blp.response(200, schemas.Person, headers=ETAG_HEADERS)
@errors(blp, *WRITE_ERRORS)
def update_person(data: dict, contact_id: int):
    """Change the fields sent; needs the ETag read as If-Match."""
    contact = _load(contact_id)
    require(can_manage(current_user, contact))
    version = if_match_version(contact)
    operations.update_contact(contact, data, version=version)
    db.session.commit()
    return contact, etag_headers(contact)


@blp.route(f"/people/<{ID}:contact_id>/archived", methods=["PUT"])
@blp.arguments(schemas.PersonEnd)
@blp.response(200, schemas.Person, headers=ETAG_HEADERS)
@errors(blp, *WRITE_ERRORS)
def archive_person(data: dict, contact_id: int):
    """Archive (`true`) or restore (`false`) a person; the history stays."""
    contact = _load(contact_id)
    require(can_manage(current_user, contact))
    if_match_version(contact)
    if data["archived"]:
        operations.archive_contact(contact)
    else:
        operations.restore_contact(contact)
    db.session.commit()
    return contact, etag_headers(contact)


@blp.route(f"/people/<{ID}:contact_id>/affiliations", methods=["POST"])
@blp.arguments(schemas.Affiliation)
@blp.response(201, schemas.Affiliation, headers=ETAG_HEADERS)
@errors(blp, *WRITE_ERRORS)
def add_affiliation(data: dict, contact_id: int):
    """Add an affiliation; a primary one makes the person's others non-primary."""
    contact = _load(contact_id)
    require(can_manage(current_user, contact))
    organisation = get_or_404(Organisation, data.pop("organisation_id"))
    affiliation = affiliations.add_affiliation(contact, organisation, data)
    db.session.commit()
    return affiliation, etag_headers(affiliation)


@blp.route(f"/affiliations/<{ID}:affiliation_id>")
@blp.response(200, schemas.Affiliation, headers=ETAG_HEADERS)
@errors(blp, 401, 404, 429)
def get_affiliation(affiliation_id: int):
    """Read one affiliation."""
    affiliation = get_or_404(Affiliation, affiliation_id, (joinedload(Affiliation.organisation),))
    return affiliation, etag_headers(affiliation)


@blp.route(f"/affiliations/<{ID}:affiliation_id>/end", methods=["POST"])
@blp.arguments(schemas.AffiliationEnd)
@blp.response(200, schemas.Affiliation, headers=ETAG_HEADERS)
@errors(blp, *WRITE_ERRORS)
def end_affiliation(data: dict, affiliation_id: int):
    """End an affiliation on `ends_on` (it stays as history); needs If-Match."""
    affiliation = get_or_404(Affiliation, affiliation_id, (joinedload(Affiliation.organisation),))
    require(can_manage(current_user, affiliation))
    if_match_version(affiliation)
    affiliations.end_affiliation(affiliation, data["ends_on"])
    db.session.commit()
    return affiliation, etag_headers(affiliation)
