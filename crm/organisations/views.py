"""Organisation pages: list, detail, create, edit, archive, restore, duplicates, merge."""

import sqlalchemy as sa
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError

from crm.audit import services as audit
from crm.audit.conflicts import StaleEdit, base_form_on, prepare_retry
from crm.auth.permissions import staff_required
from crm.extensions import db
from crm.groups.models import Group
from crm.organisations import bp, services
from crm.organisations.forms import MergeForm, OrganisationForm
from crm.organisations.models import KINDS, STATES, Organisation
from crm.pagination import apply_sort, db_id, paginate
from crm.search.merging import REASONS, chosen_fields, merge_rows, page_args
from crm.tags.services import tags_text


def _int_arg(name: str) -> int | None:
    return request.args.get(name, type=db_id)


def _parent_name():
    parent = sa.orm.aliased(Organisation)
    return (
        sa.select(parent.name)
        .where(parent.id == Organisation.parent_id)
        .correlate(Organisation)
        .scalar_subquery()
    )


@bp.route("/")
def index():
    """List organisations with search, filters, sorting and pagination."""
    args = request.args
    stmt = services.list_query(
        args.get("q"),
        args.get("kind"),
        args.get("state"),
        archived=args.get("archived") == "1",
        group_id=_int_arg("group"),
        tag_id=_int_arg("tag"),
    )
    stmt, sort = apply_sort(
        stmt,
        {
            "name": Organisation.sort_key,
            "kind": Organisation.kind,
            "state": Organisation.state,
            "city": Organisation.city,
            "parent": _parent_name(),
        },
        "name",
        Organisation.id,
    )
    page = paginate(db.session, stmt)
    return render_template(
        "organisations/index.html",
        page=page,
        sort=sort,
        kinds=KINDS,
        states=STATES,
        groups=db.session.scalars(sa.select(Group).order_by(Group.name)).all(),
        tags=services.all_tags(),
    )


@bp.route("/<int:org_id>")
def detail(org_id: int):
    """Show an organisation with its people, memberships, seats, meetings and history."""
    org = services.detail(org_id) or abort(404)
    return render_template(
        "organisations/detail.html",
        org=org,
        affiliations=services.affiliations(org),
        meetings=services.meetings(org),
        history=audit.history("organisations", org.id),
        action_form=FlaskForm(),
    )


@bp.route("/lookup")
def lookup():
    """Return up to 10 current organisations matching ``?q=`` as JSON (for pickers)."""
    q = request.args.get("q", "").strip()
    if len(q) < 2:
        return jsonify([])
    orgs = db.session.scalars(services.list_query(q).order_by(Organisation.name).limit(10))
    return jsonify([{"id": o.id, "label": services.label(o)} for o in orgs])


def _form_data(form: OrganisationForm, org: Organisation | None = None) -> dict | None:
    """Return the fields for the service, or None when the parent could not be resolved."""
    data = {name: getattr(form, name).data for name in services.FIELDS if hasattr(form, name)}
    data["parent_id"] = None
    if form.parent.data:
        try:
            parent = services.resolve(form.parent.data, exclude_id=org.id if org else None)
        except services.OrganisationError as exc:
            form.parent.errors = [str(exc), *(services.label(o) for o in exc.choices)]
            return None
        data["parent_id"] = parent.id
    return data


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    """Create an organisation; likely duplicates are shown before anything is saved."""
    form = OrganisationForm()
    duplicates = []
    if form.validate_on_submit():
        data = _form_data(form)
        if data is not None:
            duplicates = services.find_duplicates(form.name.data, form.email.data)
            if not duplicates or form.confirm.data:
                org = services.create_organisation(data, form.tags.data)
                db.session.commit()
                flash(_("Organisation „%(name)s“ angelegt.", name=org.name), "success")
                return redirect(url_for("organisations.detail", org_id=org.id))
    status = 400 if form.errors else 200
    return render_template(
        "organisations/form.html", form=form, org=None, duplicates=duplicates, reasons=REASONS
    ), status


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(org_id: int):
    """Edit an organisation; a save based on an old version is refused and explained."""
    org = services.detail(org_id) or abort(404)
    form = OrganisationForm(obj=org)
    if request.method == "GET":
        base_form_on(form, org)
        form.tags.data = tags_text(org.tags)
        form.parent.data = services.label(org.parent) if org.parent else ""
    conflict = None
    if form.validate_on_submit():
        data = _form_data(form, org)
        if data is not None:
            try:
                services.update_organisation(
                    org,
                    data,
                    form.tags.data or "",
                    form.int_or_none("version"),
                    form.int_or_none("seen_event"),
                )
                db.session.commit()
            except StaleEdit as exc:
                db.session.rollback()
                conflict = exc.changes
            except StaleDataError:
                db.session.rollback()
                conflict = []
            except services.OrganisationError as exc:
                db.session.rollback()
                getattr(form, exc.field or "name").errors.append(str(exc))
            else:
                flash(_("Organisation „%(name)s“ gespeichert.", name=org.name), "success")
                return redirect(url_for("organisations.detail", org_id=org.id))
    if conflict is not None:
        org = services.detail(org_id)
        conflict = prepare_retry(form, org, conflict)
    status = 409 if conflict is not None else (400 if form.errors else 200)
    return render_template(
        "organisations/form.html", form=form, org=org, duplicates=[], conflict=conflict
    ), status


