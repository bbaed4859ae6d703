"""The one save-and-show path of every groups form: commit, or show why not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm.audit.conflicts import locked, save_locked
from crm.auth.permissions import can_manage, require
from crm.extensions import db
from crm.groups.forms import EndForm
from crm.groups.rules import fmt
from crm.time import today


def as_of() -> date:
    """Return the day of ``?on=YYYY-MM-DD``, today when missing or garbled."""
    try:
        return date.fromisoformat(request.args.get("on", ""))
    except ValueError:
        return today()


def get(model, obj_id: int | None):
    """Return the row ``obj_id`` of ``model``, None when no id was picked."""
    return db.session.get(model, obj_id) if obj_id else None


def picked(model, field):
    """Return the row chosen in ``field``, a required select of ``model`` rows; 400 when the
    row is gone (the form's choices were checked)."""
    return get(model, field.data) or abort(400)


def get_or_404(model, obj_id: int):
    """Return the row ``obj_id`` of ``model``, or answer 404."""
    return db.session.get(model, obj_id) or abort(404)


def of_group(model, obj_id: int, group_id: int):
    """Return ``(group, row)`` for the membership or seat ``obj_id`` of group ``group_id``
    that the user may manage; 404 when it belongs to another group, 403 when not theirs."""
    obj = get_or_404(model, obj_id)
    if obj.group_id != group_id:
        abort(404)
    require(can_manage(current_user, obj))
    return obj.group, obj


def end_form(row):
    """Return the locked form that ends the membership or seat ``row``; it offers today."""
    form = locked(EndForm(obj=row), row)
    if request.method == "GET" and not form.ends_on.data:
        form.ends_on.data = today()
    return form


def period_values(form) -> dict:
    """Return the role, period and notes a membership or seat form holds, for the service."""
    return {name: form[name].data for name in ("role", "starts_on", "ends_on", "notes")}


def _current_values(form, obj) -> list[tuple[str, str]]:
    """Return (label, value) of the row as saved now: shown after a refused stale save."""
    values = []
    for f in form:
        if f.type in ("CSRFTokenField", "HiddenField"):
            continue
        name = f.name
        if name.endswith("_id"):
            related = getattr(obj, name[:-3], None)
            value = getattr(related, "name", None) or getattr(related, "full_name", None)
        else:
            value = getattr(obj, name, None)
        if isinstance(value, date):
            value = fmt(value)
        elif name in ("role", "kind") and value is not None:
            value = dict(f.choices).get(value, value)
        values.append((str(f.label.text), "" if value is None else str(value)))
    return values


def save(form, obj, action: Callable[[], object]) -> object | None:
    """``save_locked`` for the groups' forms: after a stale save the form also shows the
    row's values as saved now."""
    result = save_locked(form, obj, action)
    if form.conflict is not None:
        form.stale_values = _current_values(form, obj)
    return result


def render_form(form, title: str, group, intro: str | None = None, submit: str | None = None):
    """Return the groups form page (its button says ``submit``, default "Speichern");
    status 400 when the form was refused."""
    conflict = getattr(form, "conflict", None)
    refused = form.errors or form.form_errors or conflict is not None
    return render_template(
        "groups/form.html",
        form=form,
        title=title,
        group=group,
        intro=intro,
        submit=submit,
        conflict=conflict,
        stale_values=getattr(form, "stale_values", None),
    ), (400 if refused else 200)


def done(group, message: str, warnings: list[str] = (), **args):
    """Return the redirect to the group's page (``args``: its query, e.g. ``on``) after a
    save, with ``message`` and each warning the service returned flashed."""
    flash(message, "success")
    for warning in warnings:
        flash(warning, "warning")
    return redirect(url_for("groups.detail", group_id=group.id, **args))
