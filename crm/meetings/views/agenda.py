"""Agenda pages: add, edit, remove and move items.

Add, move and remove post the agenda's version they were shown (hidden ``agenda_version``);
a stale one gets the meeting page again with status 409 and the current agenda, and nothing
is changed (``crm.meetings.agenda.StaleAgenda``).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from crm.audit.conflicts import form_status, locked, save_locked
from crm.extensions import db
from crm.meetings import agenda, bp
from crm.meetings.agenda import StaleAgenda
from crm.meetings.forms import AgendaItemEditForm, AgendaItemForm
from crm.meetings.models import AgendaItem, Meeting
from crm.meetings.views.common import (
    errors_text,
    fragment,
    load,
    render_detail,
    to_detail,
    wants_fragment,
)


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


def _item_of_agenda(meeting: Meeting, item_id: int) -> AgendaItem:
    """Return the item for a move or removal; one that went since the page was opened
    (removed by someone else) is a stale agenda, an id that never was one is a 404."""
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        # the agenda's version as stored now, not as loaded: the one who removed the item
        # may have committed between loading the meeting and looking for the item
        current = db.session.scalar(
            sa.select(Meeting.agenda_version).where(Meeting.id == meeting.id)
        )
        if _posted_agenda_version() != current:
            raise StaleAgenda()
        abort(404)
    return item


def _posted_agenda_version() -> int:
    """Return the agenda version the page was based on; a POST without one proves nothing
    and counts as stale (0 is never a version)."""
    try:
        return int(request.form.get("agenda_version", ""))
    except ValueError:
        return 0


def _agenda_change(meeting: Meeting, change, **forms):
    """Run ``change(meeting)`` and commit; a stale agenda gets the page again (409)."""
    meeting_id = meeting.id
    try:
        change(meeting)
        db.session.commit()
    except (StaleAgenda, StaleDataError) as exc:
        db.session.rollback()
        message = str(exc if isinstance(exc, StaleAgenda) else StaleAgenda())
        if wants_fragment():
            form = forms.get("agenda_form") or AgendaItemForm(prefix="agenda", formdata=None)
            return _agenda_fragment(load(meeting_id), 409, form, message)
        flash(message, "danger")
        return render_detail(load(meeting_id), 409, **forms)
    return None


def _agenda_fragment(meeting: Meeting, status: int, form, message: str):
    """Return the agenda part of the meeting page for an in-place add (``inplace.js``)."""
    return fragment(
        "meetings/_agenda.html",
        status,
        meeting=meeting,
        manage=True,
        agenda_form=form,
        message=message,
        message_kind="success" if status == 200 else "danger",
    )


@bp.route("/<int:meeting_id>/agenda", methods=["POST"])
def agenda_add(meeting_id: int):
    """Append an agenda item; from ``inplace.js`` the agenda comes back, not a new page."""
    meeting = load(meeting_id)
    form = AgendaItemForm(prefix="agenda")
    if not form.validate_on_submit():
        if wants_fragment():
            return _agenda_fragment(meeting, 400, form, errors_text(form))
        return render_detail(meeting, 400, agenda_form=form)
    refused = _agenda_change(
        meeting,
        lambda m: agenda.add_agenda_item(
            m,
            form.title.data,
            form.description.data,
            form.duration_minutes.data,
            _posted_agenda_version(),
        ),
        agenda_form=form,
    )
    if refused is not None:
        return refused
    if wants_fragment():
        added = _("Tagesordnungspunkt „%(t)s“ hinzugefügt.", t=form.title.data)
        fresh = AgendaItemForm(prefix="agenda", formdata=None)
        return _agenda_fragment(load(meeting_id, invitations=False), 200, fresh, added)
    return to_detail(meeting_id, "agenda")


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
def agenda_edit(meeting_id: int, item_id: int):
    """Edit an agenda item; a save based on an older version is refused (409)."""
    meeting = load(meeting_id)
    item = _item(meeting, item_id)
    form = locked(AgendaItemEditForm(obj=item), item)
    saved = save_locked(
        form,
        item,
        lambda: agenda.update_agenda_item(
            item, form.title.data, form.description.data, form.duration_minutes.data, *form.based_on
        ),
        default_field="title",
    )
    if saved:
        return to_detail(meeting_id, "agenda")
    return render_template("meetings/agenda_item.html", form=form, meeting=meeting, item=item), (
        form_status(form)
    )


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/delete", methods=["POST"])
def agenda_delete(meeting_id: int, item_id: int):
    """Remove an agenda item; the others close up."""
    refused = _agenda_change(
        load(meeting_id),
        lambda m: agenda.remove_agenda_item(_item_of_agenda(m, item_id), _posted_agenda_version()),
    )
    return refused or to_detail(meeting_id, "agenda")


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/move", methods=["POST"])
def agenda_move(meeting_id: int, item_id: int):
    """Move an agenda item one place up or down."""
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    refused = _agenda_change(
        load(meeting_id),
        lambda m: agenda.move_agenda_item(
            _item_of_agenda(m, item_id), direction, _posted_agenda_version()
        ),
    )
    return refused or to_detail(meeting_id, "agenda")