@bp.route("/<int:org_id>/archive", methods=["POST"])
@staff_required
def archive(org_id: int):
    """Archive an organisation (it keeps its history)."""
    org = db.session.get(Organisation, org_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    services.archive_organisation(org)
    db.session.commit()
    flash(_("Organisation „%(name)s“ archiviert.", name=org.name), "success")
    return redirect(url_for("organisations.detail", org_id=org.id))


@bp.route("/<int:org_id>/restore", methods=["POST"])
@staff_required
def restore(org_id: int):
    """Restore an archived organisation."""
    org = db.session.get(Organisation, org_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    services.restore_organisation(org)
    db.session.commit()
    flash(_("Organisation „%(name)s“ wiederhergestellt.", name=org.name), "success")
    return redirect(url_for("organisations.detail", org_id=org.id))


@bp.route("/duplicates")
@staff_required
def duplicates():
    """List likely duplicate pairs of organisations with a score."""
    page = services.duplicates_page(*page_args())
    return render_template(
        "search/duplicates.html", page=page, kind="organisations", reasons=REASONS
    )


def _merge_fields() -> dict[str, str]:
    form = OrganisationForm(meta={"csrf": False})
    labels = {
        name: str(getattr(form, name).label.text) for name in services.FIELDS if hasattr(form, name)
    }
    labels["parent_id"] = str(form.parent.label.text)
    return {name: labels[name] for name in services.FIELDS}


def _show(org: Organisation, name: str) -> str:
    if name == "kind":
        return org.kind_label
    if name == "state":
        return org.state_label
    if name == "parent_id":
        return org.parent.name if org.parent else ""
    value = getattr(org, name)
    return "" if value is None else str(value)


@bp.route("/merge", methods=["GET", "POST"])
@staff_required
def merge():
    """Merge two organisations (``?a=&b=``): choose the survivor and each field's value."""
    a = db.session.get(Organisation, _int_arg("a") or 0) or abort(404)
    b = db.session.get(Organisation, _int_arg("b") or 0) or abort(404)
    if a.id == b.id:
        abort(400)
    form = MergeForm()
    rows = merge_rows(a, b, _merge_fields(), _show)
    if form.validate_on_submit():
        survivor, other = (a, b) if form.survivor.data == "a" else (b, a)
        try:
            services.merge_organisations(survivor, other, chosen_fields(rows, form.survivor.data))
            db.session.commit()
        except services.OrganisationError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            flash(_("Organisationen zusammengeführt."), "success")
            return redirect(url_for("organisations.detail", org_id=survivor.id))
    return render_template(
        "search/merge.html",
        form=form,
        rows=rows,
        a=a,
        b=b,
        a_url=url_for("organisations.detail", org_id=a.id),
        b_url=url_for("organisations.detail", org_id=b.id),
        a_name=a.name,
        b_name=b.name,
        back=url_for("organisations.duplicates"),
        title=_("Organisationen zusammenführen"),
    ), 400 if form.errors else 200
