"""Meeting pages for staff and group leads: plan, poll, invite, record attendance, minutes.

Views stay thin: parse the form, call ``crm.meetings.services``, commit, flash, redirect.
Every view that changes something checks ``can_manage`` on the server.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from crm.auth.permissions import can_manage, can_manage_group_content, require
from crm.contacts.models import Contact
from crm.extensions import db
from crm.groups.models import Group, Seat
from crm.meetings import bp, ical, services
from crm.meetings.forms import (
    AgendaItemForm,
    AttachmentForm,
    DateOptionForm,
    InviteContactForm,
    InviteSeatsForm,
    MeetingForm,
    MinutesForm,
    ReportForm,
)
from crm.meetings.models import (
    STATUSES,
    AgendaItem,
    Attachment,
    CalendarFeed,
    DateOption,
    Meeting,
)
from crm.pagination import apply_sort, db_id, paginate
from crm.time import to_local, today


def _version(value) -> int | None:
    """Return the form's version as a number, or None when it is missing or garbled."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _load(meeting_id: int, manage: bool = True):
    meeting = services.detail(meeting_id) or abort(404)
    if manage:
        require(can_manage(current_user, meeting))
    return meeting


def _to_detail(meeting_id: int, anchor: str | None = None):
    return redirect(url_for("meetings.detail", meeting_id=meeting_id, _anchor=anchor), 303)


def _invite_contact_form(meeting) -> InviteContactForm:
    form = InviteContactForm(prefix="invite")
    invited = {i.contact_id for i in meeting.invitations}
    seats = db.session.execute(
        sa.select(Contact.id, Contact.last_name, Contact.first_name, Seat.role)
        .join(Seat, Seat.contact_id == Contact.id)
        .where(Seat.group_id == meeting.group_id, Contact.archived_at.is_(None))
        .order_by(Contact.last_name, Contact.first_name)
    ).all()
    choices, seen = [], set()
    for cid, last, first, _role in seats:
        if cid in invited or cid in seen:
            continue
        seen.add(cid)
        choices.append((cid, ", ".join(p for p in (last, first) if p)))
    form.contact_id.choices = [(0, "—")] + choices
    return form


def _render_detail(meeting, status: int = 200, **forms):
    """Render the meeting page (also with a failed form and status 400)."""
    manage = can_manage(current_user, meeting)
    forms.setdefault("agenda_form", AgendaItemForm(prefix="agenda", formdata=None))
    forms.setdefault("seats_form", InviteSeatsForm(prefix="seats", formdata=None))
    forms.setdefault("attachment_form", AttachmentForm(prefix="att", formdata=None))
    if manage:
        forms.setdefault("invite_form", _invite_contact_form(meeting))
    return (
        render_template(
            "meetings/detail.html",
            meeting=meeting,
            manage=manage,
            matrix=services.poll_matrix(meeting) if meeting.date_options else None,
            conflicts=services.conflicts(meeting) if meeting.status == "scheduled" else [],
            outbox=services.outbox_status(meeting) if manage else {},
            minutes_html=services.render_minutes(meeting.minutes),
            invitee_date=services.invitee_date(meeting),
            **forms,
        ),
        status,
    )


def _warn_conflicts(meeting) -> None:
    """Flash a warning for each other meeting at the same time with shared people or room."""
    for c in services.conflicts(meeting):
        if c.reason == "room":
            flash(
                _("Achtung: Der Raum ist zur selben Zeit belegt (%(t)s).", t=c.other.title),
                "warning",
            )
        else:
            flash(
                _(
                    "Achtung: Terminüberschneidung mit „%(t)s“ für %(names)s.",
                    names=", ".join(c.names),
                    t=c.other.title,
                ),
                "warning",
            )


def _fail(meeting_id: int, exc: services.MeetingError):
    """Undo the partial change, show the message on the meeting page with status 400."""
    db.session.rollback()
    flash(str(exc), "danger")
    return _render_detail(_load(meeting_id), 400)


# --- list, create, show, edit ------------------------------------------------------------


