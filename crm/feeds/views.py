"""The calendar feed a phone, Outlook or Thunderbird subscribes to, and the page to manage feeds."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from crm.auth.permissions import require
from crm.auth.security import public
from crm.extensions import db
from crm.feeds import bp, services
from crm.feeds.models import CalendarFeed
from crm.groups.models import Group
from crm.meetings import ical
from crm.pagination import db_id


@bp.route("/<token>.ics")
@public
def feed(token: str):
    """The meetings of a feed as iCalendar (METHOD:PUBLISH); 404 for unknown or revoked."""
    found = services.feed_by_token(token) or abort(404)
    name, meetings = services.feed_meetings(found)
    return Response(
        ical.feed_ics(meetings, name),
        mimetype="text/calendar",
        headers={"Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex"},
    )


def _beside_meetings(rule: str, view, **options) -> None:
    """Mount a management page at ``/meetings/…`` (where users have always found it), not
    under this blueprint's ``/calendar`` prefix, with the endpoint ``calendar.<view>``."""
    bp.record_once(
        lambda state: state.app.add_url_rule(rule, f"{bp.name}.{view.__name__}", view, **options)
    )


def manage():
    """The user's calendar subscriptions: create (per group or personal) and revoke."""
    groups = db.session.scalars(sa.select(Group).order_by(Group.name)).all()
    if request.method == "POST":
        if not FlaskForm().validate_on_submit():
            abort(400)
        group_id = request.form.get("group_id", type=db_id)
        group = db.session.get(Group, group_id) if group_id else None
        if group_id and group is None:
            abort(400)
        services.create_feed(current_user, group)
        db.session.commit()
        flash(_("Kalender-Abo angelegt."), "success")
        return redirect(url_for("calendar.manage"), 303)
    return render_template(
        "feeds/manage.html",
        feeds=services.user_feeds(current_user),
        groups=groups,
        group_names={g.id: g.name for g in groups},
        base=request.host_url.rstrip("/"),
    )


def revoke(feed_id: int):
    """Revoke one of the user's feeds (admins: anyone's)."""
    feed = db.session.get(CalendarFeed, feed_id) or abort(404)
    require(feed.user_id == current_user.id or current_user.role == "admin")
    if not FlaskForm().validate_on_submit():
        abort(400)
    services.revoke_feed(feed)
    db.session.commit()
    flash(_("Kalender-Abo widerrufen; der Link funktioniert nicht mehr."), "success")
    return redirect(url_for("calendar.manage"), 303)


_beside_meetings("/meetings/feeds", manage, methods=["GET", "POST"])
_beside_meetings("/meetings/feeds/<int:feed_id>/revoke", revoke, methods=["POST"])
