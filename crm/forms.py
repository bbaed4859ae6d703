"""The base of every form, and the one way to handle a POST that carries nothing but its CSRF token.

Every form derives from ``Form``: it refuses control characters in each text field (line
breaks, tabs, NUL … in a one-line field; all but line breaks and tabs in a text area), with the
message beside the field, whatever the form declares (``crm.fields.refuse_control_characters``).

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
from wtforms import StringField, TextAreaField

from crm.extensions import db
from crm.fields import control_character_problem


class Form(FlaskForm):
    """A Flask-WTF form whose text fields refuse control characters."""

    def validate(self, extra_validators=None) -> bool:
        # checked after the fields' own validators: ``Optional()`` would stop the chain for
        # a value of nothing but line breaks and tabs, and let it through
        valid = super().validate(extra_validators=extra_validators)
        for field in self._fields.values():
            if not isinstance(field, StringField):
                continue
            message = control_character_problem(field.data, isinstance(field, TextAreaField))
            if message:
                field.errors = [*field.errors, message]
                valid = False
        return valid


class ConfirmForm(Form):
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
