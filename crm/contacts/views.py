"""People pages: list, detail, create, edit, archive, restore, affiliations, duplicates, merge."""

from datetime import UTC, datetime, time

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm import pickers
from crm.audit import services as audit
from crm.audit.conflicts import locked, save_locked
from crm.auth.permissions import STAFF_ROLES, picker_required, staff_required
from crm.contacts import affiliations, bp, operations, queries
from crm.contacts import duplicates as dups
from crm.contacts.forms import AffiliationForm, ContactCreateForm, ContactForm, EndAffiliationForm
from crm.contacts.merge import merge_contacts
from crm.contacts.models import LEGAL_BASES, SALUTATIONS, Affiliation, Contact
from crm.contacts.rules import ContactError
from crm.extensions import db
from crm.forms import ConfirmForm, confirmed_change
from crm.organisations import queries as organisations
from crm.organisations.models import KINDS, STATES, Organisation
from crm.organisations.rules import OrganisationError
from crm.search.merging import (
    REASONS,
    duplicates_page,
    field_labels,
    merge_page,
    merge_with_form,
)
from crm.search.records import RecordPages, id_arg
from crm.tags.services import tags_text
from crm.time import today

#: consent dates are entered as days and stored as noon UTC (the same day in Berlin)
_NOON = time(12, 0)

#: the pages people share with organisations (``crm.search.records``)
PEOPLE = RecordPages("contacts", "contact_id", "full_name")
#: what archiving and restoring a person say
ARCHIVED = (_l("%(name)s archiviert."), _l("%(name)s wiederhergestellt."))


@bp.route("/")
def index():
    """List people with search, filters, sorting and pagination; the bulk bar
    (``crm.bulk``) acts on ticked rows or on every match."""
    organisation_id = id_arg("organisation")
    return PEOPLE.list_page(
        queries.list_from_args(request.args),
        queries.sort_columns(),
        Contact.id,
        kinds=KINDS,
        states=STATES,
        tags=organisations.all_tags(),
        organisation=db.session.get(Organisation, organisation_id) if organisation_id else None,
    )


def _merge_with(contact: Contact):
    """Return the merge-target picker for staff on a current person's page, else None."""
    if current_user.role not in STAFF_ROLES or contact.is_archived or contact.erased_at:
        return None
    likely = dups.likely_duplicates(contact)
    candidates = [(d.contact.id, queries.picker_label(d.contact)) for d in likely]
    return merge_with_form(candidates, PEOPLE.lookup_url())


def _render_detail(contact: Contact, status: int = 200, **forms):
    forms.setdefault("affiliation_form", AffiliationForm(prefix="aff"))
    forms.setdefault("merge_form", _merge_with(contact))
    forms.setdefault("end_form", EndAffiliationForm(prefix="end"))
    return render_template(
        "contacts/detail.html",
        contact=contact,
        on=today(),
        legal_bases=LEGAL_BASES,
        salutations=SALUTATIONS,
        history=audit.history("contacts", contact.id),
        action_form=ConfirmForm(),
        **forms,
    ), status


@bp.route("/<int:contact_id>")
def detail(contact_id: int):
    """Show a person with affiliations, seats, invitations and history."""
    return _render_detail(queries.detail(contact_id) or abort(404))


def _to_datetime(day):
    return datetime.combine(day, _NOON, tzinfo=UTC) if day else None


def _form_data(form: ContactForm) -> dict:
    data = {name: getattr(form, name).data for name in operations.FIELDS}
    for name in ("consent_given_at", "consent_withdrawn_at"):
        data[name] = _to_datetime(data[name])
    return data


def _resolve_organisation(field):
    """Return the organisation named in ``field`` or None (errors go beside the field)."""
    if not field.data:
        return None
    try:
        return organisations.resolve(field.data)
    except OrganisationError as exc:
        field.errors = [str(exc), *(organisations.label(o) for o in exc.choices)]
        return None


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    """Create a person; likely duplicates are shown before anything is saved."""
    form = ContactCreateForm()
    if request.method == "GET":
        form.organisation.data = request.args.get("organisation", "")
    duplicates = []
    if form.validate_on_submit():
        org = _resolve_organisation(form.organisation)
        if not form.organisation.errors:
            duplicates = dups.find_duplicates(
                form.first_name.data,
                form.last_name.data,
                [form.email.data, form.business_email.data],
                org.id if org else None,
            )
            if not duplicates or form.confirm.data:
                contact = operations.create_contact(
                    _form_data(form), form.tags.data, org, form.affiliation_data()
                )
                return PEOPLE.done(contact, _("%(name)s angelegt.", name=contact.full_name))
    return PEOPLE.form_page(form, contact=None, duplicates=duplicates, reasons=REASONS)


