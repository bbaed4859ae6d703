"""/api/v1/people and /api/v1/affiliations: people and their roles at organisations."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import joinedload, selectinload

from crm.api import schemas
from crm.api.http import ID, Routes, changing, get_or_404, listed, managed, one, saved
from crm.auth.permissions import can_manage, require
from crm.contacts import affiliations, operations, queries
from crm.contacts.models import Affiliation, Contact
from crm.organisations.models import Organisation

blp = Blueprint(
    "api_people",
    __name__,
    url_prefix="/api/v1",
    description="People and their affiliations with organisations over time. Contact data "
    "(e-mail, phone, notes, data protection) only for roles that may export personal data.",
)
routes = Routes(blp)

OPTIONS = (selectinload(Contact.affiliations).joinedload(Affiliation.organisation),)


@routes.listing("/people/", schemas.PersonArgs, schemas.Person)
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
    return listed(stmt, Contact.sort_key, Contact.id)


@routes.reading(f"/people/<{ID}:contact_id>", schemas.Person)
def get_person(contact_id: int):
    """Read one person with their affiliations."""
    return one(Contact, contact_id, OPTIONS)


@routes.creating("/people/", schemas.Person)
def create_person(data: dict):
    """Add a person (secretariat and admin)."""
    require(can_manage(current_user, Contact()))
    contact = operations.create_contact(data)
    return saved(contact)


@routes.writing(
    f"/people/<{ID}:contact_id>", schemas.Person, schemas.Person(partial=True), method="PATCH"
)
def update_person(data: dict, contact_id: int):
    """Change the fields sent; needs the ETag read as If-Match."""
    contact, version = changing(Contact, contact_id, OPTIONS)
    operations.update_contact(contact, data, version=version)
    return saved(contact)


@routes.writing(
    f"/people/<{ID}:contact_id>/archived", schemas.Person, schemas.PersonEnd, method="PUT"
)
def archive_person(data: dict, contact_id: int):
    """Archive (`true`) or restore (`false`) a person; the history stays."""
    contact, _version = changing(Contact, contact_id, OPTIONS)
    (operations.archive_contact if data["archived"] else operations.restore_contact)(contact)
    return saved(contact)


@routes.creating(f"/people/<{ID}:contact_id>/affiliations", schemas.Affiliation)
def add_affiliation(data: dict, contact_id: int):
    """Add an affiliation; a primary one makes the person's others non-primary."""
    contact = managed(Contact, contact_id, OPTIONS)
    organisation = get_or_404(Organisation, data.pop("organisation_id"))
    affiliation = affiliations.add_affiliation(contact, organisation, data)
    return saved(affiliation)


@routes.reading(f"/affiliations/<{ID}:affiliation_id>", schemas.Affiliation)
def get_affiliation(affiliation_id: int):
    """Read one affiliation."""
    return one(Affiliation, affiliation_id, (joinedload(Affiliation.organisation),))


@routes.writing(
    f"/affiliations/<{ID}:affiliation_id>/end", schemas.Affiliation, schemas.AffiliationEnd
)
def end_affiliation(data: dict, affiliation_id: int):
    """End an affiliation on `ends_on` (it stays as history); needs If-Match."""
    affiliation, _version = changing(
        Affiliation, affiliation_id, (joinedload(Affiliation.organisation),)
    )
    affiliations.end_affiliation(affiliation, data["ends_on"])
    return saved(affiliation)