@bp.route("/meetings/")
def index():
    """List upcoming or past meetings, filterable by group, period, status and title."""
    when = request.args.get("when", "upcoming")
    if when not in ("upcoming", "past", "all"):
        when = "upcoming"
    date_from = _arg_date("from")
    date_to = _arg_date("to")
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    stmt = services.list_query(
        request.args.get("group", type=db_id),
        when,
        request.args.get("q"),
        date_from,
        date_to,
        status,
    )
    sort = ""
    if request.args.get("sort"):
        # an explicit ?sort= replaces the default order (upcoming soonest / past newest first)
        stmt = stmt.order_by(None).join(Group, Group.id == Meeting.group_id)
        stmt, sort = apply_sort(
            stmt,
            {
                "date": Meeting.starts_at,
                "title": Meeting.title,
                "group": Group.name,
                "status": Meeting.status,
            },
            "date",
            Meeting.id,
        )
    page = paginate(db.session, stmt)
    groups = db.session.scalars(sa.select(Group).order_by(Group.name)).all()
    return render_template(
        "meetings/index.html",
        page=page,
        sort=sort,
        when=when,
        groups=groups,
        statuses=STATUSES,
        can_create=bool(services.manageable_groups(current_user)),
    )


def _arg_date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _meeting_data(form: MeetingForm, times) -> dict:
    starts_at, ends_at = times
    return {
        "title": form.title.data.strip(),
        "description": (form.description.data or "").strip(),
        "location": (form.location.data or "").strip(),
        "online_url": (form.online_url.data or "").strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
    }


@bp.route("/meetings/new", methods=["GET", "POST"])
def create():
    """Create a meeting (with a date, or leave the date open for a date poll)."""
    groups = services.manageable_groups(current_user)
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
                meeting = services.create_meeting(group, _meeting_data(form, times), current_user)
            except services.MeetingError as exc:
                db.session.rollback()
                getattr(form, exc.field or "title").errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("Sitzung angelegt."), "success")
                return _to_detail(meeting.id)
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/form.html", form=form, meeting=None), status


@bp.route("/meetings/<int:meeting_id>")
def detail(meeting_id: int):
    """Show a meeting: agenda, poll, invitees with answers, attachments, minutes."""
    return _render_detail(_load(meeting_id, manage=False))


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int):
    """Change title, time or place; invitees who have the invitation get an update."""
    meeting = _load(meeting_id)
    form = MeetingForm(obj=meeting)
    form.group_id.choices = [(meeting.group_id, meeting.group.name)]
    if request.method == "GET":
        form.group_id.data = meeting.group_id
        form.version.data = meeting.version
        if meeting.starts_at:
            start, end = to_local(meeting.starts_at), to_local(meeting.ends_at)
            form.starts_on.data, form.starts_time.data = start.date(), start.time()
            form.ends_time.data = end.time()
            form.ends_on.data = end.date() if end.date() != start.date() else None
    if form.validate_on_submit():
        times = form.utc_times()
        if times is not None:
            try:
                sent = services.update_meeting(
                    meeting, _meeting_data(form, times), _version(form.version.data)
                )
            except services.MeetingError as exc:
                db.session.rollback()
                if isinstance(exc, services.StaleMeetingError):
                    flash(str(exc), "danger")
                    meeting = _load(meeting_id)
                    return render_template(
                        "meetings/form.html", form=form, meeting=meeting, stale=True
                    ), 409
                getattr(form, exc.field or "title").errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("Sitzung gespeichert."), "success")
                _warn_conflicts(meeting)
                if sent:
                    flash(_("Aktualisierung an %(n)d Eingeladene versendet.", n=sent), "info")
                return _to_detail(meeting.id)
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/form.html", form=form, meeting=meeting), status


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
def cancel(meeting_id: int):
    """Cancel the meeting; invitees get METHOD:CANCEL."""
    meeting = _load(meeting_id)
    try:
        sent = services.cancel_meeting(meeting)
    except services.MeetingError as exc:
        return _fail(meeting_id, exc)
    db.session.commit()
    flash(_("Sitzung abgesagt; %(n)d Absagen versendet.", n=sent), "success")
    return _to_detail(meeting_id)


# --- agenda ------------------------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/agenda", methods=["POST"])
def agenda_add(meeting_id: int):
    """Append an agenda item."""
    meeting = _load(meeting_id)
    form = AgendaItemForm(prefix="agenda")
    if not form.validate_on_submit():
        return _render_detail(meeting, 400, agenda_form=form)
    services.add_agenda_item(
        meeting, form.title.data, form.description.data, form.duration_minutes.data
    )
    db.session.commit()
    return _to_detail(meeting_id, "agenda")


