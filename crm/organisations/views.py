"""Organisation pages: list, detail, create, edit, archive, restore, duplicates, merge."""

from flask import abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm import pickers
from crm.audit import services as audit
from crm.audit.conflicts import locked, save_locked
from crm.auth.permissions import STAFF_ROLES, picker_required, staff_required
from crm.extensions import db
from crm.forms import ConfirmForm
from crm.organisations import bp, operations, queries
from crm.organisations import duplicates as dups
from crm.organisations.forms import OrganisationForm
from crm.organisations.merge import merge_organisations
from crm.organisations.models import KINDS, STATES, Organisation
from crm.organisations.rules import OrganisationError
from crm.search.merging import (
    REASONS,
    duplicates_page,
    field_labels,
    merge_page,
    merge_with_form,
)
from crm.search.records import RecordPages
from crm.tags.services import tags_text
from crm.time import today

#: the pages organisations share with people (``crm.search.records``)
ORGANISATIONS = RecordPages("organisations", "org_id", "name")
#: what archiving and restoring an organisation say
ARCHIVED = (
    _l("Organisation „%(name)s“ archiviert."),
    _l("Organisation „%(name)s“ wiederhergestellt."),
)


@bp.route("/")
def index():
    """List organisations with search, filters, sorting and pagination; the bulk bar
    (``crm.bulk``) acts on ticked rows or on every match."""
    stmt = queries.list_from_args(request.args)
    return ORGANISATIONS.list_page(stmt, queries.sort_columns(), Organisation.id, **_choices())


def _choices() -> dict:
    """Return the choices of the list's filters."""
    return {"kinds": KINDS, "states": STATES, "tags": queries.all_tags()}


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
    likely = dups.likely_duplicates(org)
    candidates = [(d.organisation.id, queries.label(d.organisation)) for d in likely]
    return merge_with_form(candidates, ORGANISATIONS.lookup_url())


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
                return ORGANISATIONS.done(
                    org, _("Organisation „%(name)s“ angelegt.", name=org.name)
                )
    return ORGANISATIONS.form_page(form, org=None, duplicates=duplicates, reasons=REASONS)


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(org_id: int):
    """Edit an organisation; a save based on an old version is refused and explained."""
    org = queries.detail(org_id) or abort(404)
    form = locked(OrganisationForm(obj=org), org)
    if request.method == "GET":
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
            return ORGANISATIONS.done(org, _("Organisation „%(name)s“ gespeichert.", name=org.name))
        if form.conflict is not None:
            org = queries.detail(org_id)
    conflict = getattr(form, "conflict", None)
    return ORGANISATIONS.form_page(form, org=org, duplicates=[], conflict=conflict)


# POST /organisations/<id>/archive and /restore (staff): hide an organisation from lists and
# pickers (it keeps its history), or bring it back
ORGANISATIONS.add_archive_routes(
    bp,
    Organisation,
    operations.archive_organisation,
    operations.restore_organisation,
    ARCHIVED,
    staff_required,
)


@bp.route("/duplicates")
@staff_required
def duplicates():
    """List likely duplicate pairs of organisations with a score."""
    return duplicates_page("organisations", dups.duplicates_page)


def _merge_fields() -> dict[str, str]:
    form = OrganisationForm(meta={"csrf": False})
    labels = field_labels(form, operations.FIELDS) | {"parent_id": str(form.parent.label.text)}
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
    load = lambda org_id: db.session.get(Organisation, org_id)  # noqa: E731
    return merge_page(ORGANISATIONS, load, merge_organisations, labels=_merge_fields(), show=_show)
