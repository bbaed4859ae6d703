"""Every model class in one namespace, for Alembic, ``flask shell`` and scripts."""

from crm.aggregates import write_stamps
from crm.audit.models import AuditEvent
from crm.auth.models import ApiToken, LoginAttempt, RecoveryCode, User, UserSession, user_groups
from crm.circulars.models import Circular, CircularAttachment
from crm.contacts.consent import ConsentRecord
from crm.contacts.models import Affiliation, Contact
from crm.exports.models import PreparedFile
from crm.feeds.models import CalendarFeed
from crm.groups.models import Group, Membership, Seat
from crm.lists.models import SavedList
from crm.mail.models import OutboxMail
from crm.meetings.models import (
    AgendaItem,
    Attachment,
    DateOption,
    Invitation,
    Meeting,
    Vote,
)
from crm.organisations.models import Organisation
from crm.privacy.models import Erasure, RetentionHold
from crm.tags.models import Tag, contact_tags, organisation_tags

__all__ = [
    "Affiliation",
    "AgendaItem",
    "ApiToken",
    "Attachment",
    "AuditEvent",
    "CalendarFeed",
    "Circular",
    "CircularAttachment",
    "ConsentRecord",
    "Contact",
    "DateOption",
    "Group",
    "Invitation",
    "LoginAttempt",
    "Meeting",
    "SavedList",
    "Membership",
    "Organisation",
    "RecoveryCode",
    "Erasure",
    "RetentionHold",
    "OutboxMail",
    "PreparedFile",
    "Seat",
    "Tag",
    "User",
    "UserSession",
    "Vote",
    "write_stamps",
    "contact_tags",
    "organisation_tags",
    "user_groups",
]