@bp.route("/<int:contact_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(contact_id: int):
    """Edit a person; a save based on an old version is refused and explained."""
    contact = queries.detail(contact_id) or abort(404)
    if contact.erased_at is not None:
        # an anonymous placeholder (Art. 17) gets no personal data again
        flash(_("Diese Person ist anonymisiert und kann nicht bearbeitet werden."), "error")
        return redirect(url_for("contacts.detail", contact_id=contact.id))
    form = locked(ContactForm(obj=contact), contact)
    if request.method == "GET":
        form.tags.data = tags_text(contact.tags)
        form.consent_given_at.data = contact.consent_given_at and contact.consent_given_at.date()
        form.consent_withdrawn_at.data = (
            contact.consent_withdrawn_at and contact.consent_withdrawn_at.date()
        )
    saved = save_locked(
        form,
        contact,
        lambda: operations.update_contact(
            contact, _form_data(form), form.tags.data or "", *form.based_on
        ),
    )
    if saved:
        return PEOPLE.done(contact, _("%(name)s gespeichert.", name=contact.full_name))
    if form.conflict is not None:
        contact = queries.detail(contact_id)
    return PEOPLE.form_page(form, contact=contact, duplicates=[], conflict=form.conflict)


# POST /contacts/<id>/archive and /restore (staff): hide a person from lists and pickers (the
# history stays), or bring them back
PEOPLE.add_archive_routes(
    bp, Contact, operations.archive_contact, operations.restore_contact, ARCHIVED, staff_required
)


@bp.route("/<int:contact_id>/affiliations", methods=["POST"])
@staff_required
def add_affiliation(contact_id: int):
    """Add an affiliation to a person."""
    contact = queries.detail(contact_id) or abort(404)
    form = AffiliationForm(prefix="aff")
    if form.validate_on_submit():
        org = _resolve_organisation(form.organisation)
        if org is not None:
            try:
                affiliations.add_affiliation(
                    contact, org, {**form.affiliation_data(), "is_primary": form.is_primary.data}
                )
                db.session.commit()
            except ContactError as exc:
                db.session.rollback()
                form.organisation.errors = [str(exc)]
            else:
                return PEOPLE.done(
                    contact, _("Zugehörigkeit zu %(org)s hinzugefügt.", org=org.name)
                )
    return _render_detail(queries.detail(contact_id), 400, affiliation_form=form)


def _affiliation(contact_id: int, affiliation_id: int) -> Affiliation:
    aff = db.session.get(Affiliation, affiliation_id)
    if aff is None or aff.contact_id != contact_id:
        abort(404)
    return aff


@bp.route("/<int:contact_id>/affiliations/<int:affiliation_id>/end", methods=["POST"])
@staff_required
def end_affiliation(contact_id: int, affiliation_id: int):
    """End an affiliation on a date (it stays as history)."""
    aff = _affiliation(contact_id, affiliation_id)
    form = EndAffiliationForm(prefix="end")
    if not form.validate_on_submit():
        flash(_("Bitte ein gültiges Enddatum angeben."), "danger")
        return _render_detail(queries.detail(contact_id), 400, end_form=form)
    try:
        affiliations.end_affiliation(aff, form.ends_on.data)
        db.session.commit()
    except ContactError as exc:
        db.session.rollback()
        return _render_detail(
            queries.detail(contact_id), 400, end_form=form, end_error=(aff.id, str(exc))
        )
    flash(_("Zugehörigkeit beendet."), "success")
    return redirect(url_for("contacts.detail", contact_id=contact_id))


@bp.route("/<int:contact_id>/affiliations/<int:affiliation_id>/primary", methods=["POST"])
@staff_required
def primary_affiliation(contact_id: int, affiliation_id: int):
    """Mark an affiliation as the person's primary one."""
    aff = _affiliation(contact_id, affiliation_id)
    message = _("Primäre Zugehörigkeit gesetzt.")
    back = url_for("contacts.detail", contact_id=contact_id)
    return confirmed_change(lambda: affiliations.make_primary(aff), message, back)


@bp.route("/duplicates")
@staff_required
def duplicates():
    """List likely duplicate pairs of people with a score."""
    return duplicates_page("contacts", dups.duplicates_page)


def _show(contact: Contact, name: str) -> str:
    value = getattr(contact, name)
    if name == "salutation":
        return str(SALUTATIONS.get(value, value)) if value else ""
    if name == "legal_basis":
        return str(LEGAL_BASES.get(value, value))
    if name == "is_no_contact":
        return _("ja") if value else _("nein")
    if isinstance(value, datetime):
        return value.date().strftime("%d.%m.%Y")
    return "" if value is None else str(value)


@bp.route("/lookup")
@picker_required
def lookup():
    """Return up to 10 current people matching ``?q=`` as JSON (for pickers), with the
    organisation each represents; ``?group=`` narrows to the group's seat holders."""
    q = request.args.get("q", "").strip()
    if len(q) < 2:
        return jsonify([])
    stmt = queries.list_query(q, filters=request.args).order_by(Contact.sort_key, Contact.id)
    return pickers.lookup_response(stmt, _lookup_item)


def _lookup_item(contact: Contact) -> dict:
    aff = contact.primary_affiliation()  # affiliations come with the list query
    org = aff.organisation if aff else None
    return {
        "id": contact.id,
        "label": queries.picker_label(contact),
        "detail": org.name if org else (contact.email or ""),
        "organisation": {"id": org.id, "label": f"{org.name} ({org.state})"} if org else None,
    }


@bp.route("/merge", methods=["GET", "POST"])
@staff_required
def merge():
    """Merge two people (``?a=&b=``): choose the survivor and each field's value."""
    labels = field_labels(ContactForm(meta={"csrf": False}), operations.FIELDS)
    return merge_page(PEOPLE, queries.detail, merge_contacts, labels=labels, show=_show)
