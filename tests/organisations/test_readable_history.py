"""Histories in words: codes, yes/no, field names and times as people read them; an
organisation's history includes its memberships and delegates (issue 15, point 5)."""

import re
from datetime import UTC, datetime

from crm.audit import services as audit
from crm.extensions import db as _db
from crm.models import Organisation


def _history(html: str) -> str:
    start = html.index('aria-label="Änderungsverlauf"')
    return html[start : html.index("</table>", start)]


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def test_an_organisations_history_speaks_german_and_shows_its_memberships(
    client, login_as, make, db
):
    login_as("secretariat")
    data = {"name": "Landkreis Saalekreis", "kind": "district", "state": "ST", "tags": ""}
    response = client.post_form("/organisations/new", data)
    assert response.status_code == 302
    org_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    org = db.session.get(Organisation, org_id)
    group = make.group("AG Verkehr")
    membership = make.membership(org, group)
    audit.record_create(membership, summary="Landkreis Saalekreis → AG Verkehr")
    delegate = make.seat(make.contact("Brandt"), group, organisation=org)
    audit.record_create(delegate, summary="Brandt → AG Verkehr")
    _db.session.commit()
    history = _text(_history(client.get(f"/organisations/{org_id}").get_data(as_text=True)))
    assert "Landkreis" in history and "Sachsen-Anhalt" in history
    for internal in ("district", " ST ", "sort_key", "phonetic_key", "kind", "state"):
        assert internal not in history, internal
    assert "Art" in history and "Bundesland" in history
    # its memberships' and delegates' changes, with names instead of ids
    assert "Mitgliedschaft angelegt" in history and "Mandat angelegt" in history
    assert "AG Verkehr" in history and "Brandt" in history
    assert "Mitglied" in history and "Vertreter/in" in history
    assert "group_id" not in history and "organisation_id" not in history


def test_a_persons_history_shows_words_for_codes_booleans_and_berlin_times(
    client, login_as, make, db
):
    person = make.contact("Weber")
    before = audit.snapshot(person)
    person.legal_basis = "consent" if person.legal_basis != "consent" else "public_task"
    person.is_no_contact = True
    person.consent_given_at = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    audit.record_update(person, before)
    _db.session.commit()
    login_as("secretariat")
    history = _text(_history(client.get(f"/contacts/{person.id}").get_data(as_text=True)))
    assert "Rechtsgrundlage" in history and "DSGVO" in history
    assert "legal_basis" not in history and "legitimate_interest" not in history
    assert "Keine Kontaktaufnahme" in history and "nein → ja" in history
    assert "True" not in history and "False" not in history
    assert "01.07.2026, 12:30" in history  # 10:30 UTC is 12:30 in Leipzig in summer
    assert "2026-07-01" not in history


def test_histories_are_english_in_english(client, login_as, make, db):
    person = make.contact("Weber")
    before = audit.snapshot(person)
    person.is_no_contact = True
    audit.record_update(person, before)
    _db.session.commit()
    login_as("secretariat")
    client.get("/language/en")
    html = client.get(f"/contacts/{person.id}").get_data(as_text=True)
    start = html.index('aria-label="Change history"')
    history = _text(html[start : html.index("</table>", start)])
    assert "no → yes" in history
