"""Organisation pages: list, detail, create, edit, archive, restore, duplicates, merge."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm import pickers
from crm.audit import services as audit
from crm.audit.conflicts import base_form_on, form_status, save_locked
from crm.auth.permissions import STAFF_ROLES, picker_required, staff_required
from crm.extensions import db
from crm.forms import ConfirmForm, confirmed_change
from crm.organisations import bp, operations, queries
from crm.organisations import duplicates as dups
from crm.organisations.forms import OrganisationForm
from crm.organisations.merge import merge_organisations
from crm.organisations.models import KINDS, STATES, Organisation
from crm.organisations.rules import OrganisationError
from crm.pagination import db_id, sorted_page
from crm.search.merging import REASONS, duplicates_page, merge_page, merge_with_form
from crm.tags.services import tags_text
from crm.time import today


def _int_arg(name: str) -> int | None:
    return request.args.get(name, type=db_id)


@bp.route("/")
def index():
    """List organisations with search, filters, sorting and pagination; the bulk bar
    (``crm.bulk``) acts on ticked rows or on every match."""
    args = request.args
    stmt = queries.list_from_args(args)
    page, sort = sorted_page(
        db.session, stmt, queries.sort_columns(), Organisation.id, searching=bool(args.get("q"))
    )
    return render_template(
        "organisations/index.html",
        page=page,
        sort=sort,
        kinds=KINDS,
        states=STATES,
        tags=queries.all_tags(),
    )


@bp.route("/<int:org_id>")
def detail(org_id: int):
    """Show an organisation with its people, memberships, seats, meetings and history."""
    org = queries.detail(org_id) or abort(404)
    return render_template(
        "organisations/detail.html",
        org=org,
        on=today(),
        history=audit.history("organisations", org.id),
        action_form=ConfirmForm(),
        merge_form=_merge_with(org),
    )


def _merge_with(org: Organisation):
    """Return the merge-target picker for staff on a current organisation's page, else None."""
    if current_user.role not in STAFF_ROLES or org.is_archived:
        return None
    likely = dups.find_duplicates(org.name, org.email, exclude_id=org.id)
    candidates = [(d.organisation.id, queries.label(d.organisation)) for d in likely]
    return merge_with_form(candidates, url_for("organisations.lookup"))


@bp.route("/lookup")
@picker_required
def lookup():
    """Return up to 10 current organisations matching ``?q=`` as JSON (for pickers)."""
    q = request.args.get("q", "").strip()
    if len(q) < 2:
        return jsonify([])
    return pickers.lookup_response(
        queries.list_query(q).order_by(Organisation.name, Organisation.id),
        lambda o: {
            "id": o.id,
            "label": queries.label(o),
            "detail": ", ".join(p for p in (o.city, o.state_label) if p),
        },
    )


def _form_data(form: OrganisationForm, org: Organisation | None = None) -> dict | None:
    """Return the fields for the service, or None when the parent could not be resolved."""
    data = {name: getattr(form, name).data for name in operations.FIELDS if hasattr(form, name)}
    data["parent_id"] = None
    if form.parent.data:
        try:
            parent = queries.resolve(form.parent.data, exclude_id=org.id if org else None)
        except OrganisationError as exc:
            form.parent.errors = [str(exc), *(queries.label(o) for o in exc.choices)]
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
            duplicates = dups.find_duplicates(form.name.data, form.email.data)
            if not duplicates or form.confirm.data:
                org = operations.create_organisation(data, form.tags.data)
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
    org = queries.detail(org_id) or abort(404)
    form = OrganisationForm(obj=org)
    if request.method == "GET":
        base_form_on(form, org)
        form.tags.data = tags_text(org.tags)
        form.parent.data = queries.label(org.parent) if org.parent else ""
    if form.validate_on_submit() and (data := _form_data(form, org)) is not None:
        saved = save_locked(
            form,
            org,
            lambda: operations.update_organisation(org, data, form.tags.data or "", *form.based_on),
            default_field="name",
        )
        if saved:
            flash(_("Organisation „%(name)s“ gespeichert.", name=org.name), "success")
            return redirect(url_for("organisations.detail", org_id=org.id))
        if form.conflict is not None:
            org = queries.detail(org_id)
    status = form_status(form)
    return render_template(
        "organisations/form.html",
        form=form,
        org=org,
        duplicates=[],
        conflict=getattr(form, "conflict", None),
    ), status


def _set_archived(org_id: int, archived: bool):
    """Archive or restore an organisation (a CSRF-checked POST) and go back to its page."""
    org = db.session.get(Organisation, org_id) or abort(404)
    if archived:
        change = operations.archive_organisation
        message = _("Organisation „%(name)s“ archiviert.", name=org.name)
    else:
        change = operations.restore_organisation
        message = _("Organisation „%(name)s“ wiederhergestellt.", name=org.name)
    back = url_for("organisations.detail", org_id=org.id)
    return confirmed_change(lambda: change(org), message, back)


@bp.route("/<int:org_id>/archive", methods=["POST"])
@staff_required
def archive(org_id: int):
    """Archive an organisation (it keeps its history)."""
    return _set_archived(org_id, True)


@bp.route("/<int:org_id>/restore", methods=["POST"])
@staff_required
def restore(org_id: int):
    """Restore an archived organisation."""
    return _set_archived(org_id, False)


@bp.route("/duplicates")
@staff_required
def duplicates():
    """List likely duplicate pairs of organisations with a score."""
    return duplicates_page("organisations", dups.duplicates_page)


def _merge_fields() -> dict[str, str]:
    form = OrganisationForm(meta={"csrf": False})
    labels = {
        name: str(getattr(form, name).label.text)
        for name in operations.FIELDS
        if hasattr(form, name)
    }
    labels["parent_id"] = str(form.parent.label.text)
    return {name: labels[name] for name in operations.FIELDS}


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
    if _int_arg("a") and not _int_arg("b"):  # the picker on the organisation's page, left empty
        flash(_("Bitte die Organisation wählen, mit der zusammengeführt wird."), "warning")
        return redirect(url_for("organisations.detail", org_id=_int_arg("a")))
    return merge_page(
        db.session.get(Organisation, _int_arg("a") or 0) or abort(404),
        db.session.get(Organisation, _int_arg("b") or 0) or abort(404),
        labels=_merge_fields(),
        show=_show,
        merge=merge_organisations,
        url=lambda o: url_for("organisations.detail", org_id=o.id),
        name=lambda o: o.name,
        back=url_for("organisations.duplicates"),
        title=_("Organisationen zusammenführen"),
        done=_("Organisationen zusammengeführt."),
    )
