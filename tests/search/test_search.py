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


def test_search_forgives_typos_after_exact_matches(client, login_as, make):
    """ "Meisner" finds Meißner and "Schmitt" finds Schmidt, listed after the exact hits."""
    meissner = make.contact("Meißner", first_name="Anna")
    schmidt = make.contact("Schmidt", first_name="Petra")
    schmitt = make.contact("Schmitt", first_name="Ulrich")
    make.contact("Zander", first_name="Kim")
    login_as("viewer")
    html = client.get("/contacts/", query_string={"q": "Meisner"}).get_data(as_text=True)
    assert f'/contacts/{meissner.id}"' in html and "Zander" not in html
    html = client.get("/contacts/", query_string={"q": "Schmitt"}).get_data(as_text=True)
    exact, by_sound = html.index(f'/contacts/{schmitt.id}"'), html.index(f'/contacts/{schmidt.id}"')
    assert exact < by_sound  # Schmitt (exact) sorts after Schmidt by name, yet comes first
    html = client.get("/contacts/", query_string={"q": "petra schmitt"}).get_data(as_text=True)
    assert f'/contacts/{schmidt.id}"' in html and f'/contacts/{schmitt.id}"' not in html
    html = client.get("/search", query_string={"q": "meisner"}).get_data(as_text=True)
    assert "Anna Meißner" in html


def test_organisation_search_finds_names_that_sound_alike(client, login_as, make):
    make.organisation("Stadtwerke Meißen", kind="public_company")
    login_as("viewer")
    html = client.get("/organisations/", query_string={"q": "meisen"}).get_data(as_text=True)
    assert "Stadtwerke Meißen" in html


def test_organisation_search_reads_its_index_and_follows_renames(
    client, login_as, make, db, count_queries
):
    """On SQLite organisations are found through their FTS5 tables (kept by triggers on
    ``organisations``), not by reading every row's ``search_text``; a rename is found at once."""
    org = make.organisation("Stadtwerke Großenhain", kind="public_company")
    make.organisation("Landratsamt Zwickau", kind="district")
    login_as("viewer")

    def found(q: str) -> bool:
        html = client.get("/search", query_string={"q": q}).get_data(as_text=True)
        return f'/organisations/{org.id}"' in html

    with count_queries() as queries:
        assert found("grossenhain") and found("grosenhain") and not found("zwickau")
    org.name = "Stadtwerke Riesa"
    db.session.commit()
    assert found("riesa") and not found("grossenhain")
    if db.engine.dialect.name == "sqlite":
        searching = [s for s, _ in queries if "FROM organisations" in s and "LIMIT" in s]
        assert searching and all("FROM organisations_text" in s for s in searching)
        assert not [s for s in searching if "organisations_found" in s]


def test_search_follows_renames_and_bulk_imports(client, login_as, make, db, runner, tmp_path):
    """The search index (FTS5 tables kept by triggers on SQLite, the trigram indexes on
    PostgreSQL) follows every write: a rename, and people an import inserts as rows."""
    person = make.contact("Meißner", first_name="Anna")
    login_as("viewer")

    def found(q: str) -> bool:
        html = client.get("/contacts/", query_string={"q": q}).get_data(as_text=True)
        return f'/contacts/{person.id}"' in html

    assert found("meisner") and found("anna meissner")
    person.last_name = "Wagenknecht"
    db.session.commit()
    assert found("wagenknecht") and not found("meissner") and not found("meisner")
    source = tmp_path / "k.csv"
    source.write_text("Vorname;Nachname;Telefon\nJörg;Quastenberg;0341 998877\n", encoding="utf-8")
    assert runner.invoke(args=["import", "contacts", str(source)]).exit_code == 0
    for q in ("quastenberg", "jorg quastenberg", "0341 998877", "998877"):
        html = client.get("/contacts/", query_string={"q": q}).get_data(as_text=True)
        assert "Quastenberg" in html, q


def test_two_words_match_by_text_or_sound_each(client, login_as, make, db, count_queries):
    """Every word must match, by text or by sound; on SQLite only the longest word is looked
    up in the index and the others are tested on its rows (not a set per word)."""
    joerg = make.contact("Bergmann", first_name="Jörg")
    make.contact("Bergmann", first_name="Anna")
    make.contact("Lindhoff", first_name="Jörg")
    by_sound = make.contact("Berkmann", first_name="Jörk")  # both words only by sound
    shortmail = make.contact("Bergmann", first_name="Kim", email="jo@example.org")
    login_as("viewer")
    with count_queries() as queries:
        html = client.get("/contacts/", query_string={"q": "jorg bergmann"}).get_data(as_text=True)
    assert f'/contacts/{joerg.id}"' in html and f'/contacts/{by_sound.id}"' in html
    assert "Lindhoff" not in html and "Anna" not in html
    assert html.index(f'/contacts/{joerg.id}"') < html.index(f'/contacts/{by_sound.id}"')
    # a short word ("jo", no trigram) and a phone-like part still narrow the longest word's rows
    html = client.get("/contacts/", query_string={"q": "bergmann jo@"}).get_data(as_text=True)
    assert f'/contacts/{shortmail.id}"' in html and f'/contacts/{joerg.id}"' not in html
    if db.engine.dialect.name == "sqlite":
        found = [s for s, _ in queries if "contacts_text" in s and "LIMIT" in s]
        assert found and all(s.count("FROM contacts_text") == 1 for s in found)
        assert all("LIKE" not in s.split("FROM contacts_text")[1][:80] for s in found)


def test_a_search_reads_its_matches_once_and_pages_through_them(
    client, login_as, make, db, count_queries
):
    """The ids of every match are read once, in rank order (the total and the page come
    from them); then only the page's people are loaded."""
    import re

    exact = [make.contact("Müller", first_name=f"Kim{i:02d}") for i in range(27)]
    by_sound = make.contact("Möller", first_name="Ada")  # same sound code: listed last
    archived = make.contact("Müller", first_name="Alt")
    archived.archived_at = archived.created_at
    db.session.commit()
    login_as("viewer")
    with count_queries() as queries:
        first = client.get("/contacts/?q=mueller").get_data(as_text=True)
    assert "1–25 von 28" in first
    ids = [int(i) for i in re.findall(r'href="/contacts/(\d+)"', first)]
    assert ids[:25] == [c.id for c in exact[:25]]
    second = client.get("/contacts/?q=mueller&page=2").get_data(as_text=True)
    assert "26–28 von 28" in second
    rest = [int(i) for i in re.findall(r'href="/contacts/(\d+)"', second)]
    assert rest[:3] == [exact[25].id, exact[26].id, by_sound.id]
    assert archived.id not in ids + rest
    searching = [s for s, _ in queries if "contacts_text" in s or "contacts_found" in s]
    assert len(searching) == 1  # not once to count and once more for the page
