"""The groups pages: the list and a group's page, then one module per kind of row edited."""

from crm.groups.views import groups, memberships, seats  # noqa: F401
