"""Groups, memberships and seats."""

from flask import Blueprint

bp = Blueprint("groups", __name__, url_prefix="/groups")


@bp.record_once
def _offer_sections(state) -> None:
    """Offer the groups sections of organisation and person pages to every template.

    ``templates/groups/_organisation_groups.html`` and ``_contact_seats.html`` call these;
    registered with the blueprint, not as a side effect of importing a module.
    """
    state.app.add_template_global(queries.organisation_groups, "organisation_groups")
    state.app.add_template_global(queries.contact_seats, "contact_seats")


from crm.groups import queries, views  # noqa: E402,F401
