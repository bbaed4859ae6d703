"""What people add to an organisation's page: the people affiliated with it."""

from __future__ import annotations

from flask import render_template

from crm.contacts.queries import organisation_affiliations, organisation_affiliations_keyset
from crm.extensions import db
from crm.hooks import panel
from crm.organisations.models import Organisation
from crm.pagination import sublist


@panel("organisation", order=10)
def people(org: Organisation, **ctx) -> str:
    """Return the organisation's people (current affiliations first)."""
    return render_template(
        "contacts/_panel_organisation_people.html",
        org=org,
        affiliations=sublist(
            db.session,
            organisation_affiliations(org),
            "people_page",
            keyset=organisation_affiliations_keyset(),
        ),
    )
