"""Audit summaries in the reader's language: an event keeps a German msgid and its params,
and the audit log and the record histories translate them when they show them. Codes in the
params (a membership's role, a consent status) are shown by their labels; an older event's
free-text summary is shown as stored (and marked German)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from crm.audit import services as audit
from crm.audit.models import AuditEvent
from crm.extensions import db

START = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)

#: (German, English) summaries the events below write, one pair per kind of event
SUMMARIES = {
    "create": ("Sitzung angelegt: Klausur", "Meeting created: Klausur"),
    "send": ("Einladungen versendet: 1", "Invitations sent: 1"),
    "consent": ("Einwilligung Einladungen: erteilt", "Consent to invitations: given"),
    "membership": ("Stadt Halle → AG Verkehr (Mitglied)", "Stadt Halle → AG Verkehr (Member)"),
    "seat": ("Hans Hallenser → AG Verkehr (Leitung)", "Hans Hallenser → AG Verkehr (Lead)"),
    "export": ("Export Kontaktliste (csv): 12 Zeilen", "Export of a contact list (csv): 12 rows"),
    "erase": ("Person anonymisiert (Art. 17 DSGVO)", "Person anonymised (Art. 17 GDPR)"),
    "bulk": ("Sammelaktion: archiviert (1 Einträge)", "Bulk action: archived (1 entries)"),
}


@pytest.fixture
def events(app, make):
    """One event of each kind, written by the services that write them in the app."""
    from crm.contacts.consent import record_consent
    from crm.contacts.merge import merge_contacts
    from crm.exports.filters import ContactFilter
    from crm.exports.operations import record_export
    from crm.groups.operations import add_membership, add_seat
    from crm.meetings import invitees
    from crm.meetings import operations as meetings
    from crm.privacy.erase import erase_contact
    from crm.tags.bulk import apply

    admin = make.make_user(role="admin", email="chef@test.example")
    group = make.group("AG Verkehr")
    halle = make.organisation("Stadt Halle")
    hans = make.contact(first_name="Hans", last_name="Hallenser", email="hans@halle.test")
    twin = make.contact(first_name="Hans", last_name="Hallenserr")
    gone = make.contact(first_name="Erika", last_name="Weg")
    spare = make.organisation("Stadt Zeitz")
    meeting = meetings.create_meeting(
        group, {"title": "Klausur", "starts_at": START, "ends_at": START + timedelta(hours=2)}
    )
    add_seat(group, hans, role="lead", starts_on=date(2026, 1, 1))
    db.session.flush()
    invitees.add_invitee(meeting, hans)
    meetings.send_invitations(meeting)
    record_consent(hans, "invitations", "given", source="form")
    add_membership(group, halle, role="member", starts_on=date(2026, 1, 1))
    merge_contacts(hans, twin, set())
    record_export("contacts", "csv", ContactFilter(), 12, user=admin)
    erase_contact(gone, "Antrag der Person", user=admin)
    apply("archive", [spare])
    # an event from before messages: its free text is all there is
    audit.record("update", "organisations", halle.id, summary="Alte Notiz geändert")
    db.session.commit()
    merged = f"Hans Hallenserr (#{twin.id})"
    summaries = dict(SUMMARIES, merge=(f"{merged} übernommen", f"{merged} merged in"))
    return {"admin": admin, "hans": hans, "halle": halle, "summaries": summaries}


def _reader(app, lang: str):
    client = app.test_client()
    client.log_in("chef@test.example")
    client.get(f"/language/{lang}")
    return client


def _text(html: str) -> str:
    """The page's text outside the parts marked German (``lang="de"``), tags dropped."""
    html = re.sub(r'<span lang="de">.*?</span>', "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#34;", '"')


def test_events_keep_the_message_and_its_params(events):
    event = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "memberships", AuditEvent.action == "create"
        )
    )
    assert event.message == "%(organisation)s → %(group)s (%(role)s)"
    assert event.params == {"organisation": "Stadt Halle", "group": "AG Verkehr", "role": "member"}
    # the German text for search and erasure
    assert event.summary == "Stadt Halle → AG Verkehr (Mitglied)"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_audit_log_shows_every_summary_in_the_readers_language(app, events, lang):
    html = _reader(app, lang).get("/audit/?per_page=100").get_data(as_text=True)
    text = _text(html)
    mine, other = (1, 0) if lang == "en" else (0, 1)
    for kind, pair in events["summaries"].items():
        assert pair[mine] in text, (kind, pair[mine])
        assert pair[other] not in text, (kind, pair[other])
    # a login is there too, its action in the reader's language
    assert ("login succeeded" if lang == "en" else "Anmeldung erfolgreich") in text
    # the older event's free text, as stored and marked German
    assert '<span lang="de">Alte Notiz geändert</span>' in html


@pytest.mark.parametrize("lang", ["en", "de"])
def test_record_histories_show_summaries_in_the_readers_language(app, events, lang):
    reader = _reader(app, lang)
    person = _text(reader.get(f"/contacts/{events['hans'].id}").get_data(as_text=True))
    org = _text(reader.get(f"/organisations/{events['halle'].id}").get_data(as_text=True))
    mine, other = (1, 0) if lang == "en" else (0, 1)
    for kind, text in (("seat", person), ("membership", org)):
        assert SUMMARIES[kind][mine] in text, (kind, SUMMARIES[kind][mine])
        assert SUMMARIES[kind][other] not in text, (kind, SUMMARIES[kind][other])


def test_erasure_scrubs_the_names_in_a_summarys_params(app, events, make):
    from crm.privacy.erase import erase_contact

    hans = events["hans"]
    erase_contact(hans, "Antrag der Person", user=events["admin"])
    db.session.commit()
    invited = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.message == "Eingeladen: %(person)s")
    ).all()
    assert invited and all("Hallenser" not in str(e.params) for e in invited)
    assert all("Hallenser" not in (e.summary or "") for e in invited)
