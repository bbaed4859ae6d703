"""Circular pages: list, compose, the draft's preview and test mail, send, result, and the
recipients' unsubscribe page (no login: the signed token is the key)."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.datastructures import MultiDict
from wtforms.validators import ValidationError

from crm import files
from crm.auth.permissions import STAFF_ROLES, require
from crm.auth.security import public
from crm.circulars import attachments, bp, queries, tasks
from crm.circulars.forms import AttachmentsForm, CircularForm, uploads_of
from crm.circulars.models import Circular, CircularAttachment
from crm.circulars.operations import (
    CircularError,
    ask_to_send,
    create,
    delete_draft,
    preview,
    read_token,
    recipient_filter,
    send_test,
    unsubscribe,
)
from crm.contacts.consent import LEFT_OUT
from crm.exports.filters import ContactFilter, ExportError
from crm.exports.queries import count_contacts, left_out_summary
from crm.extensions import csrf, db
from crm.forms import ConfirmForm, confirmed_post
from crm.mail.models import STATUS_LABELS
from crm.pagination import paginate
from crm.rules import RuleError


def _staff() -> None:
    require(current_user.is_authenticated and current_user.role in STAFF_ROLES)


def _load(circular_id: int) -> Circular:
    _staff()
    circular = db.session.get(Circular, circular_id)
    if circular is None:
        abort(404)
    return circular


def _reasons() -> dict:
    return {**LEFT_OUT, "no_email": _("keine E-Mail-Adresse")}


@bp.route("/")
def index():
    """List the circulars, newest first."""
    _staff()
    return render_template(
        "circulars/index.html", page=paginate(db.session, queries.newest_first())
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Compose a circular to the export builder's list (its filters in the query string)."""
    _staff()
    form = CircularForm()
    if request.method == "GET":
        form.query.data = request.query_string.decode()
    query = form.query.data or ""
    try:
        flt = ContactFilter.from_args(MultiDict(parse_qsl(query)))
    except ExportError as exc:
        abort(400, description=str(exc))
    if form.validate_on_submit():
        try:
            circular = create(
                current_user,
                form.subject.data,
                form.body.data,
                query,
                uploads_of(form.attachments),
            )
        except (RuleError, ExportError) as exc:
            db.session.rollback()
            field = getattr(exc, "field", None) or "subject"
            getattr(form, field).errors = [*getattr(form, field).errors, str(exc)]
        else:
            db.session.commit()
            return redirect(url_for("circulars.show", circular_id=circular.id))
    status = 422 if form.errors else 200
    return render_template(
        "circulars/new.html",
        form=form,
        count=count_contacts(flt),
        left_out=left_out_summary(flt),
        reasons=_reasons(),
        limits=attachments.limits_text(),
    ), status


@bp.route("/<int:circular_id>")
def show(circular_id: int):
    """A draft: preview for the first recipient, test mail, send. Sent: the result."""
    return _show(_load(circular_id))


def _show(circular: Circular, status: int = 200, attachments_form: AttachmentsForm | None = None):
    flt = recipient_filter(circular)
    position = max(request.args.get("n", 0, type=int), 0)
    first, text = preview(circular, position) if circular.status == "draft" else (None, "")
    return render_template(
        "circulars/show.html",
        circular=circular,
        first=first,
        text=text,
        position=position,
        count=count_contacts(flt) if circular.status == "draft" else circular.recipients,
        left_out=left_out_summary(flt) if circular.status == "draft" else circular.left_out,
        reasons=_reasons(),
        outcome=queries.outcome(circular),
        problems=queries.problems(circular) if circular.status == "sent" else [],
        statuses=STATUS_LABELS,
        form=ConfirmForm(),
        attachments_form=attachments_form or AttachmentsForm(formdata=None),
        limits=attachments.limits_text(),
    ), status


