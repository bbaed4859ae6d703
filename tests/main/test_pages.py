"""Dashboard, health check, error pages, language switch and the navigation per role."""

from datetime import date

import pytest
import sqlalchemy as sa

from config import TestConfig
from crm import create_app

NAV = [
    "/",
    "/organisations/",
    "/contacts/",
    "/reports/",
    "/groups/",
    "/meetings/",
    "/exports/",
    "/imports/",
    "/search?q=leipzig",
]


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_is_unreachable():
    class Down(TestConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:1/none"
        SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"connect_timeout": 1}}

    app = create_app(Down)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error"


@pytest.mark.parametrize("role", ["admin", "secretariat", "group_lead", "viewer"])
def test_every_navigation_page_opens_for_every_role(client, login_as, make, role):
    group = make.group("AG Verkehr und Mobilität")
    org = make.organisation("Stadt Leipzig", postal_code="04109", city="Leipzig")
    person = make.contact("Müller", organisation=org)
    make.membership(org, group)
    make.seat(person, group, organisation=org)
    make.meeting(group, "Frühjahrssitzung")
    login_as(role, groups=[group] if role == "group_lead" else None)
    for path in NAV + [f"/organisations/{org.id}", f"/contacts/{person.id}", f"/groups/{group.id}"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'lang="de"' in response.get_data(as_text=True)
    admin_link = 'href="/admin/users/"' in client.get("/").get_data(as_text=True)
    assert admin_link is (role == "admin")


def test_dashboard_counts_groups_by_kind_and_members_by_state(client, login_as, make):
    ag = make.group("AG Eins")
    make.group("PG Eins", kind="project_group")
    make.group(
        "PG Alt", kind="project_group", founded_on=date(2010, 1, 1), dissolved_on=date(2015, 1, 1)
    )
    for name, state in [
        ("Stadt Halle (Saale)", "ST"),
        ("Stadt Jena", "TH"),
        ("Stadt Leipzig", "SN"),
        ("Stadt Chemnitz", "SN"),
    ]:
        make.membership(make.organisation(name, state=state), ag)
    make.organisation("Ohne Gremium", state="BY")
    login_as("viewer")
    html = client.get("/").get_data(as_text=True)
    import re

    def figure(label):
        match = re.search(r'<div class="stat">(\d+)</div><a href="[^"]*">' + label, html)
        return int(match.group(1))

    assert figure("Arbeitsgruppen") == 1
    assert figure("Projektgruppen") == 1  # the dissolved one is not counted
    assert re.search(r"Sachsen</a></td><td class=\"text-end\">2<", html)
    assert re.search(r"Thüringen</a></td><td class=\"text-end\">1<", html)
    assert "Bayern" not in html  # not a member of any group


def test_german_error_pages(client, login_as):
    login_as("viewer")
    response = client.get("/organisations/999999")
    assert response.status_code == 404
    assert "Nicht gefunden" in response.get_data(as_text=True)
    response = client.get("/admin/users/")
    assert response.status_code == 403
    assert "Keine Berechtigung" in response.get_data(as_text=True)


def test_language_switch_to_english_and_back(client, login_as, make):
    login_as("viewer")
    response = client.get("/language/en", headers={"Referer": "http://localhost/groups/"})
    assert response.status_code == 302
    html = client.get("/groups/").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Committees" in html or "Groups" in html
    client.get("/language/de")
    assert "Gremien" in client.get("/groups/").get_data(as_text=True)


def test_dates_are_german(client, login_as, make):
    group = make.group("AG Datum", founded_on=date(2016, 6, 1))
    login_as("viewer")
    assert "01.06.2016" in client.get(f"/groups/{group.id}").get_data(as_text=True)


def test_group_page_shows_composition_as_of_a_date(client, login_as, make, db):
    group = make.group("PG Elektromobilität", kind="project_group")
    org = make.organisation("Stadt Zwickau")
    old = make.contact("Altmann", organisation=org)
    new = make.contact("Neumann", organisation=org)
    make.seat(old, group, organisation=org, starts_on=date(2020, 1, 1), ends_on=date(2025, 5, 31))
    make.seat(new, group, organisation=org, starts_on=date(2025, 6, 1))
    make.membership(org, group, starts_on=date(2020, 1, 1), ends_on=date(2024, 12, 31))
    login_as("viewer")
    before = client.get(f"/groups/{group.id}?on=2024-06-01").get_data(as_text=True)
    after = client.get(f"/groups/{group.id}?on=2025-07-01").get_data(as_text=True)
    assert "Altmann" in before and "Neumann" not in before and "Stadt Zwickau" in before
    assert "Neumann" in after and "Altmann" not in after
    assert "Keine Mitglieder an diesem Tag" in after


def test_list_pages_paginate_and_search_forgive_umlauts(client, login_as, make, db):
    from crm.models import Organisation

    db.session.add_all(
        [Organisation(name=f"Gemeinde {i:03d}", kind="city", state="TH") for i in range(60)]
    )
    db.session.add(Organisation(name="Stadt Weißenfels", kind="city", state="ST"))
    db.session.commit()
    login_as("viewer")
    page1 = client.get("/organisations/?per_page=25").get_data(as_text=True)
    assert "1–25 von 61" in page1
    page3 = client.get("/organisations/?per_page=25&page=3").get_data(as_text=True)
    assert "51–61 von 61" in page3
    found = client.get("/organisations/?q=weissenfels").get_data(as_text=True)
    assert "Stadt Weißenfels" in found and "Gemeinde 001" not in found
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 61
