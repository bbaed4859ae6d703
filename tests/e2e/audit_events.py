"""Real audit events on the records the accessibility walk opens, so that its check for German
UI text on English pages reads summaries of every kind on the audit log and in the histories.

The demo data is inserted as rows, without events; these are written by the services that
write them in the app (create, send, consent, seat and membership, merge, export, erasure,
bulk action), plus one older event whose free-text summary is all there is.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def write_events(db, ids: dict) -> None:
    """Write one event of each kind about the walk's contact, organisation and group."""
    from crm.audit import services as audit
    from crm.contacts.consent import record_consent
    from crm.contacts.merge import merge_contacts
    from crm.contacts.models import Contact
    from crm.exports.filters import ContactFilter
    from crm.exports.operations import record_export
    from crm.groups.operations import add_membership, add_seat, create_group
    from crm.meetings import invitees
    from crm.meetings import operations as meetings
    from crm.models import Organisation, User
    from crm.privacy.erase import erase_contact
    from crm.tags.bulk import apply

    admin = db.session.get(User, ids["user"])
    person = db.session.get(Contact, ids["contact"])
    org = db.session.get(Organisation, ids["org"])
    group = create_group(name="AG Barrierefreiheit", kind="working_group")
    db.session.flush()
    add_seat(group, person, role="lead", starts_on=date(2026, 1, 1))
    add_membership(group, org, role="member", starts_on=date(2026, 1, 1))
    record_consent(person, "invitations", "given", source="form")
    start = datetime.now(UTC).replace(microsecond=0, second=0, minute=0) + timedelta(days=30)
    meeting = meetings.create_meeting(
        group, {"title": "Prüfung", "starts_at": start, "ends_at": start + timedelta(hours=2)}
    )
    db.session.flush()
    invitees.add_invitee(meeting, person)
    meetings.send_invitations(meeting)
    twin = Contact(first_name=person.first_name, last_name=person.last_name + "x")
    gone = Contact(first_name="Erika", last_name="Musterfrau")
    spare = Organisation(name="Zweckverband Probe", kind="other", state="SN")
    db.session.add_all([twin, gone, spare])
    db.session.flush()
    merge_contacts(person, twin, set())
    record_export("contacts", "csv", ContactFilter(), 12, user=admin)
    erase_contact(gone, "Art. 17", user=admin)
    apply("archive", [spare])
    audit.record("update", "organisations", org.id, summary="Alte Notiz geändert")
    db.session.commit()
