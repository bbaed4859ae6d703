"""Groups: list, page "as of" a date, group CRUD, memberships and seats."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from crm.audit import services as audit
from crm.auth.permissions import can_manage, can_manage_group_content, require, staff_required
from crm.contacts.models import Affiliation, Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups import bp, forms, services
from crm.groups.models import KINDS, Group, Membership, Seat
from crm.organisations.models import Organisation
from crm.pagination import apply_sort, db_id, paginate
from crm.search.normalize import search_terms
from crm.time import today

# the organisation's and the person's pages include these sections (see templates/groups/_*.html)
bp.add_app_template_global(services.organisation_groups, "organisation_groups")
bp.add_app_template_global(services.contact_seats, "contact_seats")


def _as_of() -> date:
    try:
        return date.fromisoformat(request.args.get("on", ""))
    except ValueError:
        return today()


# ---------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------


@bp.route("/")
def index():
    """List groups with numbers of organisations and people, lead and next meeting."""
    args = request.args
    on = _as_of()
    kind = args.get("kind") if args.get("kind") in KINDS else None
    stmt = services.list_query(kind, args.get("q"), on, dissolved=args.get("dissolved") == "1")
    cols = stmt.selected_columns
    stmt, sort = apply_sort(
        stmt,
        {
            "name": Group.name,
            "kind": Group.kind,
            "orgs": cols.n_orgs,
            "people": cols.n_people,
        },
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
        leads=services.leads_of(ids, on),
        next_meetings=services.next_meetings(ids),
    )


@bp.route("/<int:group_id>")
def detail(group_id: int):
    """Show a group's members and seats as of ``?on=YYYY-MM-DD`` (default today)."""
    group = db.session.get(Group, group_id) or abort(404)
    on = _as_of()
    return render_template(
        "groups/detail.html",
        group=group,
        on=on,
        today=today(),
        memberships=services.memberships_on(group, on),
        seats=services.seats_on(group, on),
        meetings=services.meetings(group),
    )


@bp.route("/<int:group_id>/history")
def history(group_id: int):
    """Show every join and leave of the group's organisations and people, newest first."""
    group = db.session.get(Group, group_id) or abort(404)
    return render_template(
        "groups/history.html",
        group=group,
        history=services.history(group),
        audit_events=audit.history("groups", group.id),
    )


# ---------------------------------------------------------------------------------------
# helpers for the forms
# ---------------------------------------------------------------------------------------


#: the most people or organisations a picker lists; the search box above narrows it down
PICKER_LIMIT = 300


def _selected_id(field_name: str) -> int | None:
    value = request.form.get(field_name) or request.args.get(field_name)
    try:
        return db_id(value)
    except (TypeError, ValueError):
        return None


def _organisation_choices(
    blank: str | None = None,
    group: Group | None = None,
    members_only: bool = False,
    current: int | None = None,
) -> list[tuple]:
    """Return picker choices: matches of ``?org_q=``, else (for seats) the group's members.

    The list is bounded (``PICKER_LIMIT``) so the form stays small at any data size; the
    chosen or posted organisation is always included so it validates.
    """
    stmt = sa.select(Organisation.id, Organisation.name, Organisation.state).where(
        Organisation.not_archived()
    )
    q = request.args.get("org_q", "").strip()
    if q:
        for term in search_terms(q):
            stmt = stmt.where(Organisation.search_text.contains(term, autoescape=True))
    elif members_only and group is not None:
        members = sa.select(Membership.organisation_id).where(
            Membership.group_id == group.id, active_on(Membership, today())
        )
        stmt = stmt.where(Organisation.id.in_(members))
    rows = db.session.execute(stmt.order_by(Organisation.sort_key).limit(PICKER_LIMIT)).all()
    selected = _selected_id("organisation_id") or current
    if selected and selected not in {r[0] for r in rows}:
        rows += db.session.execute(
            sa.select(Organisation.id, Organisation.name, Organisation.state).where(
                Organisation.id == selected, Organisation.not_archived()
            )
        ).all()
    choices = [("", blank or _("— bitte wählen —"))]
    return choices + [(oid, f"{name} ({state})") for oid, name, state in rows]


