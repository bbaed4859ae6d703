"""People's seats in a group: add, correct, end, change of delegate.

Staff may do this in every group, group leads in the groups they manage (``can_manage``).
"""

from __future__ import annotations

import json

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit.conflicts import locked
from crm.auth.permissions import can_manage_group_content, require
from crm.contacts.models import Contact
from crm.groups import bp, forms, operations
from crm.groups.models import Group, Seat
from crm.groups.rules import fmt, is_deletable
from crm.groups.views import editing
from crm.groups.views.choices import (
    contact_choices,
    organisation_choices,
    represented_organisations,
)
from crm.organisations.models import Organisation
from crm.pagination import db_id
from crm.time import today

# the group page offers "Löschen" only where the service would allow it
bp.add_app_template_global(is_deletable, "seat_deletable")


def _seat(group_id: int, seat_id: int) -> tuple[Group, Seat]:
    return editing.of_group(Seat, seat_id, group_id)


def _seat_values(form) -> dict:
    return {
        **editing.period_values(form),
        "organisation": editing.get(Organisation, form.organisation_id.data),
    }


@bp.route("/<int:group_id>/seats/new", methods=["GET", "POST"])
def seat_create(group_id: int):
    """Give a person a seat in the group."""
    group = editing.get_or_404(Group, group_id)
    require(can_manage_group_content(current_user, group))
    form = forms.SeatForm()
    form.contact_id.choices = contact_choices(group)
    form.organisation_id.choices = organisation_choices(_("— keine —"), members_of=group)
    represents = represented_organisations([c[0] for c in form.contact_id.choices if c[0]])
    # choosing a person preselects the organisation they represent (crm/static/js/app.js)
    form.contact_id.render_kw = {
        **(form.contact_id.render_kw or {}),
        "data-represents": json.dumps(represents),
        "data-represents-target": "organisation_id",
    }
    if request.method == "GET":
        form.starts_on.data = today()
        form.contact_id.data = request.args.get("contact_id", type=db_id)
        form.organisation_id.data = request.args.get("organisation_id", type=db_id) or (
            represents.get(str(form.contact_id.data))
        )
    result = editing.save(
        form,
        None,
        lambda: operations.add_seat(
            group, editing.picked(Contact, form.contact_id), **_seat_values(form)
        ),
    )
    if result is not None:
        seat, warnings = result
        return editing.done(
            group,
            _("Mandat für %(name)s angelegt.", name=seat.contact.full_name),
            warnings,
            on=seat.starts_on,
        )
    return editing.render_form(form, _("Mandat anlegen"), group)


@bp.route("/<int:group_id>/seats/<int:seat_id>/edit", methods=["GET", "POST"])
def seat_edit(group_id: int, seat_id: int):
    """Correct a seat's role, organisation or period."""
    group, seat = _seat(group_id, seat_id)
    form = locked(forms.SeatEditForm(obj=seat), seat)
    form.organisation_id.choices = organisation_choices(
        _("— keine —"), members_of=group, current=seat.organisation_id
    )
    warnings = editing.save(
        form, seat, lambda: operations.update_seat(seat, *form.based_on, **_seat_values(form))
    )
    if warnings is not None:
        return editing.done(group, _("Mandat gespeichert."), warnings)
    return editing.render_form(form, _("Mandat bearbeiten"), group, seat.contact.full_name)


@bp.route("/<int:group_id>/seats/<int:seat_id>/end", methods=["GET", "POST"])
def seat_end(group_id: int, seat_id: int):
    """End a seat on a date (the row is kept)."""
    group, seat = _seat(group_id, seat_id)
    form = editing.end_form(seat)
    saved = editing.save(
        form, seat, lambda: operations.end_seat(seat, form.ends_on.data, *form.based_on)
    )
    if saved is not None:
        return editing.done(
            group,
            _(
                "Mandat von %(name)s endet am %(d)s.",
                name=seat.contact.full_name,
                d=fmt(seat.ends_on),
            ),
        )
    return editing.render_form(form, _("Mandat beenden"), group, seat.contact.full_name)


@bp.route("/<int:group_id>/seats/<int:seat_id>/delete", methods=["GET", "POST"])
def seat_delete(group_id: int, seat_id: int):
    """Delete a seat entered by mistake: asks first; only within 24 hours of its creation."""
    group, seat = _seat(group_id, seat_id)
    form = locked(forms.GroupsForm(), seat)
    name = seat.contact.full_name
    deleted = editing.save(form, seat, lambda: operations.delete_seat(seat, *form.based_on) or True)
    if deleted is not None:
        return editing.done(group, _("Mandat von %(name)s gelöscht.", name=name))
    intro = _(
        "Das Mandat von %(name)s (%(role)s%(org)s, seit %(d)s) wurde versehentlich angelegt und "
        "wird ganz gelöscht; das Änderungsprotokoll behält den Eintrag. Ein Mandat, das es "
        "wirklich gab, bitte beenden statt löschen.",
        name=name,
        role=seat.role_label,
        org=f", {seat.organisation.name}" if seat.organisation else "",
        d=fmt(seat.starts_on),
    )
    return editing.render_form(
        form, _("Mandat löschen"), group, intro, submit=_("Endgültig löschen")
    )


@bp.route("/<int:group_id>/seats/<int:seat_id>/change", methods=["GET", "POST"])
def seat_change(group_id: int, seat_id: int):
    """Change of delegate: the old seat ends the day before, the new one starts that day."""
    group, seat = _seat(group_id, seat_id)
    form = locked(forms.ChangeDelegateForm(obj=seat), seat)
    form.contact_id.choices = contact_choices(group, exclude=seat.contact_id)
    if request.method == "GET":
        form.contact_id.data = None
        form.notes.data = None
        form.change_on.data = today()
    result = editing.save(
        form,
        seat,
        lambda: operations.change_delegate(
            seat,
            editing.picked(Contact, form.contact_id),
            form.change_on.data,
            *form.based_on,
            notes=form.notes.data,
        ),
    )
    if result is not None:
        new_seat, warnings = result
        return editing.done(
            group,
            _(
                "Wechsel gespeichert: %(new)s folgt ab %(d)s auf %(old)s.",
                new=new_seat.contact.full_name,
                old=seat.contact.full_name,
                d=fmt(new_seat.starts_on),
            ),
            warnings,
            on=new_seat.starts_on,
        )
    intro = _(
        "%(name)s (%(role)s%(org)s) gibt das Mandat ab. Das bisherige Mandat endet am Tag vor "
        "dem Wechsel, das neue beginnt am Tag des Wechsels.",
        name=seat.contact.full_name,
        role=seat.role_label,
        org=f", {seat.organisation.name}" if seat.organisation else "",
    )
    return editing.render_form(form, _("Wechsel der Vertretung"), group, intro)
