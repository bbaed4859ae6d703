"""Group list and group page (composition as of a date)."""

from datetime import date

from flask import abort, render_template, request

from crm.extensions import db
from crm.groups import bp, services
from crm.groups.models import KINDS, Group


def _as_of() -> date:
    try:
        return date.fromisoformat(request.args.get("on", ""))
    except ValueError:
        return date.today()


@bp.route("/")
def index():
    """List groups with their current numbers of organisations and people."""
    kind = request.args.get("kind") or None
    rows = services.list_with_counts(kind if kind in KINDS else None)
    return render_template("groups/index.html", rows=rows, kinds=KINDS, kind=kind)


@bp.route("/<int:group_id>")
def detail(group_id: int):
    """Show a group's members and seats as of ``?on=YYYY-MM-DD`` (default today)."""
    group = db.session.get(Group, group_id) or abort(404)
    on = _as_of()
    return render_template(
        "groups/detail.html",
        group=group,
        on=on,
        memberships=services.memberships_on(group, on),
        seats=services.seats_on(group, on),
        meetings=services.meetings(group),
    )