def _contact_choices(group: Group | None = None, exclude: int | None = None) -> list[tuple]:
    """Return picker choices: matches of ``?person_q=``, else the people of member organisations.

    Bounded like ``_organisation_choices``; the posted person is always included.
    """
    stmt = sa.select(Contact.id, Contact.last_name, Contact.first_name, Contact.title).where(
        Contact.not_archived()
    )
    q = request.args.get("person_q", "").strip()
    if q:
        for term in search_terms(q):
            stmt = stmt.where(Contact.search_text.contains(term, autoescape=True))
    elif group is not None:
        members = sa.select(Membership.organisation_id).where(
            Membership.group_id == group.id, active_on(Membership, today())
        )
        affiliated = sa.select(Affiliation.contact_id).where(
            Affiliation.organisation_id.in_(members), active_on(Affiliation, today())
        )
        stmt = stmt.where(Contact.id.in_(affiliated))
    if exclude:
        stmt = stmt.where(Contact.id != exclude)
    rows = db.session.execute(stmt.order_by(Contact.sort_key).limit(PICKER_LIMIT)).all()
    selected = _selected_id("contact_id")
    if selected and selected != exclude and selected not in {r[0] for r in rows}:
        rows += db.session.execute(
            sa.select(Contact.id, Contact.last_name, Contact.first_name, Contact.title).where(
                Contact.id == selected, Contact.not_archived()
            )
        ).all()
    choices = [("", _("— bitte wählen —"))]
    return choices + [
        (cid, f"{last}, {' '.join(p for p in (title, first) if p)}")
        for cid, last, first, title in rows
    ]


def _group_choices(exclude: Group | None = None) -> list[tuple]:
    rows = db.session.execute(sa.select(Group.id, Group.name).order_by(Group.name)).all()
    return [("", _("— keines —"))] + [
        (gid, name) for gid, name in rows if exclude is None or gid != exclude.id
    ]


def _get(model, obj_id: int | None):
    return db.session.get(model, obj_id) if obj_id else None


def _show_error(form, exc: services.GroupError) -> None:
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None and not isinstance(exc, services.StaleError):
        field.errors = [*field.errors, str(exc)]
    else:
        form.form_errors.append(str(exc))


def _current_values(form, obj) -> list[tuple[str, str]]:
    """Return (label, value) of the row as saved now: shown after a refused stale save."""
    values = []
    for f in form:
        if f.type in ("CSRFTokenField", "VersionField"):
            continue
        name = f.name
        if name.endswith("_id"):
            related = getattr(obj, name[:-3], None)
            value = getattr(related, "name", None) or getattr(related, "full_name", None)
        else:
            value = getattr(obj, name, None)
        if isinstance(value, date):
            value = value.strftime("%d.%m.%Y")
        elif name in ("role", "kind") and value is not None:
            value = dict(f.choices).get(value, value)
        values.append((str(f.label.text), "" if value is None else str(value)))
    return values


def _save(form, obj, action) -> tuple[bool, object]:
    """Run ``action()`` and commit; return ``(True, its result)``, or ``(False, None)``.

    A stale save (another person's change in between) is refused: the form shows the row
    as saved now and carries its current version, so a second save is a deliberate one.
    """
    try:
        result = action()
        db.session.commit()
        return True, result
    except services.StaleError as exc:
        db.session.rollback()
        _show_error(form, exc)
    except StaleDataError:
        db.session.rollback()
        _show_error(form, services.StaleError(_("Dieser Eintrag wurde inzwischen geändert.")))
    except services.GroupError as exc:
        db.session.rollback()
        _show_error(form, exc)
        return False, None
    # stale: reload the row as it is now and let the next save be based on it
    if obj is not None:
        db.session.refresh(obj)
        form.version.data = obj.version
        form.stale_values = _current_values(form, obj)
    return False, None


def _render_form(form, title: str, group: Group | None, intro: str | None = None, **kw):
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "groups/form.html",
        form=form,
        title=title,
        group=group,
        intro=intro,
        stale_values=getattr(form, "stale_values", None),
        **kw,
    ), status


def _flash_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        flash(warning, "warning")


