"""The schemas of saved distribution lists: their filters, and the people a list gives."""

from __future__ import annotations

from urllib.parse import parse_qsl

import marshmallow as ma
from marshmallow import fields, validate
from werkzeug.datastructures import MultiDict

from crm.api.schemas import PageArgs, Record, Schema, _code, _id, _text
from crm.exports.columns import CONTACT_COLUMNS, DEFAULT_COLUMNS
from crm.exports.filters import ContactFilter
from crm.groups.models import KINDS as GROUP_KINDS
from crm.groups.models import SEAT_ROLES
from crm.organisations.models import KINDS, STATES


def _codes(codes, **kwargs) -> fields.List:
    return fields.List(_code(codes), validate=validate.Length(max=len(codes)), **kwargs)


def _ids() -> fields.List:
    return fields.List(_id(), load_default=list, validate=validate.Length(max=500))


class ListFilters(Schema):
    """The list builder's filters (``/exports/``): who is on the list on a given day."""

    groups = _ids()
    group_kinds = _codes(GROUP_KINDS, load_default=list)
    seat_roles = _codes(SEAT_ROLES, load_default=list)
    kinds = _codes(KINDS, load_default=list, metadata={"description": "of the organisation"})
    states = _codes(STATES, load_default=list, metadata={"description": "of the organisation"})
    tags = _ids()
    #: count deputies' seats when filtering by group
    deputies = fields.Boolean(load_default=True)
    include_archived = fields.Boolean(load_default=False)
    #: keep people marked "no contact" or whose consent was withdrawn
    include_blocked = fields.Boolean(load_default=False)
    columns = _codes(CONTACT_COLUMNS, load_default=list(DEFAULT_COLUMNS))


class SavedList(Record):
    """A saved distribution list: the builder's filters under a name, run as of any day."""

    name = _text(150, required=True)
    shared = fields.Boolean(
        load_default=False, metadata={"description": "run by the secretariat too"}
    )
    owner_id = fields.Integer(dump_only=True, allow_none=True)
    filters = fields.Nested(ListFilters, load_default=dict)

    @ma.pre_dump
    def _filters(self, saved, **kwargs) -> dict:
        flt = ContactFilter.from_args(MultiDict(parse_qsl(saved.query)))
        names = ListFilters().fields
        return {
            **{n: getattr(saved, n) for n in self.fields if n != "filters"},
            "filters": {n: getattr(flt, n) for n in names},
        }


class ListEntryArgs(PageArgs):
    as_of = fields.Date(load_default=None, metadata={"description": "default: today"})


class ListEntry(Schema):
    """A person on a list, with their current affiliation's organisation and address."""

    id = fields.Integer(required=True)
    salutation = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    first_name = fields.String(allow_none=True)
    last_name = fields.String()
    name_suffix = fields.String(allow_none=True)
    organisation = fields.String(allow_none=True)
    department = fields.String(allow_none=True)
    job_title = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    street = fields.String(allow_none=True)
    postal_code = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    kind = fields.String(allow_none=True)
    state = fields.String(allow_none=True)
