"""The group list, a group's page "as of" a date, its history, and the group's own data."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from crm import hooks
from crm.audit import services as audit
from crm.audit.conflicts import locked
from crm.auth.permissions import staff_required
from crm.extensions import db
from crm.groups import bp, forms, operations, queries
from crm.groups.models import KINDS, Group, Membership, Seat
from crm.groups.views.choices import group_choices
from crm.groups.views.editing import as_of, done, get, get_or_404, render_form, save
from crm.pagination import apply_sort, paginate, sublist
from crm.time import today


@bp.route("/")
def index():
    """List groups with numbers of organisations and people, leads, and contributed columns.

    Higher features add columns through ``crm.hooks``: each function registered with
    ``@panel("group_list")`` takes the page's group ids and returns ``(header, {id: cell})``
    in one query (meetings: the next meeting).
    """
    args = request.args
    on = as_of()
    kind = args.get("kind") if args.get("kind") in KINDS else None
    stmt = queries.list_query(kind, args.get("q"), on, dissolved=args.get("dissolved") == "1")
    cols = stmt.selected_columns
    stmt, sort = apply_sort(
        stmt,
        {"name": Group.name, "kind": Group.kind, "orgs": cols.n_orgs, "people": cols.n_people},
        "name",
        Group.id,
    )
    page = paginate(db.session, stmt, scalars=False)
    ids = [row[0].id for row in page.items]
    return render_template(
        "groups/index.html",
        page=page,
        sort=sort,
        kinds=KINDS,
        kind=kind,
        on=on,
        leads=queries.leads_of(ids, on),
        columns=[column(ids, on=on) for column in hooks.panels("group_list")],
    )


@bp.route("/<int:group_id>")
def detail(group_id: int):
    """Show a group's members and seats as of ``?on=YYYY-MM-DD`` (default today)."""
    group = get_or_404(Group, group_id)
    on = as_of()
    return render_template(
        "groups/detail.html",
        group=group,
        on=on,
        memberships=sublist(
            db.session, queries.memberships_on(group, on), "members_page", id_column=Membership.id
        ),
        seats=sublist(db.session, queries.seats_on(group, on), "seats_page", id_column=Seat.id),
    )


@bp.route("/<int:group_id>/history")
def history(group_id: int):
    """Show every join and leave of the group's organisations and people, newest first."""
    group = get_or_404(Group, group_id)
    return render_template(
        "groups/history.html",
        group=group,
        history=queries.history(group),
        audit_events=audit.history("groups", group.id),
    )


def _group_values(form: forms.GroupForm) -> dict:
    return {
        "kind": form.kind.data,
        "name": form.name.data,
        "short_name": form.short_name.data,
        "description": form.description.data,
        "founded_on": form.founded_on.data,
        "parent": get(Group, form.parent_id.data),
    }


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    """Create a group (secretariat and admin)."""
    form = forms.GroupForm()
    form.parent_id.choices = group_choices()
    group = save(form, None, lambda: operations.create_group(**_group_values(form)))
    if group is not None:
        return done(group, _("Gremium %(name)s angelegt.", name=group.name))
    return render_form(form, _("Neues Gremium"), None)


@bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(group_id: int):
    """Edit a group's own data (secretariat and admin)."""
    group = get_or_404(Group, group_id)
    form = locked(forms.GroupForm(obj=group), group)
    form.parent_id.choices = group_choices(exclude=group)
    saved = save(
        form,
        group,
        lambda: operations.update_group(group, *form.based_on, **_group_values(form)),
    )
    if saved is not None:
        return done(group, _("Gremium %(name)s gespeichert.", name=group.name))
    return render_form(form, _("Gremium bearbeiten"), group)


@bp.route("/<int:group_id>/dissolve", methods=["GET", "POST"])
@staff_required
def dissolve(group_id: int):
    """Dissolve a group on a date; open memberships and seats end that day."""
    group = get_or_404(Group, group_id)
    form = locked(forms.DissolveForm(obj=group), group)
    if request.method == "GET":
        form.on.data = today()
    ended = save(
        form, group, lambda: operations.dissolve_group(group, form.on.data, *form.based_on)
    )
    if ended is not None:
        return done(
            group,
            _(
                "Gremium aufgelöst; %(m)s Mitgliedschaften und %(s)s Mandate beendet.",
                m=ended[0],
                s=ended[1],
            ),
        )
    return render_form(
        form,
        _("Gremium auflösen"),
        group,
        _(
            "Laufende Mitgliedschaften und Mandate enden am Tag der Auflösung. "
            "Die Geschichte des Gremiums bleibt erhalten."
        ),
    )
