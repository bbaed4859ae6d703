"""The schemas that validate API requests, shape responses and make the OpenAPI document.

Codes are the stored English ones (DESIGN.md). Personal contact data (a person's private
e-mail and phone, business e-mail and phone of affiliations, notes and data protection
fields) is dumped only for roles that may export personal data
(``crm.auth.permissions.can_export_personal_data``); other tokens see names and roles.
"""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from marshmallow import fields, validate

from crm.auth.permissions import can_export_personal_data
from crm.contacts.models import LEGAL_BASES, SALUTATIONS
from crm.contacts.operations import PERSONAL_FIELDS
from crm.fields import MULTI_LINE_MESSAGE, MULTI_LINE_PATTERN, ONE_LINE_MESSAGE, ONE_LINE_PATTERN
from crm.groups.models import KINDS as GROUP_KINDS
from crm.groups.models import MEMBERSHIP_ROLES, SEAT_ROLES
from crm.meetings.models import ATTENDANCE, RSVPS, STATUSES
from crm.meetings.rsvp import RSVP_CHOICES
from crm.meetings.rules import DEFAULT_INVITEE_ROLES
from crm.organisations.models import KINDS, STATES
from crm.pagination import MAX_ID


class WholeNumber(fields.Integer):
    """A JSON integer: 12 or 12.0 (JSON Schema's integers), never "12", 12.5 or true."""

    def _validated(self, value):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


def _id(strict: bool = True, **kwargs) -> fields.Integer:
    """Return an id field: a JSON integer in bodies, a number in the query string."""
    field = WholeNumber if strict else fields.Integer
    return field(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def _text(
    length: int, required: bool = False, nonempty: bool | None = None, **kwargs
) -> fields.String:
    """Return a one-line text field (a name, a title): no control characters, at most
    ``length`` characters and, when ``nonempty`` (default: when ``required``), at least one."""
    nonempty = required if nonempty is None else nonempty
    return fields.String(
        required=required,
        validate=[
            validate.Length(min=1 if nonempty else None, max=length),
            validate.Regexp(ONE_LINE_PATTERN, error=ONE_LINE_MESSAGE),
        ],
        **kwargs,
    )


def _prose(length: int = 20000, **kwargs) -> fields.String:
    """Return a multi-line text field (notes, a description): line breaks and tabs, no other
    control character."""
    return fields.String(
        allow_none=True,
        validate=[
            validate.Length(max=length),
            validate.Regexp(MULTI_LINE_PATTERN, error=MULTI_LINE_MESSAGE),
        ],
        **kwargs,
    )


#: explicit ranges rather than \s, which Python and JSON Schema (ECMA) read differently
EMAIL_PATTERN = r"^[^@\x00-\x20]+@[^@\x00-\x20]+\.[^@\x00-\x20.]+$"


def _email(**kwargs) -> fields.String:
    # a pattern, not marshmallow's Email: it goes into the OpenAPI document as it is checked
    return fields.String(
        validate=[validate.Length(max=254), validate.Regexp(EMAIL_PATTERN)],
        allow_none=True,
        **kwargs,
    )


def _code(codes, **kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf(list(codes)), **kwargs)


class Schema(ma.Schema):
    class Meta:
        ordered = True


class Record(Schema):
    """What every record has."""

    id = fields.Integer(dump_only=True, required=True)
    created_at = fields.AwareDateTime(dump_only=True, required=True)
    updated_at = fields.AwareDateTime(dump_only=True, required=True)


class Versioned(Record):
    #: the optimistic-lock version; the ETag carries it too
    version = fields.Integer(dump_only=True, required=True)


class PersonalData(Schema):
    """A schema with fields only roles that may export personal data see."""

    PERSONAL: tuple[str, ...] = ()

    @ma.post_dump
    def _drop_personal(self, data: dict, **kwargs) -> dict:
        if not can_export_personal_data(current_user):
            for name in self.PERSONAL:
                data.pop(name, None)
        return data


# --- query parameters ---------------------------------------------------------------------


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_ID))
    per_page = fields.Integer(load_default=25, validate=validate.OneOf([25, 50, 100]))


class SearchArgs(PageArgs):
    #: forgiving search as in the UI: case, umlauts and ß do not matter
    q = _text(200, load_default=None)