def _item(meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
def agenda_edit(meeting_id: int, item_id: int):
    """Edit an agenda item."""
    meeting = _load(meeting_id)
    item = _item(meeting, item_id)
    form = AgendaItemForm(obj=item)
    if form.validate_on_submit():
        services.update_agenda_item(
            item, form.title.data, form.description.data, form.duration_minutes.data
        )
        db.session.commit()
        return _to_detail(meeting_id, "agenda")
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/agenda_item.html", form=form, meeting=meeting, item=item), (
        status
    )


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/delete", methods=["POST"])
def agenda_delete(meeting_id: int, item_id: int):
    meeting = _load(meeting_id)
    services.remove_agenda_item(_item(meeting, item_id))
    db.session.commit()
    return _to_detail(meeting_id, "agenda")


@bp.route("/meetings/<int:meeting_id>/agenda/<int:item_id>/move", methods=["POST"])
def agenda_move(meeting_id: int, item_id: int):
    meeting = _load(meeting_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    services.move_agenda_item(_item(meeting, item_id), direction)
    db.session.commit()
    return _to_detail(meeting_id, "agenda")


# --- invitees and mails ------------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/invitees/seats", methods=["POST"])
def invite_seats(meeting_id: int):
    """Invite the group's seat holders (as of the meeting day) with the chosen roles."""
    meeting = _load(meeting_id)
    form = InviteSeatsForm(prefix="seats")
    if not form.validate_on_submit():
        return _render_detail(meeting, 400, seats_form=form)
    added = services.add_invitees_from_seats(meeting, form.roles.data)
    db.session.commit()
    flash(_("%(n)d Personen hinzugefügt.", n=added), "success")
    return _to_detail(meeting_id, "invitees")


@bp.route("/meetings/<int:meeting_id>/invitees", methods=["POST"])
def invite_contact(meeting_id: int):
    """Invite one more person."""
    meeting = _load(meeting_id)
    form = _invite_contact_form(meeting)
    if not form.validate_on_submit() or not form.contact_id.data:
        if not form.contact_id.errors:
            form.contact_id.errors = [_("Bitte eine Person wählen.")]
        return _render_detail(meeting, 400, invite_form=form)
    contact = db.session.get(Contact, form.contact_id.data) or abort(404)
    try:
        services.add_invitee(meeting, contact)
    except services.MeetingError as exc:
        return _fail(meeting_id, exc)
    db.session.commit()
    return _to_detail(meeting_id, "invitees")


@bp.route("/meetings/<int:meeting_id>/invitees/<int:invitation_id>/delete", methods=["POST"])
def invite_remove(meeting_id: int, invitation_id: int):
    meeting = _load(meeting_id)
    invitation = next((i for i in meeting.invitations if i.id == invitation_id), None)
    if invitation is None:
        abort(404)
    services.remove_invitee(invitation)
    db.session.commit()
    return _to_detail(meeting_id, "invitees")


@bp.route("/meetings/<int:meeting_id>/send", methods=["POST"])
def send(meeting_id: int):
    """Send the invitations (with calendar files) to everyone not yet invited."""
    meeting = _load(meeting_id)
    try:
        sent, missing = services.send_invitations(meeting)
    except services.MeetingError as exc:
        return _fail(meeting_id, exc)
    db.session.commit()
    flash(_("%(n)d Einladungen in den Postausgang gelegt.", n=sent), "success")
    if missing:
        names = ", ".join(i.contact.full_name for i in missing)
        flash(_("Ohne E-Mail-Adresse (bitte anders einladen): %(names)s", names=names), "warning")
    return _to_detail(meeting_id, "invitees")


@bp.route("/meetings/<int:meeting_id>/remind", methods=["POST"])
def remind(meeting_id: int):
    """Remind those who have not answered yet."""
    meeting = _load(meeting_id)
    try:
        count = services.remind(meeting)
    except services.MeetingError as exc:
        return _fail(meeting_id, exc)
    db.session.commit()
    flash(_("%(n)d Erinnerungen in den Postausgang gelegt.", n=count), "success")
    return _to_detail(meeting_id, "invitees")


# --- date poll ---------------------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/poll", methods=["GET", "POST"])
def poll(meeting_id: int):
    """Propose slots (POST adds one) and see the answers as a matrix."""
    meeting = _load(meeting_id)
    form = DateOptionForm()
    status = 200
    if request.method == "POST":
        times = form.utc_times() if form.validate_on_submit() else None
        if times is not None:
            try:
                services.add_date_option(meeting, *times)
            except services.MeetingError as exc:
                db.session.rollback()
                meeting = _load(meeting_id)
                getattr(form, exc.field or "starts_on").errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("Termin vorgeschlagen."), "success")
                return redirect(url_for("meetings.poll", meeting_id=meeting_id), 303)
        status = 400
    slot_conflicts = {
        o.id: services.conflicts(meeting, o.starts_at, o.ends_at) for o in meeting.date_options
    }
    return render_template(
        "meetings/poll.html",
        meeting=meeting,
        form=form,
        matrix=services.poll_matrix(meeting),
        slot_conflicts=slot_conflicts,
    ), status