# ---------------------------------------------------------------------------------------
# groups
# ---------------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    """Create a group (secretariat and admin)."""
    form = forms.GroupForm()
    form.parent_id.choices = _group_choices()
    if form.validate_on_submit():
        ok, group = _save(
            form,
            None,
            lambda: services.create_group(
                kind=form.kind.data,
                name=form.name.data,
                short_name=form.short_name.data,
                description=form.description.data,
                founded_on=form.founded_on.data,
                parent=_get(Group, form.parent_id.data),
            ),
        )
        if ok:
            flash(_("Gremium %(name)s angelegt.", name=group.name), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return _render_form(form, _("Neues Gremium"), None)


@bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(group_id: int):
    """Edit a group's own data (secretariat and admin)."""
    group = db.session.get(Group, group_id) or abort(404)
    form = forms.GroupForm(obj=group)
    form.parent_id.choices = _group_choices(exclude=group)
    if form.validate_on_submit():
        ok, _result = _save(
            form,
            group,
            lambda: services.update_group(
                group,
                form.version.data,
                kind=form.kind.data,
                name=form.name.data,
                short_name=form.short_name.data,
                description=form.description.data,
                founded_on=form.founded_on.data,
                parent=_get(Group, form.parent_id.data),
            ),
        )
        if ok:
            flash(_("Gremium %(name)s gespeichert.", name=group.name), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return _render_form(form, _("Gremium bearbeiten"), group)


@bp.route("/<int:group_id>/dissolve", methods=["GET", "POST"])
@staff_required
def dissolve(group_id: int):
    """Dissolve a group on a date; open memberships and seats end that day."""
    group = db.session.get(Group, group_id) or abort(404)
    form = forms.DissolveForm(obj=group)
    if request.method == "GET":
        form.on.data = today()
    if form.validate_on_submit():
        ok, ended = _save(
            form, group, lambda: services.dissolve_group(group, form.on.data, form.version.data)
        )
        if ok:
            flash(
                _(
                    "Gremium aufgelöst; %(m)s Mitgliedschaften und %(s)s Mandate beendet.",
                    m=ended[0],
                    s=ended[1],
                ),
                "success",
            )
            return redirect(url_for("groups.detail", group_id=group.id))
    return _render_form(
        form,
        _("Gremium auflösen"),
        group,
        _(
            "Laufende Mitgliedschaften und Mandate enden am Tag der Auflösung. "
            "Die Geschichte des Gremiums bleibt erhalten."
        ),
    )


# ---------------------------------------------------------------------------------------
# memberships (secretariat and admin)
# ---------------------------------------------------------------------------------------


def _membership(group_id: int, membership_id: int) -> tuple[Group, Membership]:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.group_id != group_id:
        abort(404)
    require(can_manage(current_user, membership))
    return membership.group, membership


@bp.route("/<int:group_id>/memberships/new", methods=["GET", "POST"])
@staff_required
def membership_create(group_id: int):
    """Add an organisation to the group."""
    group = db.session.get(Group, group_id) or abort(404)
    form = forms.MembershipForm()
    form.organisation_id.choices = _organisation_choices()
    if request.method == "GET":
        form.starts_on.data = today()
        form.organisation_id.data = request.args.get("organisation_id", type=db_id)
    if form.validate_on_submit():
        ok, membership = _save(
            form,
            None,
            lambda: services.add_membership(
                group,
                _get(Organisation, form.organisation_id.data) or abort(400),
                role=form.role.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                notes=form.notes.data,
            ),
        )
        if ok:
            flash(_("%(org)s ist jetzt Mitglied.", org=membership.organisation.name), "success")
            return redirect(url_for("groups.detail", group_id=group.id, on=membership.starts_on))
    return _render_form(form, _("Organisation aufnehmen"), group)


@bp.route("/<int:group_id>/memberships/<int:membership_id>/edit", methods=["GET", "POST"])
@staff_required
def membership_edit(group_id: int, membership_id: int):
    """Change a membership's role or correct its period."""
    group, membership = _membership(group_id, membership_id)
    form = forms.MembershipEditForm(obj=membership)
    if form.validate_on_submit():
        ok, _result = _save(
            form,
            membership,
            lambda: services.update_membership(
                membership,
                form.version.data,
                role=form.role.data,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                notes=form.notes.data,
            ),
        )
        if ok:
            flash(_("Mitgliedschaft gespeichert."), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return _render_form(
        form,
        _("Mitgliedschaft bearbeiten"),
        group,
        membership.organisation.name,
    )


@bp.route("/<int:group_id>/memberships/<int:membership_id>/end", methods=["GET", "POST"])
@staff_required
def membership_end(group_id: int, membership_id: int):
    """End a membership on a date (the row is kept)."""
    group, membership = _membership(group_id, membership_id)
    form = forms.EndForm(obj=membership)
    if request.method == "GET" and not form.ends_on.data:
        form.ends_on.data = today()
    if form.validate_on_submit():
        ok, _result = _save(
            form,
            membership,
            lambda: services.end_membership(membership, form.ends_on.data, form.version.data),
        )
        if ok:
            flash(
                _(
                    "Mitgliedschaft von %(org)s endet am %(d)s.",
                    org=membership.organisation.name,
                    d=membership.ends_on.strftime("%d.%m.%Y"),
                ),
                "success",
            )
            for seat in services.open_seats_for(membership):
                flash(
                    _(
                        "Hinweis: %(name)s vertritt %(org)s hier noch über dieses Ende hinaus.",
                        name=seat.contact.full_name,
                        org=membership.organisation.name,
                    ),
                    "warning",
                )
            return redirect(url_for("groups.detail", group_id=group.id))
    return _render_form(form, _("Mitgliedschaft beenden"), group, membership.organisation.name)


# ---------------------------------------------------------------------------------------
# seats (staff, and group leads for the groups they manage)
# ---------------------------------------------------------------------------------------


def _seat(group_id: int, seat_id: int) -> tuple[Group, Seat]:
    seat = db.session.get(Seat, seat_id)
    if seat is None or seat.group_id != group_id:
        abort(404)
    require(can_manage(current_user, seat))
    return seat.group, seat


@bp.route("/<int:group_id>/seats/new", methods=["GET", "POST"])
def seat_create(group_id: int):
    """Give a person a seat in the group."""
    group = db.session.get(Group, group_id) or abort(404)
    require(can_manage_group_content(current_user, group))
    form = forms.SeatForm()
    form.contact_id.choices = _contact_choices(group)
    form.organisation_id.choices = _organisation_choices(_("— keine —"), group, members_only=True)
    if request.method == "GET":
        form.starts_on.data = today()
        form.organisation_id.data = request.args.get("organisation_id", type=db_id)
    if form.validate_on_submit():
        ok, result = _save(
            form,
            None,
            lambda: services.add_seat(
                group,
                _get(Contact, form.contact_id.data) or abort(400),
                role=form.role.data,
                organisation=_get(Organisation, form.organisation_id.data),
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                notes=form.notes.data,
            ),
        )
        if ok:
            seat, warnings = result
            flash(_("Mandat für %(name)s angelegt.", name=seat.contact.full_name), "success")
            _flash_warnings(warnings)
            return redirect(url_for("groups.detail", group_id=group.id, on=seat.starts_on))
    return _render_form(form, _("Mandat anlegen"), group)


@bp.route("/<int:group_id>/seats/<int:seat_id>/edit", methods=["GET", "POST"])
def seat_edit(group_id: int, seat_id: int):
    """Correct a seat's role, organisation or period."""
    group, seat = _seat(group_id, seat_id)
    form = forms.SeatEditForm(obj=seat)
    form.organisation_id.choices = _organisation_choices(
        _("— keine —"), group, members_only=True, current=seat.organisation_id
    )
    if form.validate_on_submit():
        ok, warnings = _save(
            form,
            seat,
            lambda: services.update_seat(
                seat,
                form.version.data,
                role=form.role.data,
                organisation=_get(Organisation, form.organisation_id.data),
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                notes=form.notes.data,
            ),
        )
        if ok:
            flash(_("Mandat gespeichert."), "success")
            _flash_warnings(warnings)
            return redirect(url_for("groups.detail", group_id=group.id))
    return _render_form(form, _("Mandat bearbeiten"), group, seat.contact.full_name)


@bp.route("/<int:group_id>/seats/<int:seat_id>/end", methods=["GET", "POST"])
def seat_end(group_id: int, seat_id: int):
    """End a seat on a date (the row is kept)."""
    group, seat = _seat(group_id, seat_id)
    form = forms.EndForm(obj=seat)
    if request.method == "GET" and not form.ends_on.data:
        form.ends_on.data = today()
    if form.validate_on_submit():
        ok, _result = _save(
            form, seat, lambda: services.end_seat(seat, form.ends_on.data, form.version.data)
        )
        if ok:
            flash(
                _(
                    "Mandat von %(name)s endet am %(d)s.",
                    name=seat.contact.full_name,
                    d=seat.ends_on.strftime("%d.%m.%Y"),
                ),
                "success",
            )
            return redirect(url_for("groups.detail", group_id=group.id))
    return _render_form(form, _("Mandat beenden"), group, seat.contact.full_name)


@bp.route("/<int:group_id>/seats/<int:seat_id>/change", methods=["GET", "POST"])
def seat_change(group_id: int, seat_id: int):
    """Change of delegate: the old seat ends the day before, the new one starts that day."""
    group, seat = _seat(group_id, seat_id)
    form = forms.ChangeDelegateForm(obj=seat)
    form.contact_id.choices = _contact_choices(group, exclude=seat.contact_id)
    if request.method == "GET":
        form.contact_id.data = None
        form.notes.data = None
        form.change_on.data = today()
    if form.validate_on_submit():
        ok, result = _save(
            form,
            seat,
            lambda: services.change_delegate(
                seat,
                _get(Contact, form.contact_id.data) or abort(400),
                form.change_on.data,
                form.version.data,
                notes=form.notes.data,
            ),
        )
        if ok:
            new_seat, warnings = result
            flash(
                _(
                    "Wechsel gespeichert: %(new)s folgt ab %(d)s auf %(old)s.",
                    new=new_seat.contact.full_name,
                    old=seat.contact.full_name,
                    d=new_seat.starts_on.strftime("%d.%m.%Y"),
                ),
                "success",
            )
            _flash_warnings(warnings)
            return redirect(url_for("groups.detail", group_id=group.id, on=new_seat.starts_on))
    intro = _(
        "%(name)s (%(role)s%(org)s) gibt das Mandat ab. Das bisherige Mandat endet am Tag vor "
        "dem Wechsel, das neue beginnt am Tag des Wechsels.",
        name=seat.contact.full_name,
        role=seat.role_label,
        org=f", {seat.organisation.name}" if seat.organisation else "",
    )
    return _render_form(form, _("Wechsel der Vertretung"), group, intro)
