"""The API's resources, one flask-smorest blueprint each, all set up alike."""

from crm.api.auth import authenticate_request, limiter, rate_limit
from crm.api.errors import register_rule_errors
from crm.api.views.groups import blp as groups
from crm.api.views.invitations import blp as invitations
from crm.api.views.lists import blp as lists
from crm.api.views.meetings import blp as meetings
from crm.api.views.organisations import blp as organisations
from crm.api.views.people import blp as people
from crm.extensions import csrf

BLUEPRINTS = (organisations, people, groups, meetings, invitations, lists)

_shared_limit = limiter.shared_limit(rate_limit, scope="api")
for _blp in BLUEPRINTS:
    # a token, not the login cookie, authenticates: no CSRF check is needed
    _blp.before_request(authenticate_request)
    register_rule_errors(_blp)
    csrf.exempt(_blp)
    _shared_limit(_blp)
