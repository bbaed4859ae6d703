"""People list and detail pages."""

from flask import abort, render_template, request

from crm.audit import services as audit
from crm.contacts import bp, services
from crm.contacts.models import LEGAL_BASES, Contact
from crm.extensions import db
from crm.pagination import apply_sort, paginate


@bp.route("/")
def index():
    """List people with search, filters, sorting and pagination."""
    args = request.args
    stmt = services.list_query(
        args.get("q"), args.get("organisation", type=int), archived=args.get("archived") == "1"
    )
    stmt, sort = apply_sort(
        stmt,
        {"name": Contact.last_name, "first_name": Contact.first_name, "email": Contact.email},
        "name",
        Contact.id,
    )
    page = paginate(db.session, stmt)
    return render_template("contacts/index.html", page=page, sort=sort)


@bp.route("/<int:contact_id>")
def detail(contact_id: int):
    """Show a person with affiliations, seats, invitations and history."""
    contact = services.detail(contact_id) or abort(404)
    return render_template(
        "contacts/detail.html",
        contact=contact,
        seats=services.seats(contact),
        invitations=services.invitations(contact),
        legal_bases=LEGAL_BASES,
        history=audit.history("contacts", contact.id),
    )
