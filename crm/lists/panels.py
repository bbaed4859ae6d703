"""What lists contributes to other pages: the group page's "Kontaktliste" button."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from crm.auth.permissions import can_export_personal_data
from crm.hooks import panel


@panel("group", order=5)
def contact_list_button(group, **ctx) -> str:
    """Return a button that opens the list builder on the group's current members."""
    if not can_export_personal_data(current_user):
        return ""
    href = url_for("exports.index", group=group.id)
    label = escape(_("Kontaktliste"))
    return Markup(
        f'<p class="mb-3"><a class="btn btn-sm btn-outline-primary" id="group-contact-list" '
        f'href="{escape(href)}">{label}</a></p>'
    )
