"""OParl 1.1 objects from the CRM's rows: the network is the Body, groups and member
organisations are Organizations, seats are Memberships (``onBehalfOf`` the organisation).

Persons carry names only, never contact data.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app, url_for

from crm.contacts.models import Contact
from crm.groups.models import Group, Seat
from crm.meetings.models import AgendaItem, Meeting
from crm.organisations.models import Organisation

SCHEMA = "https://schema.oparl.org/1.1/"
BODY_ID = 1

MEETING_STATES = {"scheduled": "terminiert", "held": "durchgeführt", "cancelled": "abgesagt"}


def url(endpoint: str, **values) -> str:
    return url_for(f"oparl.{endpoint}", _external=True, **values)


def _stamp(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clean(obj: dict) -> dict:
    """Drop empty values: OParl leaves out what is not known."""
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


def _times(row) -> dict:
    return {"created": _stamp(row.created_at), "modified": _stamp(row.updated_at)}


def system() -> dict:
    config = current_app.config
    return _clean(
        {
            "id": url("system"),
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "name": config["OPARL_BODY_NAME"],
            "contactEmail": config.get("OPARL_CONTACT_EMAIL"),
            "body": url("bodies"),
        }
    )


def body(created: datetime | None, modified: datetime | None) -> dict:
    config = current_app.config
    lists = {
        "organization": "organizations",
        "person": "persons",
        "meeting": "meetings",
        "paper": "papers",
        "agendaItem": "agenda_items",
        "membership": "memberships",
        "locationList": "locations",
    }
    obj = {
        "id": url("body", body_id=BODY_ID),
        "type": SCHEMA + "Body",
        "system": url("system"),
        "name": config["OPARL_BODY_NAME"],
        "shortName": config["OPARL_BODY_SHORT_NAME"],
        "contactEmail": config.get("OPARL_CONTACT_EMAIL"),
        **{key: url(endpoint, body_id=BODY_ID) for key, endpoint in lists.items()},
        "created": _stamp(created),
        "modified": _stamp(modified),
    }
    return {**_clean(obj), "legislativeTerm": []}


def _organization(key: str, record, organization_type: str, **more) -> dict:
    """An OParl Organization: a group (``group-<id>``) or a member (``org-<id>``)."""
    return _clean(
        {
            "id": url("organization", key=key),
            "type": SCHEMA + "Organization",
            "body": url("body", body_id=BODY_ID),
            "name": record.name,
            "shortName": record.short_name,
            "organizationType": organization_type,
            "classification": record.kind_label,
            **more,
            **_times(record),
        }
    )


def group_organization(group: Group, seat_ids: list[int]) -> dict:
    parent = url("organization", key=f"group-{group.parent_id}") if group.parent_id else None
    return _organization(
        f"group-{group.id}",
        group,
        "Gremium",
        startDate=_stamp(group.founded_on),
        endDate=_stamp(group.dissolved_on),
        subOrganizationOf=parent,
        membership=[url("membership", seat_id=sid) for sid in seat_ids],
    )


def member_organization(org: Organisation) -> dict:
    return _organization(f"org-{org.id}", org, "Mitgliedsorganisation", website=org.website)


def person(contact: Contact) -> dict:
    return _clean(
        {
            "id": url("person", contact_id=contact.id),
            "type": SCHEMA + "Person",
            "body": url("body", body_id=BODY_ID),
            "name": " ".join(
                p for p in (contact.title, contact.first_name, contact.last_name) if p
            ),
            "familyName": contact.last_name,
            "givenName": contact.first_name,
            "formOfAddress": contact.salutation,
            "title": [contact.title] if contact.title else [],
            "affix": contact.name_suffix,
            **_times(contact),
        }
    )


def membership(seat: Seat) -> dict:
    return _clean(
        {
            "id": url("membership", seat_id=seat.id),
            "type": SCHEMA + "Membership",
            "person": url("person", contact_id=seat.contact_id),
            "organization": url("organization", key=f"group-{seat.group_id}"),
            "role": seat.role_label,
            "votingRight": seat.role in ("lead", "deputy_lead", "delegate"),
            "startDate": _stamp(seat.starts_on),
            "endDate": _stamp(seat.ends_on),
            "onBehalfOf": (
                url("organization", key=f"org-{seat.organisation_id}")
                if seat.organisation_id
                else None
            ),
            **_times(seat),
        }
    )


def location(meeting: Meeting) -> dict:
    return _clean(
        {
            "id": url("location", meeting_id=meeting.id),
            "type": SCHEMA + "Location",
            "description": meeting.location,
            "meetings": [url("meeting", meeting_id=meeting.id)],
            **_times(meeting),
        }
    )


def agenda_item(item: AgendaItem) -> dict:
    return _clean(
        {
            "id": url("agenda_item", item_id=item.id),
            "type": SCHEMA + "AgendaItem",
            "meeting": url("meeting", meeting_id=item.meeting_id),
            "number": str(item.position),
            "order": item.position,
            "name": item.title,
            "public": True,
            **_times(item),
        }
    )


def meeting(meeting: Meeting, participant_ids: list[int]) -> dict:
    """Return a Meeting; participants only once it was held (and only published people)."""
    held = meeting.status == "held"
    return _clean(
        {
            "id": url("meeting", meeting_id=meeting.id),
            "type": SCHEMA + "Meeting",
            "name": meeting.title,
            "meetingState": MEETING_STATES.get(meeting.status),
            "cancelled": meeting.status == "cancelled",
            "start": _stamp(meeting.starts_at),
            "end": _stamp(meeting.ends_at),
            "location": location(meeting) if meeting.location else None,
            "organization": [url("organization", key=f"group-{meeting.group_id}")],
            "participant": [url("person", contact_id=c) for c in participant_ids] if held else [],
            "agendaItem": [agenda_item(i) for i in meeting.agenda_items],
            **_times(meeting),
        }
    )
