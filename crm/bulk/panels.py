"""What bulk contributes to the list pages: the bar above the table (``_bar.html``)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from crm.bulk import actions
from crm.forms import ConfirmForm
from crm.hooks import panel
from crm.organisations.queries import all_tags


def _bar(kind: str, page) -> str:
    allowed = actions.allowed(current_user, kind)
    if not allowed:
        return ""
    return render_template(
        "bulk/_bar.html",
        bulk_url=url_for("bulk.run", kind=kind),
        bulk_actions={code: a.label for code, a in allowed.items()},
        tag_actions=[code for code, a in allowed.items() if not a.step],
        page=page,
        tags=all_tags(),
        action_form=ConfirmForm(),
    )


@panel("contact_list", order=10)
def contact_bar(page, **ctx) -> str:
    """Return the bulk bar of the people list."""
    return _bar("contacts", page)


@panel("organisation_list", order=10)
def organisation_bar(page, **ctx) -> str:
    """Return the bulk bar of the organisation list."""
    return _bar("organisations", page)
