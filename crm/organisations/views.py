"""Organisation list and detail pages."""

from flask import abort, render_template, request

from crm.audit import services as audit
from crm.extensions import db
from crm.organisations import bp, services
from crm.organisations.models import KINDS, STATES, Organisation
from crm.pagination import apply_sort, paginate


@bp.route("/")
def index():
    """List organisations with search, filters, sorting and pagination."""
    args = request.args
    stmt = services.list_query(
        args.get("q"), args.get("kind"), args.get("state"), archived=args.get("archived") == "1"
    )
    stmt, sort = apply_sort(
        stmt,
        {
            "name": Organisation.name,
            "kind": Organisation.kind,
            "state": Organisation.state,
            "city": Organisation.city,
        },
        "name",
        Organisation.id,
    )
    page = paginate(db.session, stmt)
    return render_template(
        "organisations/index.html", page=page, sort=sort, kinds=KINDS, states=STATES
    )


@bp.route("/<int:org_id>")
def detail(org_id: int):
    """Show an organisation with its people, memberships, seats and history."""
    org = services.detail(org_id) or abort(404)
    return render_template(
        "organisations/detail.html",
        org=org,
        affiliations=services.affiliations(org),
        memberships=services.memberships(org),
        seats=services.seats(org),
        history=audit.history("organisations", org.id),
    )