def _option(meeting, option_id: int) -> DateOption:
    option = next((o for o in meeting.date_options if o.id == option_id), None)
    return option or abort(404)


@bp.route("/meetings/<int:meeting_id>/poll/<int:option_id>/delete", methods=["POST"])
def poll_remove(meeting_id: int, option_id: int):
    meeting = _load(meeting_id)
    try:
        services.remove_date_option(_option(meeting, option_id))
    except services.MeetingError as exc:
        return _fail(meeting_id, exc)
    db.session.commit()
    return redirect(url_for("meetings.poll", meeting_id=meeting_id), 303)


@bp.route("/meetings/<int:meeting_id>/poll/start", methods=["POST"])
def poll_start(meeting_id: int):
    """Open the poll: every invitee gets their personal link."""
    meeting = _load(meeting_id)
    try:
        count = services.start_poll(meeting)
    except services.MeetingError as exc:
        return _fail(meeting_id, exc)
    db.session.commit()
    flash(_("Terminumfrage gestartet; %(n)d E-Mails im Postausgang.", n=count), "success")
    return redirect(url_for("meetings.poll", meeting_id=meeting_id), 303)


@bp.route("/meetings/<int:meeting_id>/poll/<int:option_id>/pick", methods=["POST"])
def poll_pick(meeting_id: int, option_id: int):
    """Fix the meeting on a slot and send the invitations with calendar files."""
    meeting = _load(meeting_id)
    try:
        sent, missing = services.pick_date_option(meeting, _option(meeting, option_id))
    except services.MeetingError as exc:
        return _fail(meeting_id, exc)
    db.session.commit()
    flash(_("Termin festgelegt; %(n)d Einladungen im Postausgang.", n=sent), "success")
    _warn_conflicts(meeting)
    if missing:
        names = ", ".join(i.contact.full_name for i in missing)
        flash(_("Ohne E-Mail-Adresse (bitte anders einladen): %(names)s", names=names), "warning")
    return _to_detail(meeting_id)