class OrganisationArgs(SearchArgs):
    kind = _code(KINDS, load_default=None)
    state = _code(STATES, load_default=None)
    group = _id(
        strict=False, load_default=None, metadata={"description": "member of this group on as_of"}
    )
    as_of = fields.Date(load_default=None)
    archived = fields.Boolean(load_default=False)


class PersonArgs(SearchArgs):
    organisation = _id(strict=False, load_default=None)
    kind = _code(KINDS, load_default=None, metadata={"description": "of the organisation"})
    state = _code(STATES, load_default=None, metadata={"description": "of the organisation"})
    group = _id(strict=False, load_default=None, metadata={"description": "holds a seat on as_of"})
    role = _code(SEAT_ROLES, load_default=None)
    as_of = fields.Date(load_default=None)
    archived = fields.Boolean(load_default=False)


class GroupArgs(SearchArgs):
    kind = _code(GROUP_KINDS, load_default=None)
    as_of = fields.Date(load_default=None)
    dissolved = fields.Boolean(load_default=False)


class CompositionArgs(PageArgs):
    """Who belongs to groups on a day: memberships or seats current on ``as_of``."""

    as_of = fields.Date(load_default=None, metadata={"description": "default: today"})
    group = _id(strict=False, load_default=None)
    group_kind = _code(GROUP_KINDS, load_default=None)
    kind = _code(KINDS, load_default=None, metadata={"description": "of the organisation"})
    state = _code(STATES, load_default=None, metadata={"description": "of the organisation"})


class MembershipArgs(CompositionArgs):
    role = _code(MEMBERSHIP_ROLES, load_default=None)


class SeatArgs(CompositionArgs):
    role = _code(SEAT_ROLES, load_default=None)


class MeetingArgs(SearchArgs):
    group = _id(strict=False, load_default=None)
    status = _code(STATUSES, load_default=None)
    when = _code(("upcoming", "past", "all"), load_default="all")


# --- organisations ------------------------------------------------------------------------


class Tag(Schema):
    name = fields.String()


class Organisation(Versioned):
    name = _text(200, required=True)
    short_name = _text(60, allow_none=True)
    kind = _code(KINDS, required=True)
    state = _code(STATES, required=True)
    parent_id = _id(allow_none=True)
    street = _text(200, allow_none=True)
    postal_code = _text(10, allow_none=True)
    city = _text(100, allow_none=True)
    website = _text(300, allow_none=True)
    email = _email()
    phone = _text(50, allow_none=True)
    notes = _prose()
    tags = fields.List(fields.Pluck(Tag, "name"), dump_only=True)
    archived_at = fields.AwareDateTime(dump_only=True, allow_none=True)


class OrganisationEnd(Schema):
    """Archive (``archived: true``) or restore an organisation."""

    archived = fields.Boolean(required=True)


# --- people and affiliations --------------------------------------------------------------


class Affiliation(PersonalData, Versioned):
    PERSONAL = ("email", "phone")

    contact_id = fields.Integer(dump_only=True, required=True)
    organisation_id = _id(required=True)
    organisation_name = fields.String(attribute="organisation.name", dump_only=True)
    job_title = _text(150, allow_none=True)
    department = _text(150, allow_none=True)
    email = _email()
    phone = _text(50, allow_none=True)
    is_primary = fields.Boolean(load_default=False)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)


class AffiliationEnd(Schema):
    ends_on = fields.Date(required=True)


class Person(PersonalData, Versioned):
    PERSONAL = PERSONAL_FIELDS

    salutation = _code(SALUTATIONS, load_default="")
    title = _text(50, allow_none=True)
    first_name = _text(100, allow_none=True)
    last_name = _text(100, required=True)
    name_suffix = _text(50, allow_none=True)
    full_name = fields.String(dump_only=True)
    letter_salutation = fields.String(dump_only=True)
    email = _email()
    phone = _text(50, allow_none=True)
    notes = _prose()
    legal_basis = _code(LEGAL_BASES, load_default="legitimate_interest")
    consent_given_at = fields.AwareDateTime(allow_none=True)
    consent_source = _text(200, allow_none=True)
    consent_withdrawn_at = fields.AwareDateTime(allow_none=True)
    is_no_contact = fields.Boolean(load_default=False)
    archived_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    affiliations = fields.List(fields.Nested(Affiliation), dump_only=True)


