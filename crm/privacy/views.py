"""Data protection pages: consent, Auskunft, Löschung, Prüfliste, Verzeichnis (thin views)."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.auth.permissions import require, staff_required
from crm.contacts.consent import PURPOSES, ConsentError, record_consent, withdraw
from crm.contacts.models import Contact
from crm.extensions import db
from crm.forms import ConfirmForm, confirmed_post
from crm.pagination import paginate
from crm.privacy import bp, erasures
from crm.privacy.access import access_zip
from crm.privacy.erase import ErasureError
from crm.privacy.forms import ConsentForm, EraseForm, KeepForm
from crm.privacy.models import Erasure
from crm.privacy.register import register as register_data
from crm.privacy.retention import RetentionError, keep, review_query, years_inactive
from crm.writers import download


def _contact(contact_id: int) -> Contact:
    return db.session.get(Contact, contact_id) or abort(404)


def _back(contact: Contact):
    return redirect(url_for("contacts.detail", contact_id=contact.id) + "#datenschutz")


@bp.route("/contacts/<int:contact_id>/consent", methods=["POST"])
@staff_required
def consent(contact_id: int):
    """Record a consent or a withdrawal for one purpose."""
    contact = _contact(contact_id)
    form = ConsentForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(_("Bitte die Angaben zur Einwilligung prüfen."), "error")
        return _back(contact)
    try:
        record_consent(
            contact,
            form.purpose.data,
            form.status.data,
            source=form.source.data,
            note=form.note.data,
            user=current_user,
        )
    except ConsentError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _back(contact)
    db.session.commit()
    flash(_("Erklärung gespeichert."), "success")
    return _back(contact)


@bp.route("/contacts/<int:contact_id>/withdraw/<purpose>", methods=["POST"])
@staff_required
def withdraw_consent(contact_id: int, purpose: str):
    """Withdraw consent for (or object to) one purpose: one click, effective at once."""
    confirmed_post()
    contact = _contact(contact_id)
    if purpose not in PURPOSES:
        abort(404)
    withdraw(contact, purpose, user=current_user)
    db.session.commit()
    flash(_("Widerruf gespeichert: %(purpose)s.", purpose=PURPOSES[purpose]), "success")
    return _back(contact)


@bp.route("/contacts/<int:contact_id>/auskunft.zip")
@staff_required
def access(contact_id: int):
    """Download everything about the person (JSON + report) as a ZIP; audited."""
    contact = _contact(contact_id)
    data = access_zip(contact, user=current_user)
    db.session.commit()
    return download([data], f"auskunft-{contact.id}.zip", "application/zip")


@bp.route("/contacts/<int:contact_id>/erase", methods=["GET", "POST"])
@staff_required
def erase(contact_id: int):
    """Ask for reason and confirmation, then have the worker anonymise the person."""
    contact = _contact(contact_id)
    if (running := erasures.pending(contact)) is not None:
        return redirect(url_for("privacy.erasure", erasure_id=running.id))
    if contact.erased_at is not None:
        flash(_("Diese Person ist bereits anonymisiert."), "info")
        return _back(contact)
    form = EraseForm()
    if form.validate_on_submit():
        try:
            job = erasures.request_erasure(contact, form.reason.data, user=current_user)
        except ErasureError as exc:
            db.session.rollback()
            form.reason.errors = [str(exc)]
        else:
            return redirect(url_for("privacy.erasure", erasure_id=job.id))
    status = 400 if request.method == "POST" else 200
    return render_template("privacy/erase.html", contact=contact, form=form), status


def _erasure(erasure_id: int) -> Erasure:
    return db.session.get(Erasure, erasure_id) or abort(404)


@bp.route("/erasures/<int:erasure_id>")
@staff_required
def erasure(erasure_id: int):
    """Show an erasure: its progress while the worker carries it out, then what it did."""
    job = _erasure(erasure_id)
    return render_template(
        "privacy/erasure.html",
        erasure=job,
        contact=db.session.get(Contact, job.contact_id),
        progress=erasures.progress(job),
        form=ConfirmForm(),
    )


@bp.route("/erasures/<int:erasure_id>/progress")
@staff_required
def erasure_progress(erasure_id: int):
    """The progress of an erasure, for the page's progress bar."""
    return jsonify(erasures.progress(_erasure(erasure_id)))


@bp.route("/erasures/<int:erasure_id>/retry", methods=["POST"])
@staff_required
def erasure_retry(erasure_id: int):
    """Queue a failed erasure again (it goes on from the step it reached)."""
    confirmed_post()
    erasures.retry(_erasure(erasure_id))
    return redirect(url_for("privacy.erasure", erasure_id=erasure_id))


@bp.route("/review")
@staff_required
def review():
    """The review list: people inactive for longer than the retention period."""
    page = paginate(db.session, review_query(), scalars=False)
    return render_template(
        "privacy/review.html", page=page, years=years_inactive(), form=KeepForm()
    )


@bp.route("/review/<int:contact_id>/keep", methods=["POST"])
@staff_required
def keep_contact(contact_id: int):
    """Keep a person for another period, with a reason (audited)."""
    contact = _contact(contact_id)
    form = KeepForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(_("Bitte einen Grund für die Aufbewahrung angeben."), "error")
        return redirect(url_for("privacy.review"))
    try:
        keep(contact, form.reason.data, user=current_user)
    except RetentionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("privacy.review"))
    db.session.commit()
    flash(_("%(name)s wird weiter aufbewahrt.", name=contact.full_name), "success")
    return redirect(url_for("privacy.review"))


@bp.route("/register")
def register():
    """The printable register of processing activities (Art. 30 DSGVO)."""
    require(current_user.is_authenticated)
    return render_template("privacy/register.html", r=register_data(), form=ConfirmForm())
