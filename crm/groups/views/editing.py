"""The one save-and-show path of every groups form: commit, or show why not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, flash, render_template, request
from sqlalchemy.orm.exc import StaleDataError

from crm.audit.conflicts import StaleEdit, base_form_on, prepare_retry
from crm.extensions import db
from crm.groups.rules import GroupError, fmt
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


def get_or_404(model, obj_id: int):
    """Return the row ``obj_id`` of ``model``, or answer 404."""
    return db.session.get(model, obj_id) or abort(404)


def locked(form, obj):
    """Return ``form`` for editing ``obj``; on the first GET it is based on ``obj`` as saved now."""
    if request.method == "GET":
        base_form_on(form, obj)
    return form


def period_values(form) -> dict:
    """Return the role, period and notes a membership or seat form holds, for the service."""
    return {
        "role": form.role.data,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "notes": form.notes.data,
    }


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
    """Return the result of ``action()``, committed, when the form was posted and valid; else None.

    A broken rule shows its message beside its field. A stale save (another person's change
    in between, seen by ``check_version`` or by the database on flush) is refused: the form
    shows what changed and the row as saved now, and carries its current version, so a
    second save is a deliberate one.
    """
    if not form.validate_on_submit():
        return None
    try:
        result = action()
        db.session.commit()
        return result
    except StaleEdit as exc:
        db.session.rollback()
        changes = exc.changes
    except StaleDataError:
        db.session.rollback()
        changes = []
    except GroupError as exc:
        db.session.rollback()
        field = getattr(form, exc.field, None) if exc.field else None
        if field is not None:
            field.errors = [*field.errors, str(exc)]
        else:
            form.form_errors.append(str(exc))
        return None
    db.session.refresh(obj)
    form.conflict = prepare_retry(form, obj, changes)
    form.stale_values = _current_values(form, obj)
    return None


def render_form(form, title: str, group, intro: str | None = None):
    """Return the groups form page; status 400 when the form was refused."""
    conflict = getattr(form, "conflict", None)
    refused = form.errors or form.form_errors or conflict is not None
    return render_template(
        "groups/form.html",
        form=form,
        title=title,
        group=group,
        intro=intro,
        conflict=conflict,
        stale_values=getattr(form, "stale_values", None),
    ), (400 if refused else 200)


def flash_warnings(warnings: list[str]) -> None:
    """Flash each warning a service returned beside its success."""
    for warning in warnings:
        flash(warning, "warning")
