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

from flask import abort
from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """An empty form: a button that POSTs with a CSRF token."""


def confirmed_post() -> None:
    """Return nothing when the request is a POST with a valid CSRF token; else abort with 400."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