class PersonEnd(Schema):
    """Archive (``archived: true``) or restore a person."""

    archived = fields.Boolean(required=True)


# --- groups, memberships, seats -----------------------------------------------------------


class Group(Versioned):
    kind = _code(GROUP_KINDS, required=True)
    name = _text(200, required=True)
    short_name = _text(60, allow_none=True)
    description = _prose()
    founded_on = fields.Date(allow_none=True)
    dissolved_on = fields.Date(dump_only=True, allow_none=True)
    parent_id = _id(allow_none=True)


class Membership(Versioned):
    group_id = fields.Integer(dump_only=True, required=True)
    organisation_id = _id(required=True)
    organisation_name = fields.String(attribute="organisation.name", dump_only=True)
    role = _code(MEMBERSHIP_ROLES, load_default="member")
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(allow_none=True)
    notes = _prose()


class Seat(Versioned):
    group_id = fields.Integer(dump_only=True, required=True)
    contact_id = _id(required=True)
    contact_name = fields.String(attribute="contact.full_name", dump_only=True)
    role = _code(SEAT_ROLES, load_default="delegate")
    organisation_id = _id(allow_none=True)
    organisation_name = fields.String(attribute="organisation.name", dump_only=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(allow_none=True)
    notes = _prose()


class PeriodEnd(Schema):
    """End a membership or seat on ``ends_on`` (its last day); the row is kept."""

    ends_on = fields.Date(required=True)


# --- meetings -----------------------------------------------------------------------------


class AgendaItem(Record):
    position = fields.Integer(dump_only=True)
    title = _text(300, required=True)
    description = _prose()
    duration_minutes = WholeNumber(allow_none=True, validate=validate.Range(min=1, max=1440))


class Invitation(PersonalData, Versioned):
    """A person invited to a meeting; the personal link's secret is never shown."""

    PERSONAL = ("comment",)

    meeting_id = fields.Integer(dump_only=True)
    contact_id = _id(required=True, metadata={"description": "a person with a seat in the group"})
    contact_name = fields.String(attribute="contact.full_name", dump_only=True)
    organisation_id = fields.Integer(dump_only=True, allow_none=True)
    substitute_for_id = fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "stands in for this invitation"}
    )
    rsvp = _code(RSVPS, dump_only=True)
    attended = _code(ATTENDANCE, dump_only=True)
    responded_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    sent_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    comment = fields.String(dump_only=True, allow_none=True)


class InvitationUpdate(Schema):
    """An answer given by phone or in person, and after the meeting whether they attended."""

    rsvp = _code(RSVP_CHOICES)
    attended = _code(ATTENDANCE)


class InviteSeats(Schema):
    """Invite the holders of the group's seats with these roles (as of the meeting day)."""

    roles = fields.List(
        _code(SEAT_ROLES),
        load_default=list(DEFAULT_INVITEE_ROLES),
        validate=validate.Length(min=1, max=len(SEAT_ROLES)),
    )


class InvitationArgs(PageArgs):
    rsvp = _code(RSVPS, load_default=None)
    attended = _code(ATTENDANCE, load_default=None)


class Meeting(Versioned):
    group_id = _id(required=True)
    title = _text(200, required=True)
    status = _code(STATUSES, dump_only=True)
    starts_at = fields.AwareDateTime(allow_none=True)
    ends_at = fields.AwareDateTime(allow_none=True)
    location = _text(300, allow_none=True)
    online_url = _text(500, allow_none=True)
    description = _prose()
    uid = fields.String(dump_only=True)
    sequence = fields.Integer(dump_only=True)


class MeetingDetail(Meeting):
    agenda_items = fields.List(fields.Nested(AgendaItem), dump_only=True)
    invitations = fields.List(fields.Nested(Invitation), dump_only=True)


class MeetingUpdate(Schema):
    title = _text(200, nonempty=True)
    starts_at = fields.AwareDateTime(allow_none=True)
    ends_at = fields.AwareDateTime(allow_none=True)
    location = _text(300, allow_none=True)
    online_url = _text(500, allow_none=True)
    description = _prose()


class Problem(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict()
