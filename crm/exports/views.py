"""The contact list builder (/exports/) and the downloads it links to."""

from __future__ import annotations

from flask import Response, abort, flash, render_template, request, stream_with_context
from flask_login import current_user

from crm.auth.permissions import can_export_personal_data, require
from crm.exports import bp, services
from crm.exports.writers import FORMATS
from crm.extensions import db
from crm.time import today


def _contact_filter() -> services.ContactFilter:
    try:
        return services.ContactFilter.from_args(request.args)
    except services.ExportError as exc:
        abort(400, description=str(exc))


def _download(stream, name: str, fmt: str) -> Response:
    suffix, mimetype = FORMATS[fmt]
    filename = f"{name}-{today().isoformat()}{'-excel' if fmt == 'csv-excel' else ''}.{suffix}"
    response = Response(stream_with_context(stream), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/")
def index():
    """Show the list builder: filters, columns, row count, preview and download links."""
    try:
        flt = services.ContactFilter.from_args(request.args)
        error = None
    except services.ExportError as exc:
        flt, error = services.ContactFilter(), str(exc)
        flash(error, "error")
    allowed = can_export_personal_data(current_user)
    count = rows = None
    if allowed:
        scope = services.export_scope(current_user)
        count = services.count_contacts(flt, scope)
        rows = services.preview_rows(flt, scope)
    return (
        render_template(
            "exports/index.html",
            flt=flt,
            choices=services.filter_choices(),
            count=count,
            rows=rows,
            allowed=allowed,
            query=request.query_string.decode(),
            formats=FORMATS,
        ),
        400 if error else 200,
    )


@bp.route("/contacts/<fmt>")
def contacts(fmt: str):
    """Stream the contact list in a format (csv, csv-excel, xlsx, vcf); audit it first."""
    if fmt not in FORMATS:
        abort(404)
    require(can_export_personal_data(current_user))
    flt = _contact_filter()
    scope = services.export_scope(current_user)
    services.record_export(
        "Kontaktliste", fmt, flt, services.count_contacts(flt, scope), user=current_user
    )
    db.session.commit()
    return _download(services.contact_export(flt, fmt, scope), "kontakte", fmt)


@bp.route("/distribution")
def distribution():
    """Show the e-mail distribution list: BCC blocks of 50 and who was left out and why."""
    require(can_export_personal_data(current_user))
    flt = _contact_filter()
    scope = services.export_scope(current_user)
    result = services.distribution_list(flt, scope)
    services.record_export("Verteiler", "bcc", flt, result.addresses, user=current_user)
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
    if fmt not in FORMATS or fmt == "vcf":
        abort(404)
    try:
        flt = services.OrganisationFilter.from_args(request.args)
    except services.ExportError as exc:
        abort(400, description=str(exc))
    return _download(services.organisation_export(flt, fmt), "organisationen", fmt)


@bp.route("/matrix/<fmt>")
def matrix(fmt: str):
    """Stream the membership matrix, organisations × groups, as of ``?on=``."""
    if fmt not in FORMATS or fmt == "vcf":
        abort(404)
    flt = _contact_filter()
    return _download(services.matrix_export(flt.as_of, fmt, flt.groups), "mitgliedschaften", fmt)
