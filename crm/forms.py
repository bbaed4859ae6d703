"""The one way to handle a POST that carries nothing but its CSRF token.

Confirm buttons, archive/restore, deactivate, revoke …: the template renders
``{{ confirm_form.csrf_token }}`` (any ``ConfirmForm()``) inside a small ``<form method="post">``,
and the view starts with ``confirmed_post()``::

    @bp.route("/<int:contact_id>/archive", methods=["POST"])
    def archive(contact_id):
        confirmed_post()
        ...
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect
from flask_wtf import FlaskForm

from crm.extensions import db


class ConfirmForm(FlaskForm):
    """An empty form: a button that POSTs with a CSRF token."""


def confirmed_post() -> None:
    """Return nothing when the request is a POST with a valid CSRF token; else abort with 400."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


def confirmed_change(change: Callable[[], object], message: str, back: str):
    """Return the redirect to ``back`` after ``change()`` ran for a confirmed POST
    (``confirmed_post``) and was committed, with ``message`` flashed."""
    confirmed_post()
    change()
    db.session.commit()
    flash(message, "success")
    return redirect(back)
