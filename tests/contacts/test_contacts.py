"""People: create with an affiliation, validation, edit, affiliations, archive, history, lists."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from crm.models import Affiliation, AuditEvent, Contact

PERSON = {
    "salutation": "Herr",
    "title": "Dr.",
    "first_name": "Jürgen",
    "last_name": "Weiß-Größer",
    "email": "",
    "legal_basis": "legitimate_interest",
    "tags": "Presse",
}


def version_of(html: str) -> tuple[str, str]:
    return (
        re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1),
        re.search(r'name="seen_event" type="hidden" value="(\d*)"', html).group(1),
    )


def person_named(db, last_name: str) -> Contact:
    db.session.expire_all()
    return db.session.scalar(sa.select(Contact).where(Contact.last_name == last_name))


def test_create_a_person_with_a_first_affiliation(client, login_as, make, db):
    org = make.organisation("Stadt Leipzig")
    login_as("secretariat")
    response = client.post_form(
        "/contacts/new",
        {
            **PERSON,
            "organisation": "stadt leipzig",
            "job_title": "Amtsleiter",
            "business_email": "J.Weiss@Leipzig.de",
            "business_phone": "+49 341 123-4567",
            "starts_on": "2024-03-01",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    person = person_named(db, "Weiß-Größer")
    [aff] = person.affiliations
    assert aff.organisation_id == org.id and aff.is_primary and aff.email == "j.weiss@leipzig.de"
    assert aff.starts_on == date(2024, 3, 1)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sehr geehrter Herr Dr. Weiß-Größer," in html  # derived letter salutation
    assert "Amtsleiter" in html and "Presse" in html
    # found by the business phone number and e-mail
    assert "Weiß-Größer" in client.get("/contacts/?q=0341 1234567").get_data(as_text=True)
    assert "Weiß-Größer" in client.get("/contacts/?q=weiss@leipzig").get_data(as_text=True)
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.entity_type == "contacts", AuditEvent.entity_id == person.id
        )
    ).all()
    assert sorted(actions) == ["create", "update"]  # the person, then the affiliation


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("last_name", "", "Bitte einen Nachnamen angeben."),
        ("first_name", "x" * 101, "Höchstens 100 Zeichen."),
        ("email", "kein-at.de", "gültige E-Mail-Adresse"),
        ("business_email", "a@b", "gültige E-Mail-Adresse"),
        ("phone", "0341 abc", "Telefonnummer"),
        ("salutation", "Dr", "Keine gültige Auswahl"),
        ("legal_basis", "consent", "Datum der Einwilligung"),
        ("organisation", "Gibt es nicht", "Keine Organisation"),
        ("starts_on", "31.02.2024", "Not a valid date value."),
    ],
)
def test_invalid_people_are_refused_and_nothing_is_written(
    client, login_as, db, field, value, message
):
    login_as("secretariat")
    response = client.post_form("/contacts/new", {**PERSON, field: value})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'class="invalid-feedback d-block"' in html
    if "valid date" not in message:
        assert message in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0


def test_consent_withdrawn_before_given_is_refused(client, login_as, db):
    login_as("secretariat")
    data = {
        **PERSON,
        "legal_basis": "consent",
        "consent_given_at": "2026-03-01",
        "consent_withdrawn_at": "2026-02-01",
    }
    response = client.post_form("/contacts/new", data)
    assert response.status_code == 400 and "vor dem Beginn" in response.get_data(as_text=True)


def test_edit_writes_each_changed_field_to_the_history(client, login_as, make, db):
    person = make.contact("Schulze", first_name="Kim", salutation="")
    user = login_as("secretariat")
    version, seen = version_of(client.get(f"/contacts/{person.id}/edit").get_data(as_text=True))
    response = client.post_form(
        f"/contacts/{person.id}/edit",
        {
            "salutation": "Frau",
            "title": "Prof. Dr.",
            "first_name": "Kim",
            "last_name": "Schulze",
            "legal_basis": "consent",
            "consent_given_at": "2026-01-15",
            "consent_source": "Anmeldung AG-Sitzung",
            "is_no_contact": "y",
            "tags": "Newsletter",
            "version": version,
            "seen_event": seen,
        },
    )
    assert response.status_code == 302
    person = person_named(db, "Schulze")
    assert person.letter_salutation == "Sehr geehrte Frau Prof. Dr. Schulze,"
    assert person.consent_given_at.date() == date(2026, 1, 15) and person.is_no_contact
    event = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "contacts", AuditEvent.action == "update"
        )
    )
    assert event.user_id == user.id
    assert event.changes["salutation"] == ["", "Frau"]
    assert event.changes["title"] == [None, "Prof. Dr."]
    assert event.changes["tags"] == [None, "Newsletter"]
    html = client.get(f"/contacts/{person.id}").get_data(as_text=True)
    assert "Einwilligung am 15.01.2026" in html and "Keine Kontaktaufnahme" in html


def test_affiliations_are_added_ended_and_marked_primary(client, login_as, make, db):
    leipzig = make.organisation("Stadt Leipzig")
    halle = make.organisation("Stadt Halle (Saale)", state="ST")
    person = make.contact("Wechsler", organisation=leipzig)
    login_as("secretariat")
    response = client.post_form(
        f"/contacts/{person.id}/affiliations",
        {
            "aff-organisation": f"Stadt Halle (Saale) (#{halle.id})",
            "aff-job_title": "Dezernent",
            "aff-starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 302
    person = person_named(db, "Wechsler")
    old, new = sorted(person.affiliations, key=lambda a: a.organisation_id)
    assert old.is_primary and not new.is_primary
    assert (
        client.post_form(f"/contacts/{person.id}/affiliations/{new.id}/primary").status_code == 302
    )
    response = client.post_form(
        f"/contacts/{person.id}/affiliations/{old.id}/end", {"end-ends_on": "2025-12-31"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    old, new = db.session.get(Affiliation, old.id), db.session.get(Affiliation, new.id)
    assert new.is_primary and not old.is_primary and old.ends_on == date(2025, 12, 31)
    # an end before the start is refused, nothing changes
    response = client.post_form(
        f"/contacts/{person.id}/affiliations/{new.id}/end", {"end-ends_on": "2020-01-01"}
    )
    assert response.status_code == 400  # shown beside the date field
    db.session.expire_all()
    assert db.session.get(Affiliation, new.id).ends_on is None
    # missing organisation: 400 beside the field
    response = client.post_form(f"/contacts/{person.id}/affiliations", {"aff-organisation": ""})
    assert response.status_code == 400
    assert "Bitte eine Organisation angeben." in response.get_data(as_text=True)
    # the list shows the new primary organisation; the Leipzig filter no longer finds him
    assert "Stadt Halle (Saale)" in client.get("/contacts/").get_data(as_text=True)
    assert "Wechsler" not in client.get(f"/contacts/?organisation={leipzig.id}").get_data(
        as_text=True
    )
    history = client.get(f"/contacts/{person.id}").get_data(as_text=True)
    assert "affiliation_ends_on" in history and "primary_affiliation" in history


def test_archive_hides_from_lists_and_pickers_and_restore_brings_back(client, login_as, make, db):
    person = make.contact("Archiv")
    login_as("admin")
    assert client.post_form(f"/contacts/{person.id}/archive").status_code == 302
    assert f'href="/contacts/{person.id}"' not in client.get("/contacts/").get_data(as_text=True)
    detail = client.get(f"/contacts/{person.id}").get_data(as_text=True)
    assert "archiviert" in detail and "Wiederherstellen" in detail
    assert client.post_form(f"/contacts/{person.id}/restore").status_code == 302
    assert f'href="/contacts/{person.id}"' in client.get("/contacts/").get_data(as_text=True)
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.entity_type == "contacts")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["archive", "restore"]


def test_archived_organisations_are_not_offered_for_affiliations(client, login_as, make, db):
    from crm.organisations import operations as services

    org = make.organisation("Aufgelöster Zweckverband", kind="planning")
    services.archive_organisation(org)
    db.session.commit()
    person = make.contact("Picker")
    login_as("secretariat")
    response = client.post_form(
        f"/contacts/{person.id}/affiliations", {"aff-organisation": "Aufgelöster Zweckverband"}
    )
    assert response.status_code == 400 and "Keine Organisation" in response.get_data(as_text=True)


def test_people_list_filters(client, login_as, make, db):
    group = make.group("AG Verkehr")
    city = make.organisation("Stadt Jena", state="TH")
    chamber = make.organisation("IHK Halle-Dessau", kind="chamber", state="ST")
    lead = make.contact("Leiter", organisation=city)
    delegate = make.contact("Delegierte", organisation=chamber)
    make.contact("Ohne")
    make.seat(lead, group, role="lead")
    make.seat(delegate, group, role="delegate")
    make.seat(make.contact("Frueher"), group, starts_on=date(2010, 1, 1), ends_on=date(2012, 1, 1))
    login_as("viewer")

    def names(query: str) -> list[str]:
        html = client.get(f"/contacts/?{query}").get_data(as_text=True)
        return re.findall(r'href="/contacts/\d+">([^<]+)</a>', html)

    assert names("") == ["Delegierte", "Frueher", "Leiter", "Ohne"]
    assert names("kind=chamber") == ["Delegierte"]
    assert names("state=TH") == ["Leiter"]
    assert names(f"group={group.id}") == ["Delegierte", "Leiter"]
    assert names(f"group={group.id}&role=lead") == ["Leiter"]
    assert names(f"organisation={chamber.id}") == ["Delegierte"]
    assert names("sort=-name") == ["Ohne", "Leiter", "Frueher", "Delegierte"]
    assert names("sort=organisation")[-2:] == ["Delegierte", "Leiter"]  # empty first, IHK < Stadt
    for key in ("first_name", "job_title", "-email"):
        assert client.get(f"/contacts/?sort={key}").status_code == 200


def test_people_and_organisations_sort_in_german_order(client, login_as, make):
    for name in ("Busch", "Böhme", "Bach", "Özdemir", "Ohm"):
        make.contact(name, first_name="Kim")
    for name in ("Stadt Zwickau", "Stadt Ölsnitz", "Stadt Oschatz"):
        make.organisation(name)
    login_as("viewer")
    html = client.get("/contacts/?sort=name").get_data(as_text=True)
    positions = [html.index(f">{n}</a>") for n in ("Bach", "Böhme", "Busch", "Ohm", "Özdemir")]
    assert positions == sorted(positions)
    html = client.get("/organisations/?sort=-name").get_data(as_text=True)
    positions = [html.index(n) for n in ("Stadt Zwickau", "Stadt Oschatz", "Stadt Ölsnitz")]
    assert positions == sorted(positions)


def test_ending_an_affiliation_before_it_began_is_refused_beside_the_field(
    client, login_as, make, db
):
    org = make.organisation("Stadt Gera", state="TH")
    person = make.contact("Ende", organisation=org)  # the affiliation starts 2020-01-01
    aff = person.affiliations[0]
    login_as("secretariat")
    response = client.post_form(
        f"/contacts/{person.id}/affiliations/{aff.id}/end", {"end-ends_on": "2000-01-01"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="end-{aff.id}-error"' in html
    db.session.expire_all()
    assert db.session.get(type(aff), aff.id).ends_on is None
