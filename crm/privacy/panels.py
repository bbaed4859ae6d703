"""What data protection adds to the person page: consent per purpose and the DSGVO actions."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from crm.auth.permissions import STAFF_ROLES
from crm.contacts.consent import (
    LEFT_OUT,
    PURPOSES,
    SOURCES,
    STATUSES,
    consent_history,
    unreachable_ids,
)
from crm.contacts.models import Contact
from crm.hooks import panel
from crm.privacy.forms import ConsentForm


def can_handle_privacy(user) -> bool:
    """Access reports, erasure and consent records: the secretariat and admins."""
    return bool(user and user.is_authenticated and user.role in STAFF_ROLES)


@panel("contact", order=90)
def privacy(contact: Contact, **ctx) -> str:
    """Return the person's consent per purpose with one-click withdraw, Auskunft, Löschen."""
    history = consent_history(contact)
    # what the rule makes of it: reachable, or left out and why (one query per purpose)
    effect = {p: unreachable_ids(p, [contact.id]).get(contact.id) for p in PURPOSES}
    current = {r.purpose: r for r in history if r.is_current}
    return render_template(
        "privacy/_contact_panel.html",
        contact=contact,
        purposes=PURPOSES,
        statuses=STATUSES,
        sources=SOURCES,
        current=current,
        effect=effect,
        left_out=LEFT_OUT,
        history=history,
        form=ConsentForm(),
        allowed=can_handle_privacy(current_user),
    )
