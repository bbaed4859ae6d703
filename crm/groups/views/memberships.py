"""Memberships of organisations in a group: add, correct, end (secretariat and admin)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from crm.audit.conflicts import locked
from crm.auth.permissions import staff_required
from crm.groups import bp, forms, operations, queries
from crm.groups.models import Group, Membership
from crm.groups.rules import fmt
from crm.groups.views import editing
from crm.groups.views.choices import organisation_choices
from crm.organisations.models import Organisation
from crm.pagination import db_id
from crm.time import today


def _membership(group_id: int, membership_id: int) -> tuple[Group, Membership]:
    return editing.of_group(Membership, membership_id, group_id)


@bp.route("/<int:group_id>/memberships/new", methods=["GET", "POST"])
@staff_required
def membership_create(group_id: int):
    """Add an organisation to the group."""
    group = editing.get_or_404(Group, group_id)
    form = forms.MembershipForm()
    form.organisation_id.choices = organisation_choices()
    if request.method == "GET":
        form.starts_on.data = today()
        form.organisation_id.data = request.args.get("organisation_id", type=db_id)
    membership = editing.save(
        form,
        None,
        lambda: operations.add_membership(
            group, editing.picked(Organisation, form.organisation_id), **editing.period_values(form)
        ),
    )
    if membership is not None:
        return editing.done(
            group,
            _("%(org)s ist jetzt Mitglied.", org=membership.organisation.name),
            on=membership.starts_on,
        )
    return editing.render_form(form, _("Organisation aufnehmen"), group)


@bp.route("/<int:group_id>/memberships/<int:membership_id>/edit", methods=["GET", "POST"])
@staff_required
def membership_edit(group_id: int, membership_id: int):
    """Change a membership's role or correct its period."""
    group, membership = _membership(group_id, membership_id)
    form = locked(forms.MembershipEditForm(obj=membership), membership)
    saved = editing.save(
        form,
        membership,
        lambda: operations.update_membership(
            membership, *form.based_on, **editing.period_values(form)
        ),
    )
    if saved is not None:
        return editing.done(group, _("Mitgliedschaft gespeichert."))
    return editing.render_form(
        form, _("Mitgliedschaft bearbeiten"), group, membership.organisation.name
    )


@bp.route("/<int:group_id>/memberships/<int:membership_id>/end", methods=["GET", "POST"])
@staff_required
def membership_end(group_id: int, membership_id: int):
    """End a membership on a date (the row is kept)."""
    group, membership = _membership(group_id, membership_id)
    form = editing.end_form(membership)
    saved = editing.save(
        form,
        membership,
        lambda: operations.end_membership(membership, form.ends_on.data, *form.based_on),
    )
    if saved is not None:
        org = membership.organisation.name
        still = [
            _(
                "Hinweis: %(name)s vertritt %(org)s hier noch über dieses Ende hinaus.",
                name=seat.contact.full_name,
                org=org,
            )
            for seat in queries.open_seats_for(membership)
        ]
        message = _(
            "Mitgliedschaft von %(org)s endet am %(d)s.", org=org, d=fmt(membership.ends_on)
        )
        return editing.done(group, message, still)
    return editing.render_form(
        form, _("Mitgliedschaft beenden"), group, membership.organisation.name
    )
