"""Consent per purpose: the one rule every list and mail path asks, its history and merges."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import sqlalchemy as sa

from crm.audit.models import AuditEvent
from crm.contacts.consent import (
    ConsentRecord,
    consent_history,
    current_consents,
    is_reachable,
    left_out_counts,
    reachable,
    record_consent,
    withdraw,
)
from crm.contacts.merge import merge_contacts
from crm.contacts.models import Contact
from crm.mail.models import OutboxMail


def _reachable_names(db, purpose: str) -> list[str]:
    stmt = sa.select(Contact.last_name).where(reachable(purpose)).order_by(Contact.last_name)
    return list(db.session.scalars(stmt))


def test_rule_per_purpose_and_legal_basis(app, db, make):
    make.contact("Normal")
    make.contact("Gesperrt", is_no_contact=True)
    nein = make.contact("Widerspruch")
    make.contact("OhneEinwilligung", legal_basis="consent")
    ja = make.contact("MitEinwilligung", legal_basis="consent")
    make.contact(
        "Allgemein",
        legal_basis="consent",
        consent_given_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    withdraw(nein, "circulars")
    record_consent(ja, "circulars", "given", source="email")
    db.session.commit()

    assert _reachable_names(db, "circulars") == ["Allgemein", "MitEinwilligung", "Normal"]
    # the objection was to circulars only: invitations still reach her
    assert "Widerspruch" in _reachable_names(db, "invitations")
    assert "MitEinwilligung" not in _reachable_names(db, "invitations")
    # publication always needs consent
    assert _reachable_names(db, "publication") == ["Allgemein"]

    ids = sa.select(Contact.id)
    assert left_out_counts("circulars", ids) == {
        "no_contact": 1,
        "withdrawn": 1,
        "no_consent": 1,
    }


def test_circulars_on_consent_basis_need_opt_in(app, db, make):
    make.contact("Normal")
    ja = make.contact("Angemeldet")
    record_consent(ja, "circulars", "given", source="form")
    db.session.commit()
    app.config["PRIVACY_CIRCULARS_BASIS"] = "consent"
    try:
        assert _reachable_names(db, "circulars") == ["Angemeldet"]
    finally:
        app.config["PRIVACY_CIRCULARS_BASIS"] = "legitimate_interest"
    assert _reachable_names(db, "circulars") == ["Angemeldet", "Normal"]


def test_history_keeps_every_record_and_the_newest_counts(app, db, make):
    user = make.user(role="secretariat")
    person = make.contact("Wechsel")
    record_consent(
        person,
        "circulars",
        "given",
        source="phone",
        at=datetime(2025, 3, 1, tzinfo=UTC),
        note="Anruf",
        user=user,
    )
    db.session.commit()
    assert is_reachable(person, "circulars")
    withdraw(person, "circulars", source="email", user=user)
    db.session.commit()
    assert not is_reachable(person, "circulars")
    history = consent_history(person)
    assert [(r.status, r.source, r.is_current) for r in history] == [
        ("withdrawn", "email", True),
        ("given", "phone", False),
    ]
    assert all(r.recorded_by_id == user.id for r in history)
    assert current_consents(person)["circulars"].status == "withdrawn"
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_id == person.id).order_by(AuditEvent.id)
    ).all()
    assert [e.changes for e in events] == [
        {"consent_circulars": [None, "given"]},
        {"consent_circulars": ["given", "withdrawn"]},
    ]


def test_merge_moves_records_and_a_withdrawal_wins(app, db, make):
    kept = make.contact("Behalten")
    merged = make.contact("Doppelt")
    record_consent(kept, "circulars", "given", source="form")
    withdraw(merged, "circulars", source="email", user=None)
    record_consent(merged, "publication", "given", source="form")
    db.session.commit()
    merge_contacts(kept, merged, set())
    db.session.commit()
    rows = db.session.scalars(sa.select(ConsentRecord)).all()
    assert {r.contact_id for r in rows} == {kept.id}
    current = current_consents(kept)
    assert current["circulars"].status == "withdrawn"
    assert current["publication"].status == "given"
    assert not is_reachable(kept, "circulars")


def test_export_builder_leaves_out_and_says_how_many_and_why(client, login_as, make, db):
    login_as("secretariat")
    org = make.organisation("Stadt Gera", state="TH")
    make.contact("Bleibt", organisation=org, email="b@gera.example")
    make.contact("Gesperrt", organisation=org, email="g@gera.example", is_no_contact=True)
    nein = make.contact("Widerruf", organisation=org, email="w@gera.example")
    withdraw(nein, "circulars")
    db.session.commit()

    html = client.get("/exports/").get_data(as_text=True)
    assert "1 Person" in html
    assert "2 Personen ausgelassen (Datenschutz):" in html
    assert "1 × möchte nicht kontaktiert werden" in html
    assert "1 × Einwilligung widerrufen" in html
    body = client.get("/exports/contacts/csv").get_data(as_text=True)
    names = [r["Nachname"] for r in csv.DictReader(io.StringIO(body))]
    assert names == ["Bleibt"]
    dist = client.get("/exports/distribution").get_data(as_text=True)
    assert "b@gera.example" in dist and "w@gera.example" not in dist
    assert "Anna Widerruf" in dist and "Einwilligung widerrufen" in dist
    # kept on purpose: then nobody is said to be left out
    html = client.get("/exports/?blocked=in").get_data(as_text=True)
    assert "3 Personen" in html and "ausgelassen (Datenschutz)" not in html


def test_invitation_mail_respects_an_objection(client, login_as, make, db):
    login_as("secretariat")
    group = make.group("AG Test Einladung")
    meeting = make.meeting(group, status="draft")
    org = make.organisation("Stadt Zeitz")
    ok = make.contact("Eingeladen", organisation=org, email="e@zeitz.example")
    nein = make.contact("Einspruch", organisation=org, email="x@zeitz.example")
    for person in (ok, nein):
        make.invitation(meeting, person)
    withdraw(nein, "invitations")
    db.session.commit()
    response = client.post_form(f"/meetings/{meeting.id}/send")
    assert response.status_code == 303
    assert list(db.session.scalars(sa.select(OutboxMail.to_address))) == ["e@zeitz.example"]
