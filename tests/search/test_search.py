"""Searching through the app: lists and /search forgive case, umlauts, ß; e-mail and phone parts."""

import pytest


@pytest.fixture
def people(make):
    leipzig = make.organisation(
        "Stadt Leipzig", street="Martin-Luther-Ring 4", postal_code="04109", city="Leipzig"
    )
    halle = make.organisation(
        "Hallesche Verkehrs-AG",
        kind="public_company",
        state="ST",
        street="Freiimfelder Straße 74",
        city="Halle (Saale)",
        phone="+49 345 581-0",
    )
    mueller = make.contact(
        "Müller", first_name="Jörg", organisation=leipzig, email="j.mueller@leipzig.de"
    )
    make.contact("Schulze", first_name="Anna", organisation=halle, phone="0345 987654")
    group = make.group("AG Verkehr und Mobilität", short_name="AG VM")
    make.meeting(group, "Frühjahrssitzung Größere Räume")
    return {"leipzig": leipzig, "halle": halle, "mueller": mueller}


@pytest.mark.parametrize(
    "q", ["muller", "mueller", "Müller", "MÜLLER", "jorg", "joerg", "Jörg Müller"]
)
def test_people_list_finds_mueller_in_every_spelling(client, login_as, people, q):
    login_as("viewer")
    html = client.get("/contacts/", query_string={"q": q}).get_data(as_text=True)
    assert f'/contacts/{people["mueller"].id}"' in html
    assert "Schulze" not in html


@pytest.mark.parametrize(
    ("q", "expected", "absent"),
    [
        ("strasse", "Hallesche Verkehrs-AG", "Stadt Leipzig"),
        ("04109", "Stadt Leipzig", "Hallesche"),
        ("0345 5810", "Hallesche Verkehrs-AG", "Stadt Leipzig"),
        ("leipzig", "Stadt Leipzig", "Hallesche"),
    ],
)
def test_organisation_list_search(client, login_as, people, q, expected, absent):
    login_as("viewer")
    html = client.get("/organisations/", query_string={"q": q}).get_data(as_text=True)
    assert expected in html and absent not in html


@pytest.mark.parametrize("q", ["mueller@leipzig", "leipzig.de", "987654", "0345/987654"])
def test_email_and_phone_parts_find_people(client, login_as, people, q):
    login_as("viewer")
    html = client.get("/contacts/", query_string={"q": q}).get_data(as_text=True)
    assert "Müller" in html or "Schulze" in html
    assert not ("Müller" in html and "Schulze" in html)


def test_global_search_groups_results_by_kind(client, login_as, people):
    login_as("group_lead", groups=[])
    html = client.get("/search", query_string={"q": "verkehr"}).get_data(as_text=True)
    assert "Hallesche Verkehrs-AG" in html
    assert "AG Verkehr und Mobilität" in html
    assert "Organisationen (1)" in html and "Gremien (1)" in html and "Personen (0)" in html
    html = client.get("/search", query_string={"q": "groesser"}).get_data(as_text=True)
    assert "Frühjahrssitzung Größere Räume" in html and "Sitzungen (1)" in html
    html = client.get("/search", query_string={"q": "joerg mueller"}).get_data(as_text=True)
    assert "Jörg Müller" in html and "Personen (1)" in html


def test_archived_people_are_not_found_unless_asked_for(client, login_as, people, db):
    from crm.contacts import operations as services

    services.archive_contact(people["mueller"])
    db.session.commit()
    login_as("viewer")
    assert "Müller" not in client.get("/contacts/?q=muller").get_data(as_text=True)
    assert "Müller" not in client.get("/search?q=muller").get_data(as_text=True)
    assert "Müller" in client.get("/contacts/?q=muller&archived=1").get_data(as_text=True)


def test_reindex_command_rebuilds_search_texts(runner, people, db):
    from crm.models import Contact

    db.session.execute(Contact.__table__.update().values(search_text=""))
    db.session.commit()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Contact, people["mueller"].id).search_text.startswith("muller jorg")
