"""The outbox page: the list, one mail rendered, and the three actions."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.auth.permissions import require
from crm.extensions import db
from crm.forms import confirmed_post
from crm.mail import mime
from crm.mail.models import KIND_LABELS, STATUS_LABELS
from crm.outbox import bp, operations, queries
from crm.outbox.forms import AddressForm
from crm.pagination import paginate
from crm.rules import RuleError


@bp.before_request
def _allowed():
    require(queries.may_open_outbox(current_user))


def _sending_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


@bp.route("/")
def index():
    """List the mails the user may see, newest first, filtered by state, kind and text."""
    status = request.args.get("status", "")
    kind = request.args.get("kind", "")
    q = request.args.get("q", "")
    page = paginate(
        db.session,
        queries.listing(current_user, status, kind, q),
        per_page=current_app.config["OUTBOX_PER_PAGE"],
    )
    return render_template(
        "outbox/index.html",
        page=page,
        status=status,
        kind=kind,
        q=q,
        counts=queries.counts(current_user),
        statuses=STATUS_LABELS,
        kinds=KIND_LABELS,
        configured=_sending_configured(),
    )


@bp.route("/<int:mail_id>")
def detail(mail_id: int):
    """Show one mail: state, attempts, last error, and the text as the recipient gets it."""
    mail = queries.get_visible(current_user, mail_id)
    return render_template(
        "outbox/detail.html",
        mail=mail,
        form=AddressForm(to_address=mail.to_address),
        configured=_sending_configured(),
    )


@bp.route("/<int:mail_id>/html")
def html(mail_id: int):
    """The mail's HTML part, on its own page under a CSP that runs and loads nothing."""
    mail = queries.get_visible(current_user, mail_id)
    body = mail.body_html or mime.html_from_text(mail.body_text)
    return (
        body,
        200,
        {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            "Cache-Control": "no-store",
        },
    )


@bp.route("/<int:mail_id>/cancel", methods=["POST"])
def cancel(mail_id: int):
    """Cancel a queued or failed mail."""
    confirmed_post()
    mail = queries.get_visible(current_user, mail_id)
    try:
        operations.cancel(mail)
    except RuleError as exc:
        flash(str(exc), "error")
        return redirect(url_for("outbox.detail", mail_id=mail.id))
    db.session.commit()
    flash(_("Mail storniert."), "success")
    return redirect(url_for("outbox.detail", mail_id=mail.id))


@bp.route("/<int:mail_id>/resend", methods=["POST"])
def resend(mail_id: int):
    """Queue the mail again, to the same or (with ``to_address``) a corrected address."""
    mail = queries.get_visible(current_user, mail_id)
    form = AddressForm()
    if "to_address" not in request.form:
        confirmed_post()
        address = None
    elif not form.validate_on_submit():
        return render_template(
            "outbox/detail.html", mail=mail, form=form, configured=_sending_configured()
        ), 400
    else:
        address = form.to_address.data
    try:
        copy = operations.resend(mail, address)
    except RuleError as exc:
        flash(str(exc), "error")
        return redirect(url_for("outbox.detail", mail_id=mail.id))
    db.session.commit()
    flash(_("Mail an %(to)s ist wieder im Postausgang.", to=copy.to_address), "success")
    return redirect(url_for("outbox.detail", mail_id=copy.id))
