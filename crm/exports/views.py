"""The contact list builder (/exports/) and the downloads it links to."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm

from crm.auth.permissions import can_export_personal_data, require
from crm.contacts.consent import LEFT_OUT
from crm.exports import bp
from crm.exports.distribution import distribution_list
from crm.exports.downloads import contact_export, matrix_export, organisation_export
from crm.exports.filters import (
    ContactFilter,
    ExportError,
    OrganisationFilter,
    export_scope,
    filter_choices,
)
from crm.exports.operations import record_export
from crm.exports.queries import count_contacts, left_out_summary, preview_rows
from crm.extensions import db
from crm.time import today
from crm.writers import FORMATS, download


def _filter(cls=ContactFilter):
    """Return the filter of the query parameters, or end the request with 400."""
    try:
        return cls.from_args(request.args)
    except ExportError as exc:
        abort(400, description=str(exc))


def _format(fmt: str, *, cards: bool = True) -> str:
    """Return ``fmt`` when it is a known format (vCards only for people), else 404."""
    if fmt not in FORMATS or (fmt == "vcf" and not cards):
        abort(404)
    return fmt


def _download(stream, name: str, fmt: str) -> Response:
    suffix, mimetype = FORMATS[fmt]
    filename = f"{name}-{today().isoformat()}{'-excel' if fmt == 'csv-excel' else ''}.{suffix}"
    return download(stream, filename, mimetype)


@bp.route("/")
def index():
    """Show the list builder: filters, columns, row count, preview and download links."""
    try:
        flt = ContactFilter.from_args(request.args)
        error = None
    except ExportError as exc:
        flt, error = ContactFilter(), str(exc)
        flash(error, "error")
    allowed = can_export_personal_data(current_user)
    count = rows = None
    left_out: dict[str, int] = {}
    # counted up to the cap: a list of 200,000 says "mehr als 10.000" (the file has them all)
    cap = current_app.config["COUNT_CAP"]
    if allowed:
        scope = export_scope(current_user)
        count = count_contacts(flt, scope, cap)
        rows = preview_rows(flt, scope)
        left_out = left_out_summary(flt, scope, cap)
    return (
        render_template(
            "exports/index.html",
            flt=flt,
            choices=filter_choices(),
            count=count,
            rows=rows,
            allowed=allowed,
            left_out=left_out,
            left_out_labels=LEFT_OUT,
            cap=cap,
            query=request.query_string.decode(),
            formats=FORMATS,
            save_form=FlaskForm(),
        ),
        400 if error else 200,
    )


@bp.route("/contacts/<fmt>")
def contacts(fmt: str):
    """Stream the contact list in a format (csv, csv-excel, xlsx, vcf); audit it first."""
    _format(fmt)
    require(can_export_personal_data(current_user))
    flt = _filter()
    scope = export_scope(current_user)
    record_export("contacts", fmt, flt, count_contacts(flt, scope), user=current_user)
    db.session.commit()
    return _download(contact_export(flt, fmt, scope), "kontakte", fmt)


@bp.route("/distribution")
def distribution():
    """Show the e-mail distribution list: BCC blocks of 50 and who was left out and why."""
    require(can_export_personal_data(current_user))
    flt = _filter()
    result = distribution_list(flt, export_scope(current_user))
    record_export("bcc", "bcc", flt, result.addresses, user=current_user)
    db.session.commit()
    return render_template(
        "exports/distribution.html",
        result=result,
        flt=flt,
        query=request.query_string.decode(),
    )


@bp.route("/organisations/<fmt>")
def organisations(fmt: str):
    """Stream the organisation list (no personal data: every signed-in role)."""
    _format(fmt, cards=False)
    return _download(organisation_export(_filter(OrganisationFilter), fmt), "organisationen", fmt)


@bp.route("/matrix/<fmt>")
def matrix(fmt: str):
    """Stream the membership matrix, organisations × groups, as of ``?on=``."""
    _format(fmt, cards=False)
    flt = _filter()
    return _download(matrix_export(flt.as_of, fmt, flt.groups), "mitgliedschaften", fmt)
