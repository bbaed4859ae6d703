"""Agenda pages: add, edit, remove and move items."""

from __future__ import annotations

from flask import abort, render_template, request

from crm.audit.conflicts import form_status, locked, save_locked
from crm.extensions import db
from crm.meetings import agenda, bp
from crm.meetings.forms import AgendaItemEditForm, AgendaItemForm
from crm.meetings.models import AgendaItem, Meeting
from crm.meetings.views.common import load, render_detail, to_detail


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


@bp.route("/<int:meeting_id>/agenda", methods=["POST"])
def agenda_add(meeting_id: int):
    """Append an agenda item."""
    meeting = load(meeting_id)
    form = AgendaItemForm(prefix="agenda")
    if not form.validate_on_submit():
        return render_detail(meeting, 400, agenda_form=form)
    agenda.add_agenda_item(
        meeting, form.title.data, form.description.data, form.duration_minutes.data
    )
    db.session.commit()
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
    meeting = load(meeting_id)
    agenda.remove_agenda_item(_item(meeting, item_id))
    db.session.commit()
    return to_detail(meeting_id, "agenda")


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/move", methods=["POST"])
def agenda_move(meeting_id: int, item_id: int):
    """Move an agenda item one place up or down."""
    meeting = load(meeting_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    agenda.move_agenda_item(_item(meeting, item_id), direction)
    db.session.commit()
    return to_detail(meeting_id, "agenda")
