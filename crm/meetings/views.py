"""Meeting list and detail pages."""

import sqlalchemy as sa
from flask import abort, render_template, request

from crm.extensions import db
from crm.groups.models import Group
from crm.meetings import bp, services
from crm.pagination import paginate


@bp.route("/meetings/")
def index():
    """List upcoming or past meetings, filterable by group."""
    when = "past" if request.args.get("when") == "past" else "upcoming"
    stmt = services.list_query(request.args.get("group", type=int), when)
    page = paginate(db.session, stmt)
    groups = db.session.scalars(sa.select(Group).order_by(Group.name)).all()
    return render_template("meetings/index.html", page=page, when=when, groups=groups)


@bp.route("/meetings/<int:meeting_id>")
def detail(meeting_id: int):
    """Show a meeting with its agenda and invitees."""
    meeting = services.detail(meeting_id) or abort(404)
    return render_template("meetings/detail.html", meeting=meeting)
