"""The meeting list, creating, showing, editing and cancelling a meeting, its calendar file."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Response, abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from crm.audit.conflicts import StaleEdit, base_form_on, prepare_retry
from crm.auth.permissions import can_manage_group_content, require
from crm.extensions import db
from crm.groups.models import Group
from crm.meetings import bp, ical, operations, queries
from crm.meetings.forms import MeetingForm
from crm.meetings.models import STATUSES, Meeting
from crm.meetings.rules import MeetingError
from crm.meetings.views.common import (
    fail,
    field_error,
    load,
    render_detail,
    to_detail,
    warn_conflicts,
)
from crm.pagination import apply_sort, db_id, paginate
from crm.time import to_local

SORTS = {"date": Meeting.starts_at, "title": Meeting.title, "status": Meeting.status}


def _arg_date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.route("/")
def index():
    """List upcoming or past meetings, filterable by group, period, status and title."""
    when = request.args.get("when", "upcoming")
    if when not in ("upcoming", "past", "all"):
        when = "upcoming"
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    stmt = queries.list_query(
        request.args.get("group", type=db_id),
        when,
        request.args.get("q"),
        _arg_date("from"),
        _arg_date("to"),
        status,
    )
    sort = ""
    if request.args.get("sort"):
        # an explicit ?sort= replaces the default order (upcoming soonest / past newest first)
        stmt = stmt.order_by(None).join(Group, Group.id == Meeting.group_id)
        stmt, sort = apply_sort(stmt, {**SORTS, "group": Group.name}, "date", Meeting.id)
    page = paginate(db.session, stmt)
    groups = db.session.scalars(sa.select(Group).order_by(Group.name)).all()
    return render_template(
        "meetings/index.html",
        page=page,
        sort=sort,
        when=when,
        groups=groups,
        statuses=STATUSES,
        can_create=bool(queries.manageable_groups(current_user)),
    )


def _meeting_data(form: MeetingForm, times) -> dict:
    starts_at, ends_at = times
    return {
        "title": form.title.data.strip(),
        "description": (form.description.data or "").strip(),
        "location": (form.location.data or "").strip(),
        "online_url": (form.online_url.data or "").strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "reminder_days": form.reminder_days.data,
    }


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Create a meeting (with a date, or leave the date open for a date poll)."""
    groups = queries.manageable_groups(current_user)
    require(bool(groups))
    form = MeetingForm()
    form.group_id.choices = [(g.id, g.name) for g in groups]
    if request.method == "POST":
        # a group the user does not manage is a refusal, not a form error
        posted = request.form.get("group_id", type=db_id)
        require(posted is None or posted in {g.id for g in groups})
    if request.method == "GET" and request.args.get("group", type=db_id):
        form.group_id.data = request.args.get("group", type=db_id)
    if form.validate_on_submit():
        group = db.session.get(Group, form.group_id.data)
        require(group is not None and can_manage_group_content(current_user, group))
        times = form.utc_times()
        if times is not None:
            try:
                meeting = operations.create_meeting(group, _meeting_data(form, times), current_user)
            except MeetingError as exc:
                field_error(form, exc, "title")
            else:
                db.session.commit()
                flash(_("Sitzung angelegt."), "success")
                return to_detail(meeting.id)
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/form.html", form=form, meeting=None), status


@bp.route("/<int:meeting_id>")
def detail(meeting_id: int):
    """Show a meeting: agenda, poll, invitees with answers, attachments, minutes."""
    return render_detail(load(meeting_id, manage=False, invitations=False))


def _fill(form: MeetingForm, meeting: Meeting) -> None:
    """Put the meeting's group, version and Berlin wall-clock times into the form."""
    form.group_id.data = meeting.group_id
    base_form_on(form, meeting)
    if meeting.starts_at:
        start, end = to_local(meeting.starts_at), to_local(meeting.ends_at)
        form.starts_on.data, form.starts_time.data = start.date(), start.time()
        form.ends_time.data = end.time()
        form.ends_on.data = end.date() if end.date() != start.date() else None


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int):
    """Change title, time or place; invitees who have the invitation get an update."""
    meeting = load(meeting_id)
    form = MeetingForm(obj=meeting)
    form.group_id.choices = [(meeting.group_id, meeting.group.name)]
    if request.method == "GET":
        _fill(form, meeting)
    times = form.utc_times() if form.validate_on_submit() else None
    if times is not None:
        try:
            sent = operations.update_meeting(meeting, _meeting_data(form, times), *form.based_on)
            db.session.commit()
        except (StaleEdit, StaleDataError) as exc:
            db.session.rollback()
            meeting = load(meeting_id)
            changes = prepare_retry(form, meeting, getattr(exc, "changes", []))
            flash(
                _(
                    "Die Sitzung wurde inzwischen von jemand anderem geändert. Bitte die "
                    "aktuelle Fassung prüfen und die Änderung erneut eingeben."
                ),
                "danger",
            )
            return render_template(
                "meetings/form.html", form=form, meeting=meeting, stale=True, changes=changes
            ), 409
        except MeetingError as exc:
            field_error(form, exc, "title")
        else:
            flash(_("Sitzung gespeichert."), "success")
            warn_conflicts(meeting)
            if sent:
                flash(_("Aktualisierung an %(n)d Eingeladene versendet.", n=sent), "info")
            return to_detail(meeting.id)
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/form.html", form=form, meeting=meeting), status


@bp.route("/<int:meeting_id>/cancel", methods=["POST"])
def cancel(meeting_id: int):
    """Cancel the meeting; invitees get METHOD:CANCEL."""
    meeting = load(meeting_id)
    try:
        sent = operations.cancel_meeting(meeting)
    except MeetingError as exc:
        return fail(meeting_id, exc)
    db.session.commit()
    flash(_("Sitzung abgesagt; %(n)d Absagen versendet.", n=sent), "success")
    return to_detail(meeting_id)


@bp.route("/<int:meeting_id>.ics")
def ics(meeting_id: int):
    """The meeting as a calendar file."""
    meeting = load(meeting_id, manage=False)
    if meeting.starts_at is None:
        abort(404)
    return Response(
        ical.feed_ics([meeting], meeting.title),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="sitzung-{meeting.id}.ics"'},
    )
