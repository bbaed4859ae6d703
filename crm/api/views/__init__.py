"""The API's resources, one flask-smorest blueprint each."""

from crm.api.views.groups import blp as groups
from crm.api.views.meetings import blp as meetings
from crm.api.views.organisations import blp as organisations
from crm.api.views.people import blp as people

BLUEPRINTS = (organisations, people, groups, meetings)
