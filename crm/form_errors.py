"""The error summary of a refused form (WCAG 3.3.1): every error, each a link to its field.

``base.html`` asks ``refused_form_errors()`` for the errors of every form the page was rendered
with, so each refused form gets the summary at the top of the page, focus moved to it
(``app.js``) and "Fehler: " in the page title, without each template doing anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import pass_context
from wtforms import Form
from wtforms.fields import FieldList, FormField


@dataclass(frozen=True)
class FieldError:
    """One entry of the summary: the field's id (None for a form-wide error), label, message."""

    field_id: str | None
    label: str
    message: str


def _field_errors(field) -> list[FieldError]:
    if isinstance(field, (FormField, FieldList)):
        return [e for sub in field for e in _field_errors(sub)]
    if field.type in ("CSRFTokenField", "HiddenField"):
        # a hidden field has nothing to jump to: its message stands without a link
        return [FieldError(None, "", str(m)) for m in field.errors]
    label = field.label.text if field.label else field.name
    # messages are often lazy strings; nested structures belong to the subfields above
    return [
        FieldError(field.id, str(label), str(m))
        for m in field.errors
        if not isinstance(m, (dict, list, tuple))
    ]


def form_errors(form: Form) -> list[FieldError]:
    """The errors of one validated form, in field order, form-wide errors first."""
    entries = [FieldError(None, "", str(m)) for m in getattr(form, "form_errors", [])]
    for field in form:
        entries.extend(_field_errors(field))
    return entries


@pass_context
def refused_form_errors(context) -> list[FieldError]:
    """The errors of every form in the template's context (empty when none was refused)."""
    seen: set[int] = set()
    entries: list[FieldError] = []
    for value in context.get_all().values():
        if isinstance(value, Form) and id(value) not in seen and value.errors:
            seen.add(id(value))
            entries.extend(form_errors(value))
    return entries