# --- attendance and minutes --------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
def attendance(meeting_id: int):
    """Tick who attended (substitutes included); the meeting then counts as held."""
    meeting = _load(meeting_id)
    if request.method == "POST":
        from flask_wtf import FlaskForm

        ok = FlaskForm().validate_on_submit()
        values = {
            i.id: request.form.get(f"attended-{i.id}", "unknown") for i in meeting.invitations
        }
        if ok:
            try:
                services.record_attendance(meeting, values)
            except services.MeetingError as exc:
                db.session.rollback()
                flash(str(exc), "danger")
                meeting = _load(meeting_id)
            else:
                db.session.commit()
                flash(_("Anwesenheit gespeichert."), "success")
                return _to_detail(meeting_id, "invitees")
        return render_template("meetings/attendance.html", meeting=meeting), 400
    return render_template("meetings/attendance.html", meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/attendance-list")
def attendance_list(meeting_id: int):
    """The printable attendance list (A4): name, organisation, signature."""
    meeting = _load(meeting_id, manage=False)
    invitations = sorted(
        (i for i in meeting.invitations if i.rsvp != "delegated"),
        key=lambda i: ((i.organisation.name if i.organisation else "~"), i.contact.sort_name),
    )
    return render_template(
        "meetings/attendance_list.html", meeting=meeting, invitations=invitations, blank_rows=5
    )


@bp.route("/meetings/<int:meeting_id>/minutes", methods=["GET", "POST"])
def minutes(meeting_id: int):
    """Write the minutes (Markdown) and set them to draft or approved."""
    meeting = _load(meeting_id)
    form = MinutesForm(obj=meeting)
    if form.validate_on_submit():
        try:
            services.save_minutes(meeting, form.minutes.data, form.minutes_status.data)
        except services.MeetingError as exc:
            db.session.rollback()
            meeting = _load(meeting_id)
            getattr(form, exc.field or "minutes").errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Protokoll gespeichert."), "success")
            return _to_detail(meeting_id, "minutes")
    status = 400 if request.method == "POST" else 200
    preview = services.render_minutes(form.minutes.data)
    return render_template(
        "meetings/minutes.html", meeting=meeting, form=form, preview=preview
    ), status


# --- attachments -------------------------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>/attachments", methods=["POST"])
def attachment_add(meeting_id: int):
    """Upload a document (allowed types, size limit)."""
    meeting = _load(meeting_id)
    form = AttachmentForm(prefix="att")
    if form.validate_on_submit():
        upload = form.file.data
        try:
            services.save_attachment(
                meeting, upload.filename, upload.read(), form.purpose.data, current_user
            )
        except services.MeetingError as exc:
            db.session.rollback()
            meeting = _load(meeting_id)
            form.file.errors = [*form.file.errors, str(exc)]
        else:
            db.session.commit()
            flash(_("Anhang hochgeladen."), "success")
            return _to_detail(meeting_id, "attachments")
    return _render_detail(meeting, 400, attachment_form=form)


def _attachment(meeting, attachment_id: int) -> Attachment:
    found = next((a for a in meeting.attachments if a.id == attachment_id), None)
    return found or abort(404)


@bp.route("/meetings/<int:meeting_id>/attachments/<int:attachment_id>")
def attachment_download(meeting_id: int, attachment_id: int):
    """Download an attachment (logged-in users only; always as a download)."""
    attachment = _attachment(_load(meeting_id, manage=False), attachment_id)
    path = services.attachment_path(attachment)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/meetings/<int:meeting_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
def attachment_delete(meeting_id: int, attachment_id: int):
    meeting = _load(meeting_id)
    attachment = _attachment(meeting, attachment_id)
    path = services.attachment_path(attachment)
    services.delete_attachment(attachment)
    db.session.commit()
    path.unlink(missing_ok=True)
    return _to_detail(meeting_id, "attachments")


# --- calendar files, feeds, report -------------------------------------------------------


@bp.route("/meetings/<int:meeting_id>.ics")
def ics(meeting_id: int):
    """The meeting as a calendar file."""
    meeting = _load(meeting_id, manage=False)
    if meeting.starts_at is None:
        abort(404)
    body = ical.feed_ics([meeting], meeting.title)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="sitzung-{meeting.id}.ics"'},
    )


@bp.route("/meetings/feeds", methods=["GET", "POST"])
def feeds():
    """The user's calendar subscriptions: create (per group or personal) and revoke."""
    from flask_wtf import FlaskForm

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
        return redirect(url_for("meetings.feeds"), 303)
    base = request.host_url.rstrip("/")
    return render_template(
        "meetings/feeds.html",
        feeds=services.user_feeds(current_user),
        groups=groups,
        group_names={g.id: g.name for g in groups},
        base=base,
    )


@bp.route("/meetings/feeds/<int:feed_id>/revoke", methods=["POST"])
def feed_revoke(feed_id: int):
    from flask_wtf import FlaskForm

    feed = db.session.get(CalendarFeed, feed_id) or abort(404)
    require(feed.user_id == current_user.id or current_user.role == "admin")
    if not FlaskForm().validate_on_submit():
        abort(400)
    services.revoke_feed(feed)
    db.session.commit()
    flash(_("Kalender-Abo widerrufen; der Link funktioniert nicht mehr."), "success")
    return redirect(url_for("meetings.feeds"), 303)


@bp.route("/meetings/report")
def report():
    """Participation per organisation and person; members absent from the last N meetings."""
    form = ReportForm(request.args)
    groups = db.session.scalars(sa.select(Group).order_by(Group.name)).all()
    form.group.choices = [(g.id, g.name) for g in groups]
    result = None
    if request.args.get("group") and form.validate():
        group = db.session.get(Group, form.group.data) or abort(404)
        end = form.date_to.data or today()
        start = form.date_from.data or end - timedelta(days=365)
        result = services.participation_report(group, start, end, form.last.data or 3)
        form.date_from.data, form.date_to.data = start, end
        form.date_from.raw_data = form.date_to.raw_data = None  # show the period used
    return render_template("meetings/report.html", form=form, result=result)


@bp.app_template_filter("berlin")
def berlin(value, pattern: str = "dd.MM.yyyy, HH:mm") -> str:
    """Format an aware datetime in Europe/Berlin, in German (for e-mails, whatever the UI)."""
    from babel.dates import format_datetime

    from crm.time import BERLIN

    if value is None:
        return ""
    return format_datetime(value, pattern, tzinfo=BERLIN, locale="de")
