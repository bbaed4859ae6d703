"""Invitee pages reached by the secret token in the e-mail; no account needed.

A wrong token is a 404 (never a hint whether it existed). CSRF protects every POST here as
everywhere else (Flask-WTF works without a login). The rules are meetings' (``poll``,
``rsvp``); these views only parse, call, commit and answer.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from crm.api.auth import limiter
from crm.auth.security import public
from crm.contacts.models import Contact
from crm.extensions import db
from crm.forms import confirmed_post
from crm.invitations import bp
from crm.meetings import ical, poll, queries
from crm.meetings import rsvp as replies
from crm.meetings.forms import RsvpForm, SubstituteForm
from crm.meetings.models import VOTE_ANSWERS, Invitation
from crm.meetings.notifications import email_of, invitation_link, mail_language
from crm.meetings.rules import MeetingError

#: the invitee page is personal: never cached, never indexed
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@bp.before_request
def _invitee_language() -> None:
    """The invitee's page speaks the invitee's language, as their mails do (unless the visitor
    chose one with the language switch)."""
    token = (request.view_args or {}).get("token")
    invitation = queries.by_token(token) if token else None
    if invitation is not None:
        g.reader_language = mail_language(invitation.contact)


def _invitation(token: str) -> Invitation:
    return queries.by_token(token) or abort(404)


def _substitute_form(invitation: Invitation, formdata=None) -> SubstituteForm:
    form = SubstituteForm(prefix="sub", formdata=formdata)
    form.contact_id.choices = [(0, _("— neue Person eintragen —"))] + [
        (c.id, c.full_name) for c in replies.colleagues(invitation)
    ]
    return form


def _page(invitation: Invitation, status: int = 200, **forms):
    """Render the invitee's page (also with a failed form and status 400)."""
    meeting = invitation.meeting
    forms.setdefault("rsvp_form", RsvpForm(prefix="rsvp", formdata=None, obj=None))
    if "sub_form" not in forms:
        forms["sub_form"] = _substitute_form(invitation, formdata=None)
    answers = {v.date_option_id: v.answer for v in invitation.votes}
    response = render_template(
        "invitations/show.html",
        invitation=invitation,
        meeting=meeting,
        answers=answers,
        vote_answers=VOTE_ANSWERS,
        **forms,
    )
    return response, status, PRIVATE


def _refused(token: str, exc: MeetingError, **forms):
    """Undo the partial change and show the page again with the message (status 400)."""
    db.session.rollback()
    flash(str(exc), "danger")
    return _page(_invitation(token), 400, **forms)


def _saved(token: str, message: str):
    """Commit, thank the invitee and go back to their page (303)."""
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("invitations.show", token=token), 303)


@bp.route("/<token>")
@public
def show(token: str):
    """The invitee's page: meeting, agenda, poll or RSVP, substitute."""
    return _page(_invitation(token))


@bp.route("/<token>/vote", methods=["POST"])
@public
def vote(token: str):
    """Save (or change) yes / maybe / no per proposed slot."""
    invitation = _invitation(token)
    confirmed_post()
    answers = {}
    for option in invitation.meeting.date_options:
        value = request.form.get(f"option-{option.id}")
        if value:
            answers[option.id] = value
    if not answers:
        flash(_("Bitte zu mindestens einem Termin antworten."), "danger")
        return _page(invitation, 400)
    try:
        poll.vote(invitation, answers)
    except MeetingError as exc:
        return _refused(token, exc)
    return _saved(token, _("Danke, Ihre Antwort ist gespeichert. Sie können sie jederzeit ändern."))


@bp.route("/<token>/rsvp", methods=["POST"])
@public
def rsvp(token: str):
    """Accept, accept tentatively or decline."""
    invitation = _invitation(token)
    form = RsvpForm(prefix="rsvp")
    if not form.validate_on_submit():
        return _page(invitation, 400, rsvp_form=form)
    try:
        replies.rsvp(invitation, form.answer.data, form.comment.data)
    except MeetingError as exc:
        return _refused(token, exc, rsvp_form=form)
    return _saved(token, _("Danke, Ihre Rückmeldung ist gespeichert."))


def _per_token() -> str:
    return "substitute-token:" + str((request.view_args or {}).get("token"))


def _per_address() -> str:
    return "substitute-address:" + get_remote_address()


@bp.route("/<token>/substitute", methods=["POST"])
@public
@limiter.limit(lambda: current_app.config["SUBSTITUTE_RATE_LIMIT_TOKEN"], key_func=_per_token)
@limiter.limit(lambda: current_app.config["SUBSTITUTE_RATE_LIMIT_ADDRESS"], key_func=_per_address)
def substitute(token: str):
    """Name a substitute from the same organisation; they get their own invitation.

    At most one per invitation (a second request, also one in the same instant, is refused)
    and a substitute cannot name another; requests are limited per link and per address.
    """
    invitation = _invitation(token)
    form = _substitute_form(invitation, formdata=request.form)
    if not form.validate_on_submit():
        return _page(invitation, 400, sub_form=form)
    contact = None
    if form.contact_id.data:
        contact = db.session.get(Contact, form.contact_id.data)
    elif not (form.last_name.data and form.email.data):
        field = form.last_name if not form.last_name.data else form.email
        field.errors = [_("Bitte Name und E-Mail der Vertretung angeben.")]
        return _page(invitation, 400, sub_form=form)
    try:
        sub = replies.name_substitute(
            invitation,
            contact,
            first_name=form.first_name.data,
            last_name=form.last_name.data,
            email=form.email.data,
        )
    except (StaleDataError, IntegrityError):
        # a parallel request on the same invitation won: this one names nobody
        db.session.rollback()
        flash(_("Für diese Einladung wurde bereits eine Vertretung benannt."), "danger")
        return _page(_invitation(token), 409)
    except MeetingError as exc:
        db.session.rollback()
        invitation = _invitation(token)
        form = _substitute_form(invitation, formdata=request.form)
        form.validate()
        target = form.contact_id if exc.field == "contact_id" else form.last_name
        target.errors = [*target.errors, str(exc)]
        return _page(invitation, 400, sub_form=form)
    name = sub.contact.full_name
    return _saved(token, _("%(name)s ist als Vertretung eingeladen.", name=name))


@bp.route("/<token>.ics")
@public
def ics(token: str):
    """The invitee's calendar file of the meeting."""
    invitation = _invitation(token)
    meeting = invitation.meeting
    if meeting.starts_at is None:
        abort(404)
    address = email_of(invitation) or "unbekannt@invalid"
    method = "CANCEL" if meeting.status == "cancelled" else "REQUEST"
    body = ical.invitation_ics(invitation, address, method, invitation_link(invitation))
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": 'attachment; filename="sitzung.ics"',
            "Cache-Control": "no-store",
        },
    )