@bp.route("/<int:circular_id>/attachments", methods=["POST"])
def attachment_add(circular_id: int):
    """Attach more files to a draft (all checked before one is stored)."""
    circular = _load(circular_id)
    form = AttachmentsForm()
    if form.validate_on_submit():
        try:
            checked = attachments.check(circular, uploads_of(form.attachments))
            if not checked:
                raise CircularError(_("Bitte eine Datei wählen."), "attachments")
            attachments.add(circular, checked, current_user)
        except RuleError as exc:
            db.session.rollback()
            form.attachments.errors = [*form.attachments.errors, str(exc)]
        else:
            db.session.commit()
            flash(_("Anhang hinzugefügt."), "success")
            return redirect(url_for("circulars.show", circular_id=circular.id) + "#attachments")
    return _show(_load(circular_id), 400, attachments_form=form)


def _attachment(circular: Circular, attachment_id: int) -> CircularAttachment:
    found = next((a for a in circular.attachments if a.id == attachment_id), None)
    return found or abort(404)


@bp.route("/<int:circular_id>/attachments/<int:attachment_id>")
def attachment_download(circular_id: int, attachment_id: int):
    """Download an attached file (always as a download, with our content type)."""
    attachment = _attachment(_load(circular_id), attachment_id)
    return files.download(
        attachments.path_of(attachment), attachment.content_type, attachment.filename
    )


@bp.route("/<int:circular_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
def attachment_delete(circular_id: int, attachment_id: int):
    """Remove a file from a draft and, once committed, from the disk."""
    circular = _load(circular_id)
    confirmed_post()
    try:
        path = attachments.remove(_attachment(circular, attachment_id))
    except RuleError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        path.unlink(missing_ok=True)
        flash(_("Anhang entfernt."), "success")
    return redirect(url_for("circulars.show", circular_id=circular.id) + "#attachments")


@bp.route("/<int:circular_id>/delete", methods=["POST"])
def delete(circular_id: int):
    """Delete a draft with its files (a sent circular stays, with its result)."""
    circular = _load(circular_id)
    confirmed_post()
    try:
        paths = delete_draft(circular)
    except RuleError as exc:
        flash(str(exc), "error")
        return redirect(url_for("circulars.show", circular_id=circular.id))
    db.session.commit()
    for path in paths:
        path.unlink(missing_ok=True)
    flash(_("Entwurf gelöscht."), "success")
    return redirect(url_for("circulars.index"))


@bp.route("/<int:circular_id>/test", methods=["POST"])
def test(circular_id: int):
    """Send the first recipient's mail to oneself."""
    circular = _load(circular_id)
    confirmed_post()
    try:
        send_test(circular, current_user)
    except CircularError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(
            _("Testmail an %(email)s in den Postausgang gelegt.", email=current_user.email),
            "success",
        )
    return redirect(url_for("circulars.show", circular_id=circular.id))


@bp.route("/<int:circular_id>/send", methods=["POST"])
def send(circular_id: int):
    """Send the circular: the worker writes one mail per recipient into the outbox."""
    circular = _load(circular_id)
    confirmed_post()
    if ask_to_send(circular):
        db.session.commit()
        tasks.write_circular(circular.id)
        flash(_("Das Rundschreiben wird versendet."), "success")
    else:
        flash(_("Dieses Rundschreiben ist bereits versendet."), "info")
    return redirect(url_for("circulars.show", circular_id=circular.id))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"], endpoint="unsubscribe")
@public
@csrf.exempt
def unsubscribe_page(token: str):
    """A recipient's unsubscribe page: GET asks, POST withdraws the consent for circulars.

    The page's button carries a CSRF token; a mail program's one-click POST (RFC 8058,
    body ``List-Unsubscribe=One-Click``) needs none, the signed token is the key.
    """
    found = read_token(token)
    if found is None:
        abort(404)
    circular, contact = found
    done = False
    if request.method == "POST":
        if request.form.get("List-Unsubscribe") != "One-Click":
            try:
                validate_csrf(request.form.get("csrf_token"))
            except (CSRFError, ValidationError):
                abort(400)
        unsubscribe(circular, contact)
        db.session.commit()
        done = True
    return render_template(
        "circulars/unsubscribe.html", circular=circular, done=done, form=ConfirmForm()
    )
