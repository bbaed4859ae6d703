"""The export builder counts a long list only up to ``COUNT_CAP`` and finds the people it
leaves out through indexes, without working out a reason for everyone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest


@pytest.fixture
def cap(app):
    old = app.config["COUNT_CAP"]
    app.config["COUNT_CAP"] = 20
    yield 20
    app.config["COUNT_CAP"] = old


def test_a_long_list_says_more_than_the_cap_and_still_names_who_is_left_out(
    client, login_as, make, count_queries, cap
):
    login_as("secretariat")
    org = make.organisation("Stadt Gera", state="TH")
    for i in range(30):
        make.contact(f"Person{i:02d}", organisation=org, email=f"p{i}@gera.example")
    make.contact("Gesperrt", organisation=org, is_no_contact=True)
    make.contact("Zurueck", organisation=org, consent_withdrawn_at=datetime(2026, 1, 1, tzinfo=UTC))
    make.contact("Basis", organisation=org, legal_basis="consent")
    with count_queries() as queries:
        html = client.get("/exports/").get_data(as_text=True)
    assert "Mehr als 20 Personen" in html
    assert "3 Personen ausgelassen (Datenschutz):" in html
    assert "1 × möchte nicht kontaktiert werden" in html
    assert "1 × Einwilligung widerrufen" in html and "1 × keine Einwilligung" in html
    # the left-out count reads the candidates (a UNION through indexes), not every person
    left_out = [s for s, _ in queries if "GROUP BY" in s.upper() and "UNION" in s.upper()]
    assert len(left_out) == 1
    # the file still holds everyone reachable
    body = client.get("/exports/contacts/csv").get_data(as_text=True)
    assert len(body.strip().splitlines()) == 31


def test_more_left_out_than_the_cap_says_so(client, login_as, make, cap):
    login_as("secretariat")
    org = make.organisation("Stadt Gera", state="TH")
    for i in range(25):
        make.contact(f"Gesperrt{i:02d}", organisation=org, is_no_contact=True)
    html = client.get("/exports/").get_data(as_text=True)
    assert "0 Personen" in html
    assert "Mehr als 20 Personen ausgelassen (Datenschutz), darunter:" in html
